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
        serde_json::from_str(raw).map_err(|err| err.to_string())
        // ANCHOR_END: todo-parse
    }
}

/// The number of distinct words in `text`, split on Unicode white space and compared
/// lower-cased: the demo's `count_unique_words`.
pub fn count_unique_words(text: &str) -> usize {
    // ANCHOR: todo-count
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<HashSet<_>>()
        .len()
    // ANCHOR_END: todo-count
}
