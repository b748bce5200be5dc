//! One task: what arrives from Redis, and the work done on it.

use std::collections::HashSet;

use serde::Deserialize;

// ANCHOR: task
/// A task as the producer writes it: `{"id": "42", "text": "the words to count"}`.
/// Any other field is ignored.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Task {
    pub id: String,
    pub text: String,
}
// ANCHOR_END: task

impl Task {
    /// Read a task from the raw text taken off the queue. The error is the reason it
    /// is no task, for the dead-letter list: "missing field `text` at line 1 column 9".
    pub fn parse(raw: &str) -> Result<Task, String> {
        // ANCHOR: todo-parse
        // TODO: parse `raw` as JSON into a `Task` with `serde_json::from_str`; the
        // `#[derive(Deserialize)]` above does the work. An error becomes its message
        // (`err.to_string()`): it says what is wrong, and is the dead letter's reason.
        todo!("parse the task {raw:?}")
        // ANCHOR_END: todo-parse
    }
}

/// The number of distinct words in `text`, split on Unicode white space and compared
/// lower-cased: the demo's `count_unique_words`.
pub fn count_unique_words(text: &str) -> usize {
    // ANCHOR: todo-count
    // TODO: split on Unicode white space (`split_whitespace`), lower-case each word,
    // collect into a `HashSet` and count it: the demo's `count_unique_words`.
    todo!("count the distinct words of {text:?}")
    // ANCHOR_END: todo-count
}
