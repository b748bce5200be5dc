//! Errors become exceptions: return `Err(PyErr)` and PyO3 raises it in Python.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

// ANCHOR: safe_divide
/// `a / b`, raising `ValueError` instead of returning inf or NaN for a zero `b`.
#[pyfunction]
pub fn safe_divide(a: f64, b: f64) -> PyResult<f64> {
    if b == 0.0 {
        return Err(PyValueError::new_err("Division by zero"));
    }
    Ok(a / b)
}
// ANCHOR_END: safe_divide

// ANCHOR: safe_parse_int
/// Parse a decimal integer, ignoring whitespace around it. The error names the input.
#[pyfunction]
pub fn safe_parse_int(s: &str) -> PyResult<i64> {
    s.trim()
        .parse()
        .map_err(|err| PyValueError::new_err(format!("Cannot parse '{s}': {err}")))
}
// ANCHOR_END: safe_parse_int
