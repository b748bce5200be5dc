//! Word statistics from a Python module, called from Rust.
//!
//! The Python side is `python/textstats.py`, shipped with the program. Everything
//! it returns is copied into Rust types here, and every Python exception becomes a
//! `StatsError`, so no Python object and no `PyErr` leaks into the rest of the program.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use pyo3::exceptions::{PyKeyError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

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
impl StatsError {
    /// Sort a Python exception into a variant, keeping its one-line message
    /// (`str(exception)`).
    pub fn from_python(py: Python<'_>, err: &PyErr) -> Self {
        let message = err.value(py).to_string();
        if err.is_instance_of::<PyValueError>(py) {
            StatsError::BadInput(message)
        } else {
            StatsError::Python(format!("{}: {message}", type_name(py, err)))
        }
    }
}
// ANCHOR_END: from_python

/// The exception's class name, such as `TypeError`.
fn type_name(py: Python<'_>, err: &PyErr) -> String {
    err.get_type(py)
        .name()
        .map(|name| name.to_string())
        .unwrap_or_else(|_| "exception".into())
}

// ANCHOR: import
/// Put `folder` first on `sys.path`, then import `textstats` from it.
pub fn import_textstats<'py>(py: Python<'py>, folder: &Path) -> PyResult<Bound<'py, PyModule>> {
    let path = py.import("sys")?.getattr("path")?.cast_into::<PyList>()?;
    // As a `str`: a `&Path` would become a `pathlib.Path`, which imports skip.
    let folder = folder.as_os_str();
    // Insert only once: every test imports the module again.
    if !path.contains(folder)? {
        path.insert(0, folder)?;
    }
    py.import("textstats")
}
// ANCHOR_END: import

// ANCHOR: word_counts
/// `textstats.word_counts(text, min_length=min_length)`, as a `HashMap`.
pub fn word_counts(
    module: &Bound<'_, PyModule>,
    text: &str,
    min_length: i64,
) -> Result<HashMap<String, u64>, StatsError> {
    let py = module.py();
    let call = || -> PyResult<HashMap<String, u64>> {
        let kwargs = PyDict::new(py);
        kwargs.set_item("min_length", min_length)?;
        module
            .getattr("word_counts")?
            .call((text,), Some(&kwargs))?
            .extract()
    };
    call().map_err(|err| StatsError::from_python(py, &err))
}
// ANCHOR_END: word_counts

// ANCHOR: summarize
/// `textstats.summary(text)`, field by field into a `Summary`.
pub fn summarize(module: &Bound<'_, PyModule>, text: &str) -> Result<Summary, StatsError> {
    let py = module.py();
    let call = || -> PyResult<Summary> {
        let found = module
            .getattr("summary")?
            .call1((text,))?
            .cast_into::<PyDict>()?;
        Ok(Summary {
            lines: field(&found, "lines")?.extract()?,
            words: field(&found, "words")?.extract()?,
            longest: field(&found, "longest")?.extract()?,
        })
    };
    call().map_err(|err| StatsError::from_python(py, &err))
}

/// `dict[key]`: `get_item` says `None` for a missing key, which Python would
/// have raised as a `KeyError`. The value borrows the GIL token for as long as the
/// dict does: both are `Bound<'py, …>`.
fn field<'py>(dict: &Bound<'py, PyDict>, key: &str) -> PyResult<Bound<'py, PyAny>> {
    dict.get_item(key)?
        .ok_or_else(|| PyKeyError::new_err(key.to_owned()))
}
// ANCHOR_END: summarize
