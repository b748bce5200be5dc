//! `queue-worker`: a reliable worker for a Redis task queue that Python fills.
//!
//! A task is a JSON object `{"id": "…", "text": "…"}` pushed with `LPUSH <queue>`; the
//! worker writes the number of distinct words of its text to the hash
//! `<queue>:results` under the task's id.

pub mod args;
pub mod task;
pub mod worker;

pub use args::Args;
pub use task::{Task, count_unique_words};
pub use worker::{Keys, Worker};
