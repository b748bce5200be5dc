//! Exercise 08, the Rust test suite.
//!
//! Change the Rust code in `src/lib.rs` to make the tests below pass.
//! Do not change the tests: they grade your solution and the reference one alike.

use counter::Counter;
use pyo3::exceptions::{PyOverflowError, PyValueError};
use pyo3::prelude::*;

/// `Counter()` as Python would create it: `start` 0, `step` 1.
fn new_counter() -> Counter {
    Counter::new(0, 1).expect("Counter(start=0, step=1) should succeed")
}

#[test]
fn a_new_counter_is_zero() {
    assert_eq!(new_counter().value(), 0);
}

#[test]
fn increment_and_decrement_move_by_one() {
    let mut counter = new_counter();
    counter.increment().unwrap();
    counter.increment().unwrap();
    assert_eq!(counter.value(), 2);
    counter.decrement().unwrap();
    assert_eq!(counter.value(), 1);
    counter.decrement().unwrap();
    counter.decrement().unwrap();
    assert_eq!(counter.value(), -1);
}

#[test]
fn reset_goes_back_to_zero() {
    let mut counter = new_counter();
    counter.increment().unwrap();
    counter.reset();
    assert_eq!(counter.value(), 0);
}

#[test]
fn repr_shows_the_value() {
    let mut counter = new_counter();
    assert_eq!(counter.__repr__(), "Counter(value=0)");
    counter.decrement().unwrap();
    assert_eq!(counter.__repr__(), "Counter(value=-1)");
}

/// The same class, used as a Python object from Rust.
#[test]
fn python_calls_the_same_methods() {
    Python::initialize();
    Python::attach(|py| {
        let counter = Bound::new(py, new_counter()).unwrap();
        counter.call_method0("increment").unwrap();
        let value: i64 = counter.call_method0("value").unwrap().extract().unwrap();
        assert_eq!(value, 1);
        assert_eq!(counter.repr().unwrap().to_string(), "Counter(value=1)");
    });
}

/// Rust checks `&` and `&mut` borrows at compile time; for a Python object it cannot,
/// so PyO3 checks them at run time and refuses a borrow that would break the rules.
#[test]
fn a_borrow_during_a_mutable_borrow_is_refused() {
    Python::initialize();
    Python::attach(|py| {
        let counter = Bound::new(py, new_counter()).unwrap();
        let mut writer = counter.borrow_mut();
        writer.increment().unwrap();
        assert!(
            counter.try_borrow().is_err(),
            "a mutably borrowed Counter must not be readable"
        );
        drop(writer);
        assert_eq!(counter.borrow().value(), 1);
    });
}

// Stretch: start, step and overflow.

#[test]
fn start_and_step() {
    let mut counter = Counter::new(10, 5).unwrap();
    assert_eq!(counter.value(), 10);
    counter.increment().unwrap();
    assert_eq!(counter.value(), 15);
    counter.decrement().unwrap();
    counter.decrement().unwrap();
    assert_eq!(counter.value(), 5);
    counter.reset();
    assert_eq!(counter.value(), 10);
}

#[test]
fn a_zero_step_is_a_value_error() {
    let err = Counter::new(0, 0)
        .err()
        .expect("Counter(step=0) must be refused");
    Python::initialize();
    Python::attach(|py| {
        assert!(
            err.is_instance_of::<PyValueError>(py),
            "expected ValueError, got {err}"
        );
    });
}

#[test]
fn going_past_the_i64_bounds_is_an_overflow_error() {
    let mut at_max = Counter::new(i64::MAX, 1).unwrap();
    let up = at_max
        .increment()
        .expect_err("i64::MAX + 1 must be an error");
    assert_eq!(
        at_max.value(),
        i64::MAX,
        "a failed increment must not change the value"
    );

    let mut at_min = Counter::new(i64::MIN, 1).unwrap();
    let down = at_min
        .decrement()
        .expect_err("i64::MIN - 1 must be an error");
    assert_eq!(
        at_min.value(),
        i64::MIN,
        "a failed decrement must not change the value"
    );

    Python::initialize();
    Python::attach(|py| {
        for err in [up, down] {
            assert!(
                err.is_instance_of::<PyOverflowError>(py),
                "expected OverflowError, got {err}"
            );
        }
    });
}
