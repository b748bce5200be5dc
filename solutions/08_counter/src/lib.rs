//! Exercise 08: a Python class written in Rust.

use pyo3::exceptions::{PyOverflowError, PyValueError};
use pyo3::prelude::*;

// ANCHOR: struct
/// A counter that goes up and down by a fixed step.
///
/// `module = "counter"` makes Python report the class as `counter.Counter`.
#[pyclass(module = "counter")]
pub struct Counter {
    value: i64,
    start: i64,
    step: i64,
}
// ANCHOR_END: struct

// ANCHOR: methods
#[pymethods]
impl Counter {
    /// `Counter(*, start=0, step=1)`: Python calls this for `Counter(...)`.
    #[new]
    #[pyo3(signature = (*, start = 0, step = 1))]
    pub fn new(start: i64, step: i64) -> PyResult<Self> {
        if step == 0 {
            return Err(PyValueError::new_err("step must not be zero"));
        }
        Ok(Counter {
            value: start,
            start,
            step,
        })
    }

    /// Add the step. `&mut self`: this method changes the counter.
    pub fn increment(&mut self) -> PyResult<()> {
        self.value = self
            .value
            .checked_add(self.step)
            .ok_or_else(|| self.overflow_error("incrementing"))?;
        Ok(())
    }

    /// Subtract the step.
    pub fn decrement(&mut self) -> PyResult<()> {
        self.value = self
            .value
            .checked_sub(self.step)
            .ok_or_else(|| self.overflow_error("decrementing"))?;
        Ok(())
    }

    /// The current value. `&self`: reading does not change anything.
    pub fn value(&self) -> i64 {
        self.value
    }

    /// Go back to the start value.
    pub fn reset(&mut self) {
        self.value = self.start;
    }

    pub fn __repr__(&self) -> String {
        format!("Counter(value={})", self.value)
    }
}
// ANCHOR_END: methods

// ANCHOR: overflow
impl Counter {
    /// A plain Rust method (outside `#[pymethods]`): Python cannot see it.
    fn overflow_error(&self, doing: &str) -> PyErr {
        PyOverflowError::new_err(format!(
            "{doing} {} by {} would overflow a 64-bit integer",
            self.value, self.step
        ))
    }
}
// ANCHOR_END: overflow

// ANCHOR: module
/// The Python module `counter`. Its name must match `module-name` in pyproject.toml.
#[pymodule(name = "counter")]
mod counter_module {
    #[pymodule_export]
    use super::Counter;
}
// ANCHOR_END: module
