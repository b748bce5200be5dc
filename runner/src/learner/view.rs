//! Showing a verdict to a learner: each test by name in file order, failures with their
//! message (expected and actual values), compiler errors as the first error only.

use crate::grade::test_results::{Outcome, Suite, unfinished_todo};
use crate::grade::{GradedTest, Verdict};
use crate::manifest::{Exercise, Role};
use crate::term;
use anstream::println;

/// Failures shown with their message; the rest are listed by name only.
const DETAILED_FAILURES: usize = 10;
/// Lines of one failure message.
const MESSAGE_LINES: usize = 8;
/// Lines of a compiler error.
const COMPILER_LINES: usize = 30;

pub fn exercise_header(exercise: &Exercise, position: usize, total: usize) {
    println!(
        "\n{} {}  {}",
        term::bold(&format!("Exercise {}/{}:", position + 1, total)),
        term::bold(&exercise.title),
        term::dim(&format!(
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
                term::red("✗")
            );
            println!("{}", cap_lines(first, COMPILER_LINES));
            if *count > 1 {
                println!(
                    "{}",
                    term::dim(&format!(
                        "(and {} more; fix the first one first, the others often follow from it)",
                        count - 1
                    ))
                );
            }
        }
        Verdict::Tested { tests } => {
            let mut detailed = 0;
            let mut shown_reason = None;
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
                    term::bold(title),
                    term::dim(&format!("{passed}/{} passed", in_suite.len()))
                );
                for test in in_suite {
                    show_test(test, &mut detailed, &mut shown_reason);
                }
            }
        }
    }
}

fn show_test(test: &GradedTest, detailed: &mut usize, shown_reason: &mut Option<String>) {
    let case = &test.case;
    let mark = match case.outcome {
        Outcome::Passed => term::green("✓"),
        Outcome::Skipped => term::yellow("-"),
        Outcome::Failed | Outcome::Error | Outcome::NotRun => term::red("✗"),
    };
    let count = if case.instances > 1 {
        format!(" ({}/{} cases)", case.instances_passed, case.instances)
    } else {
        String::new()
    };
    let role = match test.role {
        Role::Core => String::new(),
        Role::Free => term::dim(" [free: passes before you write any code]"),
        Role::Stretch => term::yellow(" [★ stretch]"),
    };
    let not_run = if case.outcome == Outcome::NotRun {
        term::dim(" (not run)")
    } else {
        String::new()
    };
    println!("  {mark} {}{}{not_run}{role}", case.name, term::dim(&count));
    if let Some(reason) = &case.reason {
        // The tests one stop left unrun (a file that does not import, a suite stopped
        // at one test) share their reason: it is shown once, under the first.
        if shown_reason.as_ref() != Some(reason) {
            println!("      {}", term::dim(&format!("not run: {reason}")));
            *shown_reason = Some(reason.clone());
        }
        return;
    }
    if !case.passed() && case.outcome != Outcome::Skipped && *detailed < DETAILED_FAILURES {
        *detailed += 1;
        let message = match unfinished_todo(&case.message) {
            Some(one_line) => one_line,
            None => cap_lines(&case.message, MESSAGE_LINES),
        };
        for line in message.lines() {
            println!("      {}", term::dim(line));
        }
    }
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
