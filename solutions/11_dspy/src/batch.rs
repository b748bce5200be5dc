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
    use tokio::sync::Semaphore;

    let permits = Arc::new(Semaphore::new(concurrency));
    let mut tasks = Vec::new();
    for question in questions {
        // Waits while `concurrency` questions are in flight. The permit moves into the
        // task and is given back when the task ends.
        let permit = Arc::clone(&permits).acquire_owned().await;
        let predictor = Arc::clone(&predictor);
        tasks.push(tokio::task::spawn_blocking(move || {
            let _permit = permit;
            predictor.ask(&question)
        }));
    }
    // Awaited in the questions' order, so each answer lands in its question's place,
    // whichever finishes first.
    let mut answers = Vec::with_capacity(tasks.len());
    for task in tasks {
        answers.push(task.await.unwrap_or_else(|err| Err(panicked(&err))));
    }
    answers
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
