//! The live demo's Rust test suite: the same functions and classes, called from Rust.

use std::collections::HashMap;

use pyo3::exceptions::{PyIndexError, PyOverflowError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use rust_demo::classes::{MovingAverage, RingBuffer};
use rust_demo::errors::{safe_divide, safe_parse_int};
use rust_demo::functions::{
    count_unique_words, fibonacci, filter_positive, is_palindrome, sum_list, word_frequencies,
};
use rust_demo::patterns::{BackgroundWorker, TaskQueue};

/// Run `check` with the interpreter attached (needed to look inside a `PyErr`).
fn with_python(check: impl FnOnce(Python<'_>)) {
    Python::initialize();
    Python::attach(check);
}

fn words(text: &str) -> Vec<String> {
    text.split(' ').map(str::to_owned).collect()
}

#[test]
fn fibonacci_values() {
    let first: Vec<u64> = (0..8).map(|n| fibonacci(n).unwrap()).collect();
    assert_eq!(first, [0, 1, 1, 2, 3, 5, 8, 13]);
    assert_eq!(fibonacci(93).unwrap(), 12_200_160_415_121_876_738);
}

#[test]
fn fibonacci_beyond_93_is_an_overflow_error() {
    let err = fibonacci(94).unwrap_err();
    with_python(|py| {
        assert!(err.is_instance_of::<PyOverflowError>(py));
        assert_eq!(
            err.value(py).to_string(),
            "fibonacci(94) does not fit in 64 bits"
        );
    });
}

#[test]
fn sum_list_is_exact() {
    assert_eq!(sum_list(vec![]), 0);
    assert_eq!(sum_list(vec![1, -2, 3]), 2);
    assert_eq!(sum_list(vec![i64::MAX, i64::MAX]), 2 * i128::from(i64::MAX));
}

#[test]
fn filter_positive_keeps_order_and_drops_zero() {
    assert_eq!(filter_positive(vec![3, 0, -1, 2]), [3, 2]);
}

#[test]
fn word_frequencies_ignores_case() {
    let expected = HashMap::from([("apple".to_owned(), 2), ("banana".to_owned(), 2)]);
    assert_eq!(
        word_frequencies(words("apple Banana APPLE banana")),
        expected
    );
}

#[test]
fn count_unique_words_ignores_case_and_spacing() {
    assert_eq!(count_unique_words(""), 0);
    assert_eq!(count_unique_words("Hello  hello\tHELLO\nworld"), 2);
    assert_eq!(count_unique_words("été Été"), 1);
}

#[test]
fn is_palindrome_looks_at_letters_and_digits_only() {
    assert!(is_palindrome("A man, a plan, a canal: Panama"));
    assert!(is_palindrome(""));
    assert!(is_palindrome("été"));
    assert!(!is_palindrome("hello"));
}

#[test]
fn safe_divide_refuses_zero() {
    assert_eq!(safe_divide(10.0, 4.0).unwrap(), 2.5);
    let err = safe_divide(1.0, -0.0).unwrap_err();
    with_python(|py| {
        assert!(err.is_instance_of::<PyValueError>(py));
        assert_eq!(err.value(py).to_string(), "Division by zero");
    });
}

#[test]
fn safe_parse_int_names_the_input() {
    assert_eq!(safe_parse_int(" -42\n").unwrap(), -42);
    let err = safe_parse_int("4x").unwrap_err();
    with_python(|py| {
        assert!(err.is_instance_of::<PyValueError>(py));
        assert_eq!(
            err.value(py).to_string(),
            "Cannot parse '4x': invalid digit found in string"
        );
    });
}

#[test]
fn moving_average_slides() {
    let mut average = MovingAverage::new(3).unwrap();
    let seen: Vec<f64> = [10.0, 20.0, 30.0, 40.0]
        .into_iter()
        .map(|value| average.add(value))
        .collect();
    assert_eq!(seen, [10.0, 15.0, 20.0, 30.0]);
    assert_eq!(
        average.__repr__(),
        "MovingAverage(window_size=3, count=3, avg=30.00)"
    );
    average.clear();
    assert_eq!((average.count(), average.average()), (0, 0.0));
}

#[test]
fn moving_average_needs_a_window() {
    let err = MovingAverage::new(0).err().unwrap();
    with_python(|py| assert!(err.is_instance_of::<PyValueError>(py)));
}

#[test]
fn ring_buffer_keeps_the_newest() {
    let mut buffer = RingBuffer::new(3).unwrap();
    for value in 1..=5 {
        buffer.push(f64::from(value));
    }
    assert_eq!(buffer.to_list(), [3.0, 4.0, 5.0]);
    assert!(buffer.is_full());
    assert_eq!(buffer.__len__(), 3);
    assert_eq!(buffer.__getitem__(0).unwrap(), 3.0);
    assert_eq!(buffer.__getitem__(-1).unwrap(), 5.0);
    let errors = [3, -4, isize::MIN, isize::MAX].map(|index| buffer.__getitem__(index));
    with_python(|py| {
        for err in errors {
            assert!(err.unwrap_err().is_instance_of::<PyIndexError>(py));
        }
    });
}

#[test]
fn background_worker_counts_what_it_was_sent() {
    with_python(|py| {
        let mut worker = BackgroundWorker::new();
        worker.submit("Rust and Python".to_owned()).unwrap();
        worker.submit("python and PyO3".to_owned()).unwrap();
        let counts = worker.finish(py).unwrap();
        let expected = HashMap::from([
            ("rust".to_owned(), 1),
            ("and".to_owned(), 2),
            ("python".to_owned(), 2),
            ("pyo3".to_owned(), 1),
        ]);
        assert_eq!(counts, expected);
        let late = worker.submit("too late".to_owned()).unwrap_err();
        assert!(late.is_instance_of::<PyRuntimeError>(py));
        let again = worker.finish(py).unwrap_err();
        assert!(again.is_instance_of::<PyRuntimeError>(py));
    });
}

#[test]
fn task_queue_drains_in_order() {
    with_python(|py| {
        let queue = Bound::new(py, TaskQueue::new()).unwrap();
        for text in ["a b a", "", "one two three"] {
            queue.borrow_mut().push(text.to_owned());
        }
        assert_eq!(queue.borrow().__len__(), 3);
        assert_eq!(TaskQueue::drain(&queue), [2, 0, 3]);
        assert_eq!(queue.borrow().__len__(), 0);
        assert!(TaskQueue::drain(&queue).is_empty());
    });
}
