//! Exercise 06, the Rust test suite.
//!
//! Change the Rust code in `src/parser.rs` to make the tests below pass.
//! Do not change the tests: they grade your solution and the reference one alike.
//!
//! Each test parses with `rjson::loads` and with Python's own `json.loads`, in the same
//! embedded interpreter, and compares the two.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

/// `json.loads(text)` and `rjson.loads(text)`: both results, or both errors.
fn both<'py>(
    py: Python<'py>,
    text: &str,
) -> (PyResult<Bound<'py, PyAny>>, PyResult<Bound<'py, PyAny>>) {
    let doc = PyString::new(py, text);
    let json = py.import("json").unwrap();
    (json.call_method1("loads", (&doc,)), rjson::loads(&doc))
}

/// What a value is, to compare: its repr and, recursively, the type of every part
/// (`1`, `1.0` and `True` are equal in Python, but not the same result).
const SHAPE: &std::ffi::CStr = c"
def shape(value):
    if type(value) is list:
        return [shape(item) for item in value]
    if type(value) is dict:
        return [(key, shape(item)) for key, item in value.items()]
    return (type(value).__name__, repr(value))
";

fn shape(value: &Bound<'_, PyAny>) -> String {
    let module = PyModule::from_code(value.py(), SHAPE, c"shape.py", c"shape").unwrap();
    let shape = module.getattr("shape").unwrap().call1((value,)).unwrap();
    shape.repr().unwrap().to_string()
}

fn assert_same_value(text: &str) {
    Python::initialize();
    Python::attach(|py| {
        let (expected, actual) = both(py, text);
        let expected = expected.unwrap_or_else(|err| panic!("json.loads({text:?}): {err}"));
        let actual = actual.unwrap_or_else(|err| panic!("rjson.loads({text:?}) raised {err}"));
        assert_eq!(shape(&actual), shape(&expected), "rjson.loads({text:?})");
    });
}

/// Both raise `json.JSONDecodeError`, with the same pos, lineno and colno.
fn assert_same_error(text: &str) {
    Python::initialize();
    Python::attach(|py| {
        let (expected, actual) = both(py, text);
        let expected = expected.expect_err("json.loads accepts it");
        let actual = match actual {
            Ok(value) => panic!("rjson.loads({text:?}) returned {value}, expected an error"),
            Err(err) => err,
        };
        let class = py
            .import("json")
            .unwrap()
            .getattr("JSONDecodeError")
            .unwrap();
        assert!(
            actual.value(py).is_instance(&class).unwrap(),
            "rjson.loads({text:?}) raised {actual}, not json.JSONDecodeError"
        );
        let position = |err: &PyErr| -> (usize, usize, usize) {
            let value = err.value(py);
            let get = |name| value.getattr(name).unwrap().extract::<usize>().unwrap();
            (get("pos"), get("lineno"), get("colno"))
        };
        assert_eq!(
            position(&actual),
            position(&expected),
            "(pos, lineno, colno) of rjson.loads({text:?}): {actual}; json says {expected}"
        );
    });
}

#[test]
fn scalars_become_python_objects() {
    for text in [
        "null", "true", "false", "0", "-7", "3.25", "-0.0", "1e3", "\"hi\"",
    ] {
        assert_same_value(text);
    }
}

#[test]
fn arrays_and_objects_nest() {
    assert_same_value(r#"[1, [2, [3, []]], {"a": {"b": [true, null]}}, {}]"#);
    assert_same_value(" \n\t[ 1 , 2 ]\r\n ");
}

#[test]
fn objects_keep_document_order_and_the_last_duplicate() {
    assert_same_value(r#"{"z": 1, "a": 2, "m": 3}"#);
    Python::initialize();
    Python::attach(|py| {
        let doc = PyString::new(py, r#"{"a": 1, "b": 2, "a": 3}"#);
        let dict = rjson::loads(&doc).unwrap().cast_into::<PyDict>().unwrap();
        let keys: Vec<String> = dict.keys().extract().unwrap();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(
            dict.get_item("a")
                .unwrap()
                .unwrap()
                .extract::<i64>()
                .unwrap(),
            3
        );
    });
}

#[test]
fn numbers_of_every_size() {
    for text in [
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775809",
        "123456789012345678901234567890",
        "0.1",
        "2.5e-308",
        "1.7976931348623157e308",
        "1e400",
        "12.5E+2",
    ] {
        assert_same_value(text);
    }
}

#[test]
fn strings_with_every_escape() {
    assert_same_value(r#""\" \\ \/ \b \f \n \r \t""#);
    assert_same_value(r#""\u00e9\u4e2d\ud83d\ude00 and é 中 😀""#);
}

#[test]
fn errors_are_json_decode_errors_at_the_stdlib_position() {
    for text in [
        "",
        "   ",
        "[1, 2,",
        "[1 2]",
        r#"{"a" 1}"#,
        r#"{"a": 1,}"#,
        "[1,]",
        "01",
        "1.",
        "-",
        "nul",
        "\"abc",
        "\"tab\tinside\"",
        r#""\x""#,
        r#""\u12g4""#,
        "[1] x",
    ] {
        assert_same_error(text);
    }
}

#[test]
fn error_positions_count_characters_not_bytes() {
    assert_same_error("[\"é中😀\", nope]");
    assert_same_error("{\"ключ\": 1,\n \"значение\" 2}");
}
