//! Exercise 08: a Python class written in Rust.
//!
//! Fill in the TODOs, then run `cargo workshop check 08`.
//! The book\'s chapter "Classes in Rust" explains everything used here.
//!
//! In Python, the finished class behaves like this:
//!
//! ```python
//! >>> c = Counter()
//! >>> c.increment(); c.increment(); c.value()
//! 2
//! >>> c.decrement(); c
//! Counter(value=1)
//! ```

use pyo3::prelude::*;

// ANCHOR: struct
/// A counter that goes up and down by a fixed step.
///
/// `module = "counter"` makes Python report the class as `counter.Counter`.
#[pyclass(module = "counter")]
pub struct Counter {
    #[allow(dead_code)] // Delete this line once a method uses `value`.
    value: i64,
    // TODO (stretch): the counter must remember where it started (for `reset`) and
    // its step. Add a field for each.
}
// ANCHOR_END: struct

// ANCHOR: methods
#[pymethods]
impl Counter {
    /// `Counter(*, start=0, step=1)`: Python calls this for `Counter(...)`.
    ///
    /// The `signature` line makes `start` and `step` optional keyword arguments
    /// (the `*` means "keyword only": `Counter(start=5)`, never `Counter(5)`).
    #[new]
    #[pyo3(signature = (*, start = 0, step = 1))]
    #[allow(unused_variables)] // Delete this line once you use `start` and `step`.
    pub fn new(start: i64, step: i64) -> PyResult<Self> {
        // TODO: return `Ok(Counter { value: 0 })` to begin with: that is all the core
        // tests need.
        // Stretch: start at `start`, and refuse a `step` of 0 with
        // `Err(PyValueError::new_err("step must not be zero"))` (import it with
        // `use pyo3::exceptions::PyValueError;`).
        todo!("create a Counter")
    }

    /// Add the step. `&mut self`: this method changes the counter.
    pub fn increment(&mut self) -> PyResult<()> {
        // TODO: add 1 to the value, then return `Ok(())`.
        // Stretch: add the step instead, and raise `OverflowError` (`PyOverflowError`)
        // if the result does not fit in an i64. `self.value + self.step` would panic
        // in a debug build and silently wrap around in a release build: look for a
        // `checked_` method on i64. Mention "overflow" in the message.
        todo!("increment the counter")
    }

    /// Subtract the step.
    pub fn decrement(&mut self) -> PyResult<()> {
        // TODO: subtract 1 (stretch: the step, without overflowing).
        todo!("decrement the counter")
    }

    /// The current value. `&self`: reading does not change anything.
    pub fn value(&self) -> i64 {
        // TODO: return the current value.
        todo!("read the counter")
    }

    /// Go back to the start value.
    pub fn reset(&mut self) {
        // TODO: set the value back to 0 (stretch: back to `start`).
        todo!("reset the counter")
    }

    /// What Python's `repr()` shows: `Counter(value=3)`.
    pub fn __repr__(&self) -> String {
        // TODO: return exactly `Counter(value=N)`. `format!` works like an f-string:
        // `format!("x={}", x)`.
        // Extra challenge: add `__eq__` so that two counters with the same value
        // compare equal. What should `__hash__` do then?
        todo!("describe the counter")
    }
}
// ANCHOR_END: methods

// ANCHOR: module
/// The Python module `counter`. Its name must match `module-name` in pyproject.toml.
#[pymodule(name = "counter")]
mod counter_module {
    #[pymodule_export]
    use super::Counter;
}
// ANCHOR_END: module
