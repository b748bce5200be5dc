//! Exercise 05, the Rust test suite.
//!
//! Change the Rust code in `src/lib.rs` to make the tests below pass.
//! Do not change the tests: they grade your solution and the reference one alike.

use factorial::factorial;
use pyo3::exceptions::PyOverflowError;
use pyo3::prelude::*;

#[test]
fn factorial_of_zero_is_one() {
    assert_eq!(factorial(0).unwrap(), 1);
}

#[test]
fn factorial_of_small_numbers() {
    let expected = [1, 1, 2, 6, 24, 120, 720, 5040];
    for (n, want) in expected.into_iter().enumerate() {
        assert_eq!(factorial(n as u64).unwrap(), want, "factorial({n})");
    }
}

#[test]
fn factorial_of_twenty_is_the_largest_that_fits() {
    assert_eq!(factorial(20).unwrap(), 2_432_902_008_176_640_000);
}

#[test]
fn factorial_of_twenty_one_is_an_overflow_error() {
    let err = factorial(21).expect_err("21! does not fit in a u64 and must be an error");
    Python::initialize();
    Python::attach(|py| {
        assert!(
            err.is_instance_of::<PyOverflowError>(py),
            "expected OverflowError, got {err}"
        );
    });
}
