//! Exercise 09: the sieve of Eratosthenes, and how much faster Rust really is.
//!
//! Make `sieve_of_eratosthenes` work, then run `cargo workshop check 09`. The stretch
//! is `count_primes`: fast, and releasing the GIL while it works. When both pass,
//! `cargo workshop bench 09` times your code against Python, numpy and the reference.
//! The book\'s chapter "Performance" explains everything used here.

use pyo3::prelude::*;

// ANCHOR: limit
/// The largest `n` either function accepts: the plain sieve needs one byte per
/// number, so this keeps it under a gigabyte.
pub const MAX_N: usize = 1_000_000_000;
// ANCHOR_END: limit

// ANCHOR: sieve
/// Return every prime `p <= n`, in increasing order (`[]` when `n < 2`).
#[pyfunction]
// The line below silences "unused variable `n`" until you use it: delete it then.
#[allow(unused_variables)]
pub fn sieve_of_eratosthenes(n: usize) -> PyResult<Vec<usize>> {
    // TODO: the sieve of Eratosthenes (the chapter "Performance" walks through it).
    // - First, if n > MAX_N, return `Err(PyValueError::new_err(…))` with a message that
    //   names the limit (the tests look for the number). Do it before allocating:
    //   a Vec that cannot be allocated aborts the whole Python process.
    //   Import it with `use pyo3::exceptions::PyValueError;`.
    // - Below 2 there are no primes: return `Ok(Vec::new())`.
    // - Otherwise `let mut is_prime = vec![true; n + 1];`, mark 0 and 1 as not prime, and
    //   for each p with p * p <= n that is still prime, set is_prime[m] = false for the
    //   multiples m = p * p, p * p + p, … up to n (`(p * p..=n).step_by(p)`).
    // - Collect the numbers that are still marked prime into a Vec. Returning a
    //   `Vec<usize>` gives Python a list of ints: PyO3 converts it for you.
    // Extra challenge: collect with one iterator chain (`enumerate` and `filter_map`).
    todo!("the primes up to {n}")
}
// ANCHOR_END: sieve

// ANCHOR: count_primes
/// Return how many primes are `<= n`, without building a list of them.
#[pyfunction]
// Delete the line below when you use the parameters.
#[allow(unused_variables)]
pub fn count_primes(py: Python<'_>, n: usize) -> PyResult<usize> {
    // TODO (stretch): check n against MAX_N as above, then count with
    // `count_primes_segmented(n)` *inside* `py.detach(|| …)`. detach releases the GIL
    // while the closure runs, so other Python threads keep going meanwhile
    // ("Performance"). The closure must not touch Python objects.
    todo!("count the primes up to {n} without holding the GIL")
}
// ANCHOR_END: count_primes

// ANCHOR: segmented
/// Count the primes `<= n` with a fast sieve. Pure Rust: no Python in here.
// Delete the line below when you use `n`.
#[allow(unused_variables)]
pub fn count_primes_segmented(n: usize) -> usize {
    // TODO (stretch): count the primes up to n, much faster than the plain sieve.
    // - Store odd numbers only: bit k of the sieve stands for 2k + 1 (count 2 apart).
    //   One bit instead of a bool divides the memory by 8: use a `Vec<u64>` and clear
    //   bit k with `words[k / 64] &= !(1 << (k % 64))`.
    // - In bits, the odd multiples of p start at bit p * p / 2 and are p bits apart.
    // - Segment it: sieve 32 KiB of bits at a time (it stays in the CPU's fastest
    //   cache), crossing off with the primes up to √n found once by the plain sieve.
    //   Remember, for each prime, where its next multiple falls in the next segment.
    // - `u64::count_ones` counts the set bits of a word.
    // Extra challenge: the multiples of 3, 5, 7, 11 and 13 repeat every 15015 words;
    // start each segment as a copy of that pattern instead of crossing them off.
    todo!("count the primes up to {n}")
}
// ANCHOR_END: segmented

// ANCHOR: module
/// The Python module `sieve`. Its name must match `module-name` in pyproject.toml.
#[pymodule(name = "sieve")]
mod sieve_module {
    #[pymodule_export]
    use super::{count_primes, sieve_of_eratosthenes};

    /// The largest `n` the functions accept.
    #[pymodule_export]
    const MAX_N: usize = super::MAX_N;
}
// ANCHOR_END: module
