//! Showing a verdict to a learner: each test by name in file order, failures with their
//! message (expected and actual values), compiler errors as the first error only.

use crate::grade::test_results::{Outcome, Suite, unfinished_todo};
use crate::grade::{GradedTest, Verdict};
use crate::manifest::{Exercise, Role};
use crate::sentences::verdict as says;
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
        "{}",
        says::exercise_header(
            position + 1,
            total,
            &exercise.title,
            &exercise.name,
            &exercise.level,
            &exercise.chapter
        )
    );
}

pub fn verdict(verdict: &Verdict) {
    match verdict {
        Verdict::CompileError { first, count } => {
            println!("{}", says::does_not_compile());
            println!("{}", cap_lines(first, COMPILER_LINES));
            if *count > 1 {
                println!("{}", says::more_compile_errors(count - 1));
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
                println!(
                    "{}",
                    says::suite_title(suite == Suite::Rust, passed, in_suite.len())
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
        Outcome::Passed => term::green("✓"),
        Outcome::Skipped => term::yellow("-"),
        Outcome::Failed | Outcome::Error => term::red("✗"),
    };
    let count = if case.instances > 1 {
        says::cases(case.instances_passed, case.instances)
    } else {
        String::new()
    };
    let role = match test.role {
        Role::Core => String::new(),
        Role::Free => says::free_label(),
        Role::Stretch => says::stretch_label(),
    };
    println!("  {mark} {}{count}{role}", case.name);
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
        "{}\n{}",
        lines[..limit].join("\n"),
        says::more_lines(lines.len() - limit)
    )
}
