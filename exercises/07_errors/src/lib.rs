//! Exercise 07: Rust errors that become Python exceptions.
//!
//! Fill in the TODOs, then run `cargo workshop check 07`.
//! The book\'s chapter "Errors become exceptions" explains everything used here.
//!
//! Try this first: build the untouched starter and call `safe_math.factorial(3)` in
//! Python. You get `pyo3_runtime.PanicException: not yet implemented`. `todo!()`
//! panics, and PyO3 turns a panic into `PanicException`, which derives from
//! `BaseException`, not `Exception`: `except Exception:` does not catch it, and
//! `except ValueError:` certainly does not. A panic means "this program has a bug",
//! so bad input from Python must never reach one. Return an `Err` instead.

use std::any::Any;
use std::num::ParseIntError;

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};
use thiserror::Error;

// ANCHOR: exception
// This line defines a new Python exception class, `safe_math.SafeMathError`, that
// subclasses `ValueError`: code that catches `ValueError` keeps working, and code that
// wants only this module's errors can catch `SafeMathError`.
// `SafeMathError::new_err("message")` builds one, ready to be returned as a `PyErr`.
create_exception!(
    safe_math,
    SafeMathError,
    PyValueError,
    "Raised by safe_math for bad input. A subclass of ValueError."
);
// ANCHOR_END: exception

// ANCHOR: error_enum
/// Everything that can go wrong in this module, with the message the user sees.
///
/// `#[derive(Error)]` comes from the `thiserror` crate: each `#[error("…")]` becomes
/// the variant's `Display` text (its `to_string()`), and `{input}` or `{0}` in it
/// refers to the variant's fields.
#[derive(Debug, Error)]
pub enum MathError {
    /// 21! and above do not fit in a u64.
    #[error("Input too large (max 20)")]
    InputTooLarge,
    // TODO: the message must be exactly "Division by zero".
    #[error("TODO")]
    DivisionByZero,
    // TODO: the message must name the input and say why, like
    //   Cannot parse 'x': invalid digit found in string
    // where the part after the colon is `source`'s own message.
    #[error("TODO")]
    Unparsable {
        input: String,
        source: ParseIntError,
    },
    // TODO (stretch): "Rust code panicked: " followed by the panic's message.
    #[error("TODO")]
    Panicked(String),
    /// A Python string that is not valid Unicode; `input` is its `repr()`.
    #[error("Cannot parse {input}: it is not valid Unicode (a lone surrogate)")]
    NotUnicode { input: String },
}
// ANCHOR_END: error_enum

// ANCHOR: from_impl
/// The one place where Rust errors become Python exceptions.
impl From<MathError> for PyErr {
    #[allow(unused_variables)] // Delete this line once you use `err`.
    fn from(err: MathError) -> PyErr {
        // TODO: return a `SafeMathError` whose message is the error's text.
        // Every `MathError` has `to_string()` thanks to `#[error("…")]` above.
        // With this impl in place, a `#[pyfunction]` can return `Result<T, MathError>`:
        // PyO3 calls it when an `Err` crosses into Python, and any function that
        // returns `PyResult` can use `?` on a `MathError`.
        todo!("turn a MathError into a SafeMathError")
    }
}
// ANCHOR_END: from_impl

// ANCHOR: factorial
/// Return `n!` for 0 <= n <= 20; larger `n` raise `SafeMathError` (a `ValueError`).
#[pyfunction]
#[allow(unused_variables)] // Delete this line once you use `n`.
pub fn factorial(n: u64) -> Result<u64, MathError> {
    // TODO: return `Ok(n!)`, or `Err(MathError::InputTooLarge)` when it does not fit.
    // - `u64::checked_mul` returns `None` instead of overflowing (21! is the first
    //   factorial that overflows), and `Option::ok_or` turns a `None` into an `Err`.
    // - Do not let the multiplication overflow: in a debug build that panics.
    // Extra challenge: one expression, using `Iterator::try_fold` over `1..=n`.
    todo!("compute n! for n = {n}")
}
// ANCHOR_END: factorial

// ANCHOR: safe_divide
/// Return `a / b`; a zero `b` (0.0 or -0.0) raises `SafeMathError`.
#[pyfunction]
#[allow(unused_variables)] // Delete this line once you use `a` and `b`.
pub fn safe_divide(a: f64, b: f64) -> Result<f64, MathError> {
    // TODO: return `Err(MathError::DivisionByZero)` when `b` is zero, `Ok(a / b)`
    // otherwise. (Rust's float division by zero does not panic: it gives inf or NaN,
    // which is exactly what the caller did not want.) `-0.0 == 0.0` is true.
    todo!("divide {a} by {b}")
}
// ANCHOR_END: safe_divide

// ANCHOR: safe_parse_int
/// Parse a decimal integer, ignoring whitespace around it. (Python calls it through
/// `py_safe_parse_int`, below.)
#[allow(unused_variables)] // Delete this line once you use `s`.
pub fn safe_parse_int(s: &str) -> Result<i64, MathError> {
    // TODO: trim the whitespace (`str::trim`), then `parse::<i64>()`.
    // - `parse` returns `Result<i64, ParseIntError>`. Turn its error into
    //   `MathError::Unparsable` with `map_err`, keeping the ORIGINAL `s` as `input`
    //   (`s.to_owned()` makes a `String` from a `&str`).
    // - Do not `unwrap()`: "abc" would panic instead of raising.
    todo!("parse {s:?}")
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
#[allow(unused_variables)] // Delete this line once you use `values`.
pub fn mean(values: Vec<f64>) -> Result<f64, MathError> {
    // TODO (stretch): call `third_party_mean(&values)` and return its result, but
    // turn a panic inside it into `Err(MathError::Panicked(message))`.
    // - Do not check for an empty list yourself: the point is to survive code you
    //   do not control. `std::panic::catch_unwind(|| …)` runs a closure and returns
    //   `Err(payload)` if it panicked; `panic_message` below reads the payload.
    // - The default panic hook still prints the panic to stderr: that is expected.
    // Extra challenge: read about `panic = "abort"` in Cargo profiles. What would
    // happen to `catch_unwind` then?
    todo!("the mean of {} values", values.len())
}

/// A panic carries its message as a `&str` or a `String`, hidden behind `dyn Any`.
// Delete the line below once `mean` calls this function.
#[allow(dead_code)]
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
