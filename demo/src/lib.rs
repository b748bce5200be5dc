//! The live demo: the extension module `rust_demo` that the presenter builds on stage.
//!
//! Each file holds what one part of the talk (and one chapter of the book) shows:
//! `functions` (types crossing the boundary), `errors` (exceptions), `classes`
//! (`#[pyclass]`) and `patterns` (a sidecar thread and a task queue).
//! `demo.py` calls every one of them and times it against the same code in Python.

pub mod classes;
pub mod errors;
pub mod functions;
pub mod patterns;

// ANCHOR: module
/// The Python module `rust_demo`. Its name must match `module-name` in pyproject.toml.
#[pyo3::pymodule(name = "rust_demo")]
mod rust_demo_module {
    #[pymodule_export]
    use super::functions::{
        count_unique_words, fibonacci, filter_positive, is_palindrome, sum_list, word_frequencies,
    };

    #[pymodule_export]
    use super::errors::{safe_divide, safe_parse_int};

    #[pymodule_export]
    use super::classes::{MovingAverage, RingBuffer};

    #[pymodule_export]
    use super::patterns::{BackgroundWorker, TaskQueue};
}
// ANCHOR_END: module
