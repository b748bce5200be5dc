//! One shape for the results of both suites, so that everything downstream (the verdict,
//! `verify`, `report --json`) reads Rust and pytest results alike.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Suite {
    Rust,
    Pytest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Passed,
    Failed,
    /// The test started and could not finish: a crash, a timeout, an exit in its middle.
    Error,
    Skipped,
    /// The suite should have run it and never did: the process ended before it, or its
    /// file could not be imported. It counts as failed; `reason` says why.
    NotRun,
}

/// One test function. A parametrized pytest function is one `TestCase` that passes only
/// when every parameter passes; `message` is its first failure.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TestCase {
    pub suite: Suite,
    pub name: String,
    pub outcome: Outcome,
    /// How many instances ran and passed (more than one for parametrized tests).
    pub instances: usize,
    pub instances_passed: usize,
    pub message: String,
    /// Why a test that did not run never ran (see [`Outcome::NotRun`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl TestCase {
    pub fn passed(&self) -> bool {
        self.outcome == Outcome::Passed
    }

    /// A test the suite never ran, and why.
    pub fn not_run(suite: Suite, name: &str, instances: usize, reason: String) -> TestCase {
        TestCase {
            suite,
            name: name.to_string(),
            outcome: Outcome::NotRun,
            instances,
            instances_passed: 0,
            message: String::new(),
            reason: Some(reason),
        }
    }

    /// What went wrong, in one line: why it did not run, or its failure's first line.
    pub fn one_line(&self) -> String {
        match &self.reason {
            Some(reason) => format!("not run: {reason}"),
            None => one_line_reason(&self.message),
        }
    }
}

/// Fold per-instance results (in the order they ran) into per-function cases, keeping
/// the order of first appearance: that is the order of the test file.
pub fn group_instances(suite: Suite, instances: Vec<(String, Outcome, String)>) -> Vec<TestCase> {
    let mut cases: Vec<TestCase> = Vec::new();
    for (name, outcome, message) in instances {
        let case = match cases.iter_mut().position(|case| case.name == name) {
            Some(index) => &mut cases[index],
            None => {
                cases.push(TestCase {
                    suite,
                    name,
                    outcome: Outcome::Passed,
                    instances: 0,
                    instances_passed: 0,
                    message: String::new(),
                    reason: None,
                });
                cases.last_mut().expect("just pushed")
            }
        };
        case.instances += 1;
        match outcome {
            Outcome::Passed => case.instances_passed += 1,
            Outcome::Skipped if case.instances == 1 => case.outcome = Outcome::Skipped,
            Outcome::Skipped => {}
            Outcome::Failed | Outcome::Error | Outcome::NotRun => {
                if case.passed() || case.outcome == Outcome::Skipped {
                    case.outcome = outcome;
                    case.message = message;
                }
            }
        }
    }
    cases
}

/// A failure in one line, for summaries: the `todo!()` line, or the first line of the
/// message that is not just where a panic happened.
pub fn one_line_reason(message: &str) -> String {
    if let Some(todo) = unfinished_todo(message) {
        return todo;
    }
    let mut lines = message
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty());
    let first = lines.next().unwrap_or("");
    match first.strip_prefix("panicked at ") {
        Some(place) => format!(
            "{} ({})",
            lines.next().unwrap_or("panicked"),
            place.trim_end_matches(':')
        ),
        None => first.to_string(),
    }
}

/// A `todo!()` that is still in place says so in one line, with where it is, instead of
/// a panic message: it is the expected state of a fresh exercise, not an error.
pub fn unfinished_todo(message: &str) -> Option<String> {
    // The place is the `panicked at` just before the todo's line: a test that catches
    // panics on purpose (`catch_unwind`) prints others before it.
    let mut place = None;
    let mut todo = None;
    for line in message.lines() {
        if let Some(at) = line.trim().strip_prefix("panicked at ") {
            place = Some(at.trim_end_matches(':'));
        } else if line.contains("not yet implemented") {
            todo = Some(line);
            break;
        }
    }
    let detail = todo?
        .split("not yet implemented")
        .nth(1)
        .unwrap_or("")
        .trim_start_matches(':')
        .trim();
    Some(crate::sentences::verdict::unfinished_todo(place, detail))
}

#[cfg(test)]
mod tests {
    use super::one_line_reason;

    #[test]
    fn a_todo_is_named_with_its_place() {
        let message = "panicked at src/lib.rs:21:5:\nnot yet implemented: compute n! for n = 0";
        assert_eq!(
            one_line_reason(message),
            "still a todo!() at src/lib.rs:21:5: replace it with your code (compute n! for n = 0)"
        );
    }

    #[test]
    fn a_todo_after_a_caught_panic_is_named_with_its_own_place() {
        let message = "panicked at tests/drills.rs:51:47:\ndisk full\npanicked at src/panics.rs:13:5:\nnot yet implemented: read";
        assert_eq!(
            one_line_reason(message),
            "still a todo!() at src/panics.rs:13:5: replace it with your code (read)"
        );
    }

    #[test]
    fn a_panic_gives_its_message_then_its_place() {
        let message = "panicked at tests/x.rs:3:5:\nassertion `left == right` failed\n  left: 1";
        assert_eq!(
            one_line_reason(message),
            "assertion `left == right` failed (tests/x.rs:3:5)"
        );
    }

    #[test]
    fn anything_else_gives_its_first_line() {
        assert_eq!(
            one_line_reason("\nassert 0 == 1\n + where 0 = f(0)"),
            "assert 0 == 1"
        );
    }
}
