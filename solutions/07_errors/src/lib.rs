//! Exercise 07: Rust errors that become Python exceptions.
//!
//! Every way these functions can fail is a variant of one enum, `MathError`.
//! One `From` impl turns a `MathError` into a Python exception, so the functions
//! return `Result<_, MathError>` and PyO3 raises the exception at the boundary.

use std::any::Any;
use std::num::ParseIntError;
use std::panic;

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};
use thiserror::Error;

// ANCHOR: exception
create_exception!(
    safe_math,
    SafeMathError,
    PyValueError,
    "Raised by safe_math for bad input. A subclass of ValueError."
);
// ANCHOR_END: exception

// ANCHOR: error_enum
/// Everything that can go wrong in this module, with the message the user sees.
#[derive(Debug, Error)]
pub enum MathError {
    /// 21! and above do not fit in a u64.
    #[error("Input too large (max 20)")]
    InputTooLarge,
    #[error("Division by zero")]
    DivisionByZero,
    /// A field called `source` is the underlying error: thiserror wires it into
    /// `Error::source()` for free.
    #[error("Cannot parse '{input}': {source}")]
    Unparsable {
        input: String,
        source: ParseIntError,
    },
    /// Rust code we called panicked; the text is the panic's message.
    #[error("Rust code panicked: {0}")]
    Panicked(String),
    /// A Python string that is not valid Unicode; `input` is its `repr()`.
    #[error("Cannot parse {input}: it is not valid Unicode (a lone surrogate)")]
    NotUnicode { input: String },
}
// ANCHOR_END: error_enum

// ANCHOR: from_impl
/// The one place where Rust errors become Python exceptions.
impl From<MathError> for PyErr {
    fn from(err: MathError) -> PyErr {
        SafeMathError::new_err(err.to_string())
    }
}
// ANCHOR_END: from_impl

// ANCHOR: factorial
/// Return `n!` for 0 <= n <= 20; larger `n` raise `SafeMathError` (a `ValueError`).
#[pyfunction]
pub fn factorial(n: u64) -> Result<u64, MathError> {
    (1..=n)
        .try_fold(1_u64, |product, k| product.checked_mul(k))
        .ok_or(MathError::InputTooLarge)
}
// ANCHOR_END: factorial

// ANCHOR: safe_divide
/// Return `a / b`; a zero `b` (0.0 or -0.0) raises `SafeMathError`.
#[pyfunction]
pub fn safe_divide(a: f64, b: f64) -> Result<f64, MathError> {
    if b == 0.0 {
        return Err(MathError::DivisionByZero);
    }
    Ok(a / b)
}
// ANCHOR_END: safe_divide

// ANCHOR: safe_parse_int
/// Parse a decimal integer, ignoring whitespace around it. (Python calls it through
/// `py_safe_parse_int`, below.)
pub fn safe_parse_int(s: &str) -> Result<i64, MathError> {
    s.trim().parse().map_err(|source| MathError::Unparsable {
        input: s.to_owned(),
        source,
    })
}
// ANCHOR_END: safe_parse_int

// ANCHOR: third_party_mean
/// Pretend this comes from a crate you cannot change: it panics on an empty slice.
pub fn third_party_mean(values: &[f64]) -> f64 {
    assert!(!values.is_empty(), "mean of an empty slice");
    values.iter().sum::<f64>() / values.len() as f64
}
// ANCHOR_END: third_party_mean

// ANCHOR: mean
/// The arithmetic mean of `values`; an empty list raises `SafeMathError`. (Python calls
/// it through `py_mean`, below.)
///
/// `third_party_mean` may panic. Left alone, PyO3 would turn that panic into
/// `PanicException`, which derives from `BaseException`, so an ordinary
/// `except Exception:` would not catch it. `catch_unwind` stops the panic here
/// and we report it as a normal error instead.
pub fn mean(values: Vec<f64>) -> Result<f64, MathError> {
    panic::catch_unwind(|| third_party_mean(&values))
        .map_err(|payload| MathError::Panicked(panic_message(payload.as_ref())))
}

/// A panic carries its message as a `&str` or a `String`, hidden behind `dyn Any`.
fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&str>() {
        (*message).to_owned()
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else {
        "unknown panic".to_owned()
    }
}
// ANCHOR_END: mean

// ANCHOR: boundary
// `safe_parse_int` and `mean` take plain Rust values; the two functions below hand
// them over from Python. PyO3 could convert the arguments by itself (`s: &str`,
// `values: Vec<f64>`), but two kinds of input would then go wrong before the
// function's body runs, where no `SafeMathError` can be raised.

// A Python `str` may hold a lone surrogate (`"\ud800"`): legal in Python, but not
// Unicode, so it has no UTF-8 form and no `&str`. With `s: &str`, PyO3 would raise
// `UnicodeEncodeError`.
/// Parse a decimal integer, ignoring whitespace around it.
#[pyfunction]
#[pyo3(name = "safe_parse_int")]
fn py_safe_parse_int(s: &Bound<'_, PyString>) -> PyResult<i64> {
    match s.to_str() {
        Ok(text) => Ok(safe_parse_int(text)?),
        Err(_) => Err(MathError::NotUnicode {
            input: s.repr()?.to_string(),
        }
        .into()),
    }
}

// With `values: Vec<f64>`, PyO3 sizes the vector from `len(values)` before it reads
// the items, and a list subclass can make `len()` say anything: 2**33 asks for 64 GiB,
// and a failed allocation aborts the interpreter (it is not a panic: nothing can catch
// it). A list's own iterator reads the items that are really there.
/// The arithmetic mean of `values`; an empty list raises `SafeMathError`.
#[pyfunction]
#[pyo3(name = "mean")]
fn py_mean(values: &Bound<'_, PyList>) -> PyResult<f64> {
    let values = values
        .iter()
        .map(|value| value.extract())
        .collect::<PyResult<Vec<f64>>>()?;
    Ok(mean(values)?)
}
// ANCHOR_END: boundary

// ANCHOR: module
/// The Python module `safe_math`. Its name must match `module-name` in pyproject.toml.
#[pymodule(name = "safe_math")]
mod safe_math_module {
    #[pymodule_export]
    use super::{SafeMathError, factorial, py_mean, py_safe_parse_int, safe_divide};
}
// ANCHOR_END: module
