//! Showing a verdict to a learner: each test by name in file order, failures with their
//! message (expected and actual values), compiler errors as the first error only.

use crate::grading::{GradedTest, Verdict};
use crate::manifest::{Exercise, Role};
use crate::style;
use crate::test_results::{Outcome, Suite};

/// Failures shown with their message; the rest are listed by name only.
const DETAILED_FAILURES: usize = 10;
/// Lines of one failure message.
const MESSAGE_LINES: usize = 8;
/// Lines of a compiler error.
const COMPILER_LINES: usize = 30;

pub fn exercise_header(exercise: &Exercise, position: usize, total: usize) {
    println!(
        "\n{} {}  {}",
        style::bold(&format!("Exercise {}/{}:", position + 1, total)),
        style::bold(&exercise.title),
        style::dim(&format!(
            "(exercises/{}, {}, chapter {})",
            exercise.name, exercise.level, exercise.chapter
        ))
    );
}

pub fn verdict(verdict: &Verdict) {
    match verdict {
        Verdict::CompileError { first, count } => {
            println!(
                "{} your code does not compile yet. The first error:\n",
                style::red("✗")
            );
            println!("{}", cap_lines(first, COMPILER_LINES));
            if *count > 1 {
                println!(
                    "{}",
                    style::dim(&format!(
                        "(and {} more; fix the first one first, the others often follow from it)",
                        count - 1
                    ))
                );
            }
        }
        Verdict::Tested { tests } => {
            let mut detailed = 0;
            for suite in [Suite::Rust, Suite::Pytest] {
                let in_suite: Vec<&GradedTest> = tests
                    .iter()
                    .filter(|test| test.case.suite == suite)
                    .collect();
                if in_suite.is_empty() {
                    continue;
                }
                let passed = in_suite.iter().filter(|test| test.case.passed()).count();
                let title = match suite {
                    Suite::Rust => "Rust tests (cargo test)",
                    Suite::Pytest => "Python tests (pytest)",
                };
                println!(
                    "{} {}",
                    style::bold(title),
                    style::dim(&format!("{passed}/{} passed", in_suite.len()))
                );
                for test in in_suite {
                    show_test(test, &mut detailed);
                }
            }
        }
    }
}

fn show_test(test: &GradedTest, detailed: &mut usize) {
    let case = &test.case;
    let mark = match case.outcome {
        Outcome::Passed => style::green("✓"),
        Outcome::Skipped => style::yellow("-"),
        Outcome::Failed | Outcome::Error => style::red("✗"),
    };
    let count = if case.instances > 1 {
        format!(" ({}/{} cases)", case.instances_passed, case.instances)
    } else {
        String::new()
    };
    let role = match test.role {
        Role::Core => String::new(),
        Role::Free => style::dim(" [free: passes before you write any code]"),
        Role::Stretch => style::yellow(" [★ stretch]"),
    };
    println!("  {mark} {}{}{role}", case.name, style::dim(&count));
    if !case.passed() && case.outcome != Outcome::Skipped && *detailed < DETAILED_FAILURES {
        *detailed += 1;
        let message = match unfinished_todo(&case.message) {
            Some(one_line) => one_line,
            None => cap_lines(&case.message, MESSAGE_LINES),
        };
        for line in message.lines() {
            println!("      {}", style::dim(line));
        }
    }
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
fn unfinished_todo(message: &str) -> Option<String> {
    let line = message
        .lines()
        .find(|line| line.contains("not yet implemented"))?;
    let detail = line
        .split("not yet implemented")
        .nth(1)
        .unwrap_or("")
        .trim_start_matches(':')
        .trim();
    let place = message
        .lines()
        .find_map(|line| line.trim().strip_prefix("panicked at "))
        .map(|place| format!(" at {}", place.trim_end_matches(':')))
        .unwrap_or_default();
    let detail = if detail.is_empty() {
        String::new()
    } else {
        format!(" ({detail})")
    };
    Some(format!(
        "still a todo!(){place}: replace it with your code{detail}"
    ))
}

fn cap_lines(text: &str, limit: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= limit {
        return text.to_string();
    }
    format!(
        "{}\n… ({} more lines)",
        lines[..limit].join("\n"),
        lines.len() - limit
    )
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
