//! Exercise 05: your first Python function written in Rust.
//!
//! Make `factorial` return n! for 0 <= n <= 20, then run `cargo workshop check 05`.
//! The book\'s chapter "Your first function" explains everything used here.

use pyo3::prelude::*;

// ANCHOR: factorial
/// Return `n!` (n factorial) for 0 <= n <= 20.
#[pyfunction]
// The line below silences "unused variable `n`" until you use it: delete it then.
#[allow(unused_variables)]
pub fn factorial(n: u64) -> PyResult<u64> {
    // TODO: multiply the numbers 1, 2, …, n together and return the product in `Ok(…)`.
    // - factorial(0) is 1 (the empty product).
    // - 21! does not fit in a u64: return `Err(PyOverflowError::new_err("…"))` instead of
    //   letting the multiplication overflow (import it with
    //   `use pyo3::exceptions::PyOverflowError;`). Look for a `checked_` method on u64.
    //   Mention "64 bits" in the message: the tests look for it.
    // Extra challenge: write it as one expression over the range `1..=n`.
    todo!("compute n! for n = {n}")
}
// ANCHOR_END: factorial

// ANCHOR: module
/// The Python module `factorial`. Its name must match `module-name` in pyproject.toml.
#[pymodule(name = "factorial")]
mod factorial_module {
    #[pymodule_export]
    use super::factorial;
}
// ANCHOR_END: module
