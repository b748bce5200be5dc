//! `dspy-ask --batch FILE`: many questions, a few at a time, answers in input order.
//!
//! Each question runs on a blocking thread of tokio's. Python calls take turns for the
//! GIL, but a call waiting on the network releases it, so the waits overlap.

use std::io::{self, Write};
use std::sync::Arc;

use crate::{AskError, Prediction, Predictor};

/// The questions of a batch file: one a line, blank lines and `#` comments left out.
pub fn questions_of(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(String::from)
        .collect()
}

// ANCHOR: ask_all
/// Ask every question, at most `concurrency` at once. The results come back in the
/// order of `questions`, whichever finishes first; a failed question fails alone.
pub async fn ask_all(
    predictor: Arc<Predictor>,
    questions: Vec<String>,
    concurrency: usize,
) -> Vec<Result<Prediction, AskError>> {
    // ANCHOR: todo-ask_all
    // TODO (stretch): ask every question, at most `concurrency` at once.
    // - A `tokio::sync::Semaphore::new(concurrency)` in an `Arc` holds the permits.
    // - For each question, in order: `Arc::clone(&permits).acquire_owned().await`
    //   (it waits while `concurrency` questions are in flight), then start
    //   `tokio::task::spawn_blocking(move || ...)` with the permit and an
    //   `Arc::clone(&predictor)` moved in; keep its `JoinHandle` in a `Vec`.
    // - Await the handles in the questions' order; a `JoinError` (the task panicked)
    //   becomes `Err(panicked(&err))`.
    // Read: "DSPy from Rust", "Async Rust, blocking Python".
    let _ = (predictor, questions, concurrency); // delete: silences "unused"
    todo!("ask the questions")
    // ANCHOR_END: todo-ask_all
}
// ANCHOR_END: ask_all

/// A task that panicked (or was cancelled) instead of answering.
pub fn panicked(err: &tokio::task::JoinError) -> AskError {
    AskError::Python {
        kind: "an internal error".to_string(),
        message: err.to_string(),
        traceback: None,
    }
}

/// Print the answers, one a line, on `out`. A failed question leaves its line empty,
/// so that line N is still question N's answer, and says why on `err`, with its
/// number (and Python's traceback too when `verbose`). Returns how many failed.
pub fn print_answers(
    answers: &[Result<Prediction, AskError>],
    out: &mut impl Write,
    err: &mut impl Write,
    verbose: bool,
) -> io::Result<usize> {
    let mut failed = 0;
    for (index, answer) in answers.iter().enumerate() {
        match answer {
            Ok(prediction) => writeln!(out, "{}", prediction.answer.replace('\n', " "))?,
            Err(error) => {
                failed += 1;
                writeln!(out)?;
                writeln!(err, "dspy-ask: question {}: {error}", index + 1)?;
                if verbose && let Some(traceback) = error.traceback() {
                    write!(err, "{traceback}")?;
                }
            }
        }
    }
    Ok(failed)
}
