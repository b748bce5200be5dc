//! Exercise 05: your first Python function written in Rust.

use pyo3::exceptions::PyOverflowError;
use pyo3::prelude::*;

// ANCHOR: factorial
/// Return `n!` (n factorial) for 0 <= n <= 20.
///
/// The `u64` parameter does half the work: PyO3 refuses a negative number with
/// `OverflowError` and a `str` or `float` with `TypeError` before this body runs.
/// `21!` does not fit in 64 bits, so the multiplication is checked and an
/// overflow becomes an `OverflowError` rather than a panic.
#[pyfunction]
pub fn factorial(n: u64) -> PyResult<u64> {
    (1..=n)
        .try_fold(1_u64, |product, k| product.checked_mul(k))
        .ok_or_else(|| {
            PyOverflowError::new_err(format!(
                "factorial({n}) does not fit in 64 bits; the largest is factorial(20)"
            ))
        })
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
