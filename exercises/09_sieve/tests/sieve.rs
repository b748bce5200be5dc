//! Exercise 09, the Rust test suite.
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
fn sieve_agrees_with_a_reference_across_segments() {
    let primes = reference_primes(2_000_000);
    for n in edge_cases() {
        let expected = &primes[..primes.partition_point(|&p| p <= n)];
        assert_eq!(
            sieve_of_eratosthenes(n).unwrap(),
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
fn count_primes_segmented_agrees_with_a_reference_across_segments() {
    let primes = reference_primes(2_000_000);
    for n in edge_cases() {
        let expected = primes.partition_point(|&p| p <= n);
        assert_eq!(count_primes_segmented(n), expected, "primes up to {n}");
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

/// Every n up to 100, then n around the places where a fast sieve's pieces end: a
/// 64-bit word of odd numbers (128), a 32 KiB segment of them (2^19), a 15015-word
/// pattern of them (15015 * 128).
fn edge_cases() -> Vec<usize> {
    let mut cases: Vec<usize> = (0..=100).collect();
    for edge in [128 * 1000, 1 << 19, 2 << 19, 15015 * 128] {
        cases.extend(edge - 3..=edge + 3);
    }
    cases
}

/// An independent reference for the tests: the sieve, as plainly as it gets.
fn reference_primes(limit: usize) -> Vec<usize> {
    let mut is_prime = vec![true; limit + 1];
    is_prime[0] = false;
    is_prime[1] = false;
    for p in 2..=limit.isqrt() {
        if is_prime[p] {
            for multiple in (p * p..=limit).step_by(p) {
                is_prime[multiple] = false;
            }
        }
    }
    (0..=limit).filter(|&k| is_prime[k]).collect()
}
