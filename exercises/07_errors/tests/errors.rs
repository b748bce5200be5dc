//! Exercise 07, the Rust test suite.
//!
//! Change the Rust code in `src/lib.rs` to make the tests below pass.
//! Do not change the tests: they grade your solution and the reference one alike.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use safe_math::{MathError, SafeMathError, factorial, mean, safe_divide, safe_parse_int};

#[test]
fn factorial_of_zero_to_twenty() {
    let mut expected: u64 = 1;
    for n in 0..=20 {
        if n > 0 {
            expected *= n;
        }
        assert_eq!(factorial(n).unwrap(), expected, "factorial({n})");
    }
}

#[test]
fn factorial_of_twenty_one_is_input_too_large() {
    for n in [21, 100, u64::MAX] {
        assert!(
            matches!(factorial(n), Err(MathError::InputTooLarge)),
            "factorial({n}) should be Err(MathError::InputTooLarge)"
        );
    }
}

#[test]
fn safe_divide_divides() {
    assert_eq!(safe_divide(10.0, 4.0).unwrap(), 2.5);
    assert_eq!(safe_divide(-1.0, 8.0).unwrap(), -0.125);
}

#[test]
fn safe_divide_by_zero_is_an_error() {
    for zero in [0.0, -0.0] {
        assert!(
            matches!(safe_divide(1.0, zero), Err(MathError::DivisionByZero)),
            "safe_divide(1.0, {zero}) should be Err(MathError::DivisionByZero)"
        );
    }
}

#[test]
fn safe_parse_int_trims_whitespace() {
    assert_eq!(safe_parse_int("42").unwrap(), 42);
    assert_eq!(safe_parse_int("  -7\n").unwrap(), -7);
}

#[test]
fn safe_parse_int_keeps_the_bad_input() {
    match safe_parse_int(" x1 ") {
        Err(MathError::Unparsable { input, .. }) => assert_eq!(input, " x1 "),
        other => panic!("expected Err(MathError::Unparsable {{ .. }}), got {other:?}"),
    }
}

#[test]
fn error_messages() {
    assert_eq!(
        MathError::InputTooLarge.to_string(),
        "Input too large (max 20)"
    );
    assert_eq!(MathError::DivisionByZero.to_string(), "Division by zero");
    let source = "x".parse::<i64>().unwrap_err();
    let unparsable = MathError::Unparsable {
        input: "x".to_owned(),
        source,
    };
    assert_eq!(
        unparsable.to_string(),
        "Cannot parse 'x': invalid digit found in string"
    );
}

#[test]
fn math_error_becomes_safe_math_error() {
    Python::initialize();
    Python::attach(|py| {
        let err = PyErr::from(MathError::DivisionByZero);
        assert!(
            err.is_instance_of::<SafeMathError>(py),
            "expected SafeMathError, got {err}"
        );
        assert!(
            err.is_instance_of::<PyValueError>(py),
            "SafeMathError must subclass ValueError"
        );
        assert_eq!(err.value(py).to_string(), "Division by zero");
    });
}

// Stretch: `mean` turns a panic in code it calls into an ordinary error.

#[test]
fn mean_of_numbers() {
    assert_eq!(mean(vec![1.0, 2.0, 6.0]).unwrap(), 3.0);
}

#[test]
fn mean_of_nothing_reports_the_panic() {
    match mean(Vec::new()) {
        Err(MathError::Panicked(message)) => assert_eq!(message, "mean of an empty slice"),
        other => panic!("expected Err(MathError::Panicked(..)), got {other:?}"),
    }
}
