//! The Rust test suite: calls the library functions inside one embedded Python.
//!
//! Change the Rust code in `src/` to make the tests below pass.
//! Do not change the tests: they grade your solution and the reference one alike.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use text_stats::{StatsError, Summary, import_textstats, python_folder, summarize, word_counts};

const TEXT: &str = "The cat sat.\nThe cat ran away from the dog.\n";

#[test]
fn imports_the_shipped_module() {
    Python::attach(|py| {
        let module = import_textstats(py, &python_folder()).expect("import textstats");
        assert_eq!(module.name().unwrap().to_string(), "textstats");
        // Importing twice puts the folder on sys.path only once.
        import_textstats(py, &python_folder()).expect("import textstats again");
        let path: Vec<String> = py
            .import("sys")
            .unwrap()
            .getattr("path")
            .unwrap()
            .extract()
            .unwrap();
        let folder = python_folder().to_string_lossy().into_owned();
        assert_eq!(
            path.iter().filter(|entry| **entry == folder).count(),
            1,
            "{path:?}"
        );
    });
}

#[test]
fn word_counts_become_a_hash_map() {
    Python::attach(|py| {
        let module = import_textstats(py, &python_folder()).unwrap();
        let counts = word_counts(&module, TEXT, 1).expect("word counts");
        assert_eq!(counts.len(), 7, "{counts:?}");
        assert_eq!(counts["the"], 3);
        assert_eq!(counts["cat"], 2);
        assert_eq!(counts["away"], 1);
    });
}

#[test]
fn min_length_is_passed_as_a_keyword() {
    Python::attach(|py| {
        let module = import_textstats(py, &python_folder()).unwrap();
        let counts = word_counts(&module, TEXT, 4).expect("word counts");
        let mut words: Vec<&str> = counts.keys().map(String::as_str).collect();
        words.sort_unstable();
        assert_eq!(words, ["away", "from"]);
    });
}

#[test]
fn the_summary_becomes_a_struct() {
    Python::attach(|py| {
        let module = import_textstats(py, &python_folder()).unwrap();
        let summary = summarize(&module, TEXT).expect("summary");
        let expected = Summary {
            lines: 2,
            words: 10,
            longest: "away".into(),
        };
        assert_eq!(summary, expected);
    });
}

#[test]
fn a_value_error_is_bad_input() {
    Python::attach(|py| {
        let module = import_textstats(py, &python_folder()).unwrap();
        let err = summarize(&module, "  42 ... ").unwrap_err();
        assert_eq!(err, StatsError::BadInput("the text has no words".into()));
        assert_eq!(err.to_string(), "bad input: the text has no words");
        let err = word_counts(&module, TEXT, 0).unwrap_err();
        assert!(
            matches!(&err, StatsError::BadInput(m) if m.contains("min_length")),
            "{err:?}"
        );
    });
}

#[test]
fn other_exceptions_are_python_errors() {
    Python::attach(|py| {
        let err = StatsError::from_python(py, &PyTypeError::new_err("expected str"));
        assert_eq!(err, StatsError::Python("TypeError: expected str".into()));
        // A subclass of ValueError is still bad input.
        let unicode = py
            .import("builtins")
            .unwrap()
            .getattr("UnicodeError")
            .unwrap();
        let err = StatsError::from_python(
            py,
            &PyErr::from_value(unicode.call1(("bad bytes",)).unwrap()),
        );
        assert_eq!(err, StatsError::BadInput("bad bytes".into()));
        let err = StatsError::from_python(py, &PyValueError::new_err("no"));
        assert_eq!(err.to_string(), "bad input: no");
    });
}
