//! Plain functions: Python values in, Python values out.
//! PyO3 converts each argument to the Rust type in the signature, and refuses
//! (`TypeError`, `OverflowError`) what does not fit, before the body runs.

use std::collections::{HashMap, HashSet};

use pyo3::exceptions::PyOverflowError;
use pyo3::prelude::*;

// ANCHOR: fibonacci
/// The `n`th Fibonacci number: 0, 1, 1, 2, 3, 5, … `fibonacci(93)` is the last
/// that fits in 64 bits; beyond it, `OverflowError`.
#[pyfunction]
pub fn fibonacci(n: u64) -> PyResult<u64> {
    if n == 0 {
        return Ok(0);
    }
    let (mut previous, mut current) = (0_u64, 1_u64);
    for _ in 1..n {
        let next = previous.checked_add(current).ok_or_else(|| {
            PyOverflowError::new_err(format!("fibonacci({n}) does not fit in 64 bits"))
        })?;
        previous = current;
        current = next;
    }
    Ok(current)
}
// ANCHOR_END: fibonacci

// ANCHOR: lists
/// The sum of a list of integers. Adding up i64s in an i128 cannot overflow
/// (it would take 2^64 items), so the result is exact, like Python's `sum`.
#[pyfunction]
pub fn sum_list(items: Vec<i64>) -> i128 {
    items.into_iter().map(i128::from).sum()
}

/// The items greater than zero, in their original order.
#[pyfunction]
pub fn filter_positive(items: Vec<i64>) -> Vec<i64> {
    items.into_iter().filter(|&item| item > 0).collect()
}
// ANCHOR_END: lists

// ANCHOR: word_frequencies
/// How often each word occurs, ignoring case: a Python list in, a dict out.
#[pyfunction]
pub fn word_frequencies(words: Vec<String>) -> HashMap<String, u64> {
    let mut frequencies = HashMap::new();
    for word in words {
        *frequencies.entry(word.to_lowercase()).or_insert(0) += 1;
    }
    frequencies
}
// ANCHOR_END: word_frequencies

// ANCHOR: strings
/// The number of different words in `text` (split on whitespace, ignoring case).
/// `&str` borrows the Python string's text without copying it.
#[pyfunction]
pub fn count_unique_words(text: &str) -> usize {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<HashSet<_>>()
        .len()
}

/// Whether `text` reads the same backwards, looking only at letters and digits
/// and ignoring case: "A man, a plan, a canal: Panama" is one.
#[pyfunction]
pub fn is_palindrome(text: &str) -> bool {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    chars.iter().eq(chars.iter().rev())
}
// ANCHOR_END: strings
