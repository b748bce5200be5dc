//! `sieve_bench`: what `benches/compare.py` times from Python, next to the learner's
//! own `sieve` module.
//!
//! - `sieve_of_eratosthenes` and `count_primes`: the reference solution's functions,
//!   re-exported, so the harness always has the reference built in release mode.
//! - `plain_sieve`: the textbook sieve the exercise asks for, returning a list.
//! - `primes_array`: the reference sieve, handing its `Vec` to numpy without a copy.
//! - `add` and `noop`: trivial functions that time what crossing the boundary costs.
//! - `build_profile`: whether this module was built in release mode.
//!
//! It lives here rather than in exercise 09 so that the exercise stays free of the
//! numpy crate (a learner's build compiles less) and its graded API stays small.

use numpy::PyArray1;
use pyo3::prelude::*;

// ANCHOR: primes_array
/// Every prime `p <= n`, as a numpy array that owns the Rust `Vec`: no copy, no
/// Python int per prime.
///
/// `sieve_of_eratosthenes` returns a `Vec<usize>`; turning it into a list creates one
/// Python `int` per prime (tens of nanoseconds each). `PyArray1::from_vec` instead
/// hands the `Vec`'s buffer to numpy, which frees it with the array.
#[pyfunction]
pub fn primes_array(py: Python<'_>, n: usize) -> PyResult<Bound<'_, PyArray1<usize>>> {
    let primes = py.detach(|| sieve::sieve_of_eratosthenes(n))?;
    Ok(PyArray1::from_vec(py, primes))
}
// ANCHOR_END: primes_array

/// The textbook sieve the exercise asks for (one `bool` per number), as a list: what
/// a first Rust version gives, next to the reference's faster sieve.
#[pyfunction]
pub fn plain_sieve(n: usize) -> PyResult<Vec<usize>> {
    if n > sieve::MAX_N {
        // The same check, and message, as the reference's own functions.
        return sieve::sieve_of_eratosthenes(n);
    }
    Ok(sieve::plain_sieve(n))
}

// ANCHOR: trivial
/// `a + b`: a call that does (almost) nothing, to time the boundary itself.
#[pyfunction]
pub fn add(a: i64, b: i64) -> i64 {
    a.wrapping_add(b)
}

/// Does nothing at all: the cheapest call PyO3 can make.
#[pyfunction]
pub fn noop() {}
// ANCHOR_END: trivial

/// "release" or "debug": timings of a debug build mean little, and the harness says so.
#[pyfunction]
pub fn build_profile() -> &'static str {
    if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    }
}

/// The Python module `sieve_bench`. Its name must match `module-name` in pyproject.toml.
#[pymodule(name = "sieve_bench")]
mod sieve_bench_module {
    #[pymodule_export]
    use super::{add, build_profile, noop, plain_sieve, primes_array};
    #[pymodule_export]
    use sieve::{count_primes, sieve_of_eratosthenes};
}
