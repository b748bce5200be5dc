//! Exercise 4, the Rust test suite.
//!
//! Change the Rust code in `src/lib.rs` to make the tests below pass.
//! Do not change the tests: they grade your solution and the reference one alike.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use sieve::{MAX_N, count_primes, count_primes_segmented, sieve_of_eratosthenes};

/// π(10^k), the number of primes up to 10^k, for k = 0, 1, …, 8.
const PRIMES_UP_TO_POWERS_OF_TEN: [usize; 9] =
    [0, 4, 25, 168, 1229, 9592, 78498, 664_579, 5_761_455];

#[test]
fn sieve_below_two_is_empty() {
    assert_eq!(sieve_of_eratosthenes(0).unwrap(), Vec::<usize>::new());
    assert_eq!(sieve_of_eratosthenes(1).unwrap(), Vec::<usize>::new());
}

#[test]
fn sieve_up_to_thirty() {
    assert_eq!(
        sieve_of_eratosthenes(30).unwrap(),
        [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]
    );
}

#[test]
fn sieve_includes_n_when_n_is_prime() {
    assert_eq!(sieve_of_eratosthenes(2).unwrap(), [2]);
    assert_eq!(sieve_of_eratosthenes(97).unwrap().last(), Some(&97));
}

#[test]
fn sieve_finds_as_many_primes_as_expected() {
    for (k, &expected) in PRIMES_UP_TO_POWERS_OF_TEN[..7].iter().enumerate() {
        let n = 10_usize.pow(k as u32);
        assert_eq!(
            sieve_of_eratosthenes(n).unwrap().len(),
            expected,
            "primes up to {n}"
        );
    }
}

#[test]
fn sieve_beyond_the_limit_is_a_value_error() {
    // Must fail fast, before allocating: usize::MAX bytes would abort the process.
    for n in [MAX_N + 1, usize::MAX] {
        let err = sieve_of_eratosthenes(n).expect_err("n > MAX_N must be an error");
        assert_is_value_error(&err);
    }
}

// Stretch: count_primes. (The pytest suite checks that it releases the GIL.)

#[test]
fn count_primes_segmented_counts_powers_of_ten() {
    for (k, &expected) in PRIMES_UP_TO_POWERS_OF_TEN.iter().enumerate() {
        let n = 10_usize.pow(k as u32);
        assert_eq!(count_primes_segmented(n), expected, "primes up to {n}");
    }
}

#[test]
fn count_primes_segmented_agrees_with_the_sieve_across_segments() {
    // Every n up to 100, then n around multiples of 2^19 (where a 32 KiB segment of
    // odd numbers ends) and of 2 * 64 (where a 64-bit word ends).
    let limit = 2_000_000;
    let primes = sieve_of_eratosthenes(limit).unwrap();
    let pi = |n: usize| primes.partition_point(|&p| p <= n);
    let mut cases: Vec<usize> = (0..=100).collect();
    for edge in [1 << 19, 2 << 19, 128 * 1000, 15015 * 128] {
        cases.extend(edge - 3..=edge + 3);
    }
    for n in cases {
        assert_eq!(count_primes_segmented(n), pi(n), "primes up to {n}");
    }
}

#[test]
fn count_primes_from_python_matches() {
    Python::initialize();
    Python::attach(|py| {
        assert_eq!(count_primes(py, 1_000_000).unwrap(), 78498);
    });
}

#[test]
fn count_primes_beyond_the_limit_is_a_value_error() {
    Python::initialize();
    Python::attach(|py| {
        let err = count_primes(py, MAX_N + 1).expect_err("n > MAX_N must be an error");
        assert_is_value_error(&err);
    });
}

fn assert_is_value_error(err: &PyErr) {
    Python::initialize();
    Python::attach(|py| {
        assert!(
            err.is_instance_of::<PyValueError>(py),
            "expected ValueError, got {err}"
        );
        let message = err.value(py).to_string();
        assert!(
            message.contains(&MAX_N.to_string()),
            "the message should name the limit {MAX_N}: {message}"
        );
    });
}
