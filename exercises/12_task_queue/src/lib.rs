//! `queue-worker`: a reliable worker for a Redis task queue that Python fills.
//!
//! A task is a JSON object `{"id": "…", "text": "…"}` pushed with `LPUSH <queue>`; the
//! worker writes the number of distinct words of its text to the hash
//! `<queue>:results` under the task's id.

pub mod args;
// Some imports of these two modules go unused until your code uses them: then delete
// the `#[allow]`s.
#[allow(unused_imports)]
pub mod task;
#[allow(unused_imports)]
pub mod worker;

pub use args::Args;
pub use task::{Task, count_unique_words};
pub use worker::{Keys, Worker};
