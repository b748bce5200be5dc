//! Word statistics from a Python module, called from Rust.
//!
//! The Python side is `python/textstats.py`, shipped with the program. Everything
//! it returns is copied into Rust types here, and every Python exception becomes a
//! `StatsError`, so no Python object and no `PyErr` leaks into the rest of the program.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// What `textstats.summary` found, as plain Rust data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub lines: u64,
    pub words: u64,
    pub longest: String,
}

/// Everything that can go wrong when the program asks Python.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum StatsError {
    /// The module rejected the input (it raised `ValueError`): the user's mistake.
    #[error("bad input: {0}")]
    BadInput(String),
    /// Any other exception: a bug, or a broken installation.
    #[error("Python failed: {0}")]
    Python(String),
}

// ANCHOR: python_folder
/// The folder that holds `textstats.py`: `python/` next to this crate's `Cargo.toml`.
pub fn python_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("python")
}
// ANCHOR_END: python_folder

// ANCHOR: from_python
// The line below silences "unused variable" until you use them: delete it then.
#[allow(unused_variables)]
impl StatsError {
    /// Sort a Python exception into a variant, keeping its one-line message
    /// (`str(exception)`).
    pub fn from_python(py: Python<'_>, err: &PyErr) -> Self {
        // TODO 4: sort the exception into a variant. A `ValueError` (or a subclass of
        // it) is `BadInput` with the exception's message, `str(exception)`; any other
        // exception is `Python` with "TypeError: message" (`type_name` below gives
        // the class name). Read: "Embedding Python in Rust", "When Python raises".
        todo!("sort the exception")
    }
}
// ANCHOR_END: from_python

#[allow(dead_code)] // until `from_python` uses it
/// The exception's class name, such as `TypeError`.
fn type_name(py: Python<'_>, err: &PyErr) -> String {
    err.get_type(py)
        .name()
        .map(|name| name.to_string())
        .unwrap_or_else(|_| "exception".into())
}

// ANCHOR: import
/// Put `folder` first on `sys.path`, then import `textstats` from it.
#[allow(unused_variables)]
pub fn import_textstats<'py>(py: Python<'py>, folder: &Path) -> PyResult<Bound<'py, PyModule>> {
    // TODO 1: put `folder`, as a `str`, first on Python's `sys.path` (only if not there
    // yet: this runs once per test), then import the module `textstats`.
    // Read: "Embedding Python in Rust", "Importing your own module".
    todo!("import textstats")
}
// ANCHOR_END: import

// ANCHOR: word_counts
/// `textstats.word_counts(text, min_length=min_length)`, as a `HashMap`.
#[allow(unused_variables)]
pub fn word_counts(
    module: &Bound<'_, PyModule>,
    text: &str,
    min_length: i64,
) -> Result<HashMap<String, u64>, StatsError> {
    // TODO 2: call `module.word_counts(text, min_length=min_length)` and extract
    // the dict it returns; turn any `PyErr` into a `StatsError::from_python`.
    // Read: "Embedding Python in Rust", "Calling with arguments".
    todo!("count the words")
}
// ANCHOR_END: word_counts

// ANCHOR: summarize
/// `textstats.summary(text)`, field by field into a `Summary`.
#[allow(unused_variables)]
pub fn summarize(module: &Bound<'_, PyModule>, text: &str) -> Result<Summary, StatsError> {
    // TODO 3: call `module.summary(text)` and copy the dict's "lines", "words" and
    // "longest" into a `Summary` (`field` below does one key); any `PyErr` becomes
    // a `StatsError::from_python`. Read: "Embedding Python in Rust", "Extracting".
    todo!("summarize the text")
}

#[allow(dead_code)] // until `summarize` uses it
/// `dict[key]`: `get_item` says `None` for a missing key, which Python would
/// have raised as a `KeyError`. The value borrows the GIL token for as long as the
/// dict does: both are `Bound<'py, …>`.
fn field<'py>(dict: &Bound<'py, PyDict>, key: &str) -> PyResult<Bound<'py, PyAny>> {
    dict.get_item(key)?
        .ok_or_else(|| PyKeyError::new_err(key.to_owned()))
}
// ANCHOR_END: summarize
