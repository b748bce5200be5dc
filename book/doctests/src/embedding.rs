//! Embedding Python in Rust: the chapter's own examples, each run by the tests below
//! in an interpreter this crate starts.

use std::collections::HashMap;
use std::fmt;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

// ANCHOR: attach
/// `Python::attach` runs the closure with the interpreter attached to this thread;
/// `py` is the proof, and every call into Python needs it.
pub fn python_version() -> PyResult<String> {
    Python::attach(|py| {
        let sys = py.import("sys")?;
        sys.getattr("version")?.extract()
    })
}
// ANCHOR_END: attach

// ANCHOR: lifetimes
/// The module lives as long as the token it was imported with: both carry `'py`.
pub fn import_json<'py>(py: Python<'py>) -> PyResult<Bound<'py, PyModule>> {
    py.import("json")
}

/// Given a `Bound`, the token comes back with `.py()`.
pub fn attribute_names<'py>(object: &Bound<'py, PyAny>) -> PyResult<Vec<String>> {
    let builtins = object.py().import("builtins")?;
    builtins.getattr("dir")?.call1((object,))?.extract()
}
// ANCHOR_END: lifetimes

// ANCHOR: kwargs
/// `json.dumps(value, indent=2, sort_keys=True)`: the positional arguments are a
/// tuple, the keyword arguments a dict.
pub fn pretty_json(json: &Bound<'_, PyModule>, value: &Bound<'_, PyAny>) -> PyResult<String> {
    let kwargs = PyDict::new(json.py());
    kwargs.set_item("indent", 2)?;
    kwargs.set_item("sort_keys", true)?;
    json.getattr("dumps")?
        .call((value,), Some(&kwargs))?
        .extract()
}
// ANCHOR_END: kwargs

// ANCHOR: extract
/// `collections.Counter(text)`, copied into a Rust map: a dict of str to int.
pub fn letter_counts(py: Python<'_>, text: &str) -> PyResult<HashMap<char, usize>> {
    let counter = py.import("collections")?.getattr("Counter")?;
    counter.call1((text,))?.extract()
}
// ANCHOR_END: extract

// ANCHOR: errors
/// What can go wrong parsing a number with Python's `int`.
#[derive(Debug, PartialEq, Eq)]
pub enum ParseError {
    /// `int` raised `ValueError`: the text is not a number.
    NotANumber(String),
    /// Anything else: not the user's fault.
    Python(String),
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::NotANumber(message) => write!(f, "not a number: {message}"),
            ParseError::Python(message) => write!(f, "Python failed: {message}"),
        }
    }
}

pub fn parse_int(py: Python<'_>, text: &str) -> Result<i64, ParseError> {
    let parse = || {
        py.import("builtins")?
            .getattr("int")?
            .call1((text,))?
            .extract()
    };
    parse().map_err(|err: PyErr| {
        // `str(exception)`: Python's one-line message, without the traceback.
        let message = err.value(py).to_string();
        if err.is_instance_of::<PyValueError>(py) {
            ParseError::NotANumber(message)
        } else {
            ParseError::Python(message)
        }
    })
}
// ANCHOR_END: errors

#[cfg(test)]
mod tests {
    use super::*;
    use pyo3::types::PyList;

    #[test]
    fn attach_reads_the_version() {
        Python::initialize();
        assert!(python_version().unwrap().starts_with("3."));
    }

    #[test]
    fn bound_values_carry_the_token() {
        Python::initialize();
        Python::attach(|py| {
            let json = import_json(py).unwrap();
            assert!(
                attribute_names(json.as_any())
                    .unwrap()
                    .contains(&"dumps".to_string())
            );
            let value = PyList::new(py, [3, 1]).unwrap();
            assert_eq!(
                pretty_json(&json, value.as_any()).unwrap(),
                "[\n  3,\n  1\n]"
            );
        });
    }

    #[test]
    fn counts_and_errors_cross_into_rust() {
        Python::initialize();
        Python::attach(|py| {
            let counts = letter_counts(py, "banana").unwrap();
            assert_eq!(counts, HashMap::from([('b', 1), ('a', 3), ('n', 2)]));
            assert_eq!(parse_int(py, " 42 "), Ok(42));
            let err = parse_int(py, "forty-two").unwrap_err();
            assert!(
                matches!(&err, ParseError::NotANumber(m) if m.contains("forty-two")),
                "{err}"
            );
            let err = parse_int(py, "99999999999999999999999").unwrap_err();
            assert!(matches!(err, ParseError::Python(_)), "{err}");
        });
    }
}
