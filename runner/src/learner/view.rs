//! Showing a verdict to a learner: each test by name in file order, failures with their
//! message (expected and actual values), compiler errors and warnings as the first one
//! only, with a count of the rest.

use crate::grade::stages::{self, Grouped, StageResult};
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
/// Lines of a compiler warning: less than an error, it must not push the tests away.
const WARNING_LINES: usize = 15;

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

/// How a staged exercise's tests are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stages {
    /// `check`: every stage in course order, each with its failing tests.
    InOrder,
    /// `watch`: the stage to work on first, with its failures; the others by count.
    NextFirst,
}

pub fn verdict(exercise: &Exercise, verdict: &Verdict, layout: Stages) {
    match verdict {
        Verdict::CompileError { first, count } => {
            println!("{}", says::does_not_compile());
            println!("{}", cap_lines(first, COMPILER_LINES));
            if *count > 1 {
                println!("{}", says::more_compile_errors(count - 1));
            }
        }
        Verdict::Tested { tests, warnings } => {
            // Watch lists the failures of one stage only: the count is of those listed.
            let failures = if exercise.stages.is_empty() {
                by_suite(tests)
            } else {
                by_stage(&stages::group(exercise, tests), layout)
            };
            if failures > DETAILED_FAILURES {
                println!("{}", says::more_failures(failures - DETAILED_FAILURES));
            }
            show_warnings(warnings);
        }
    }
}

/// Each suite's tests in file order, passed and failed alike. Returns the number of
/// failures listed.
fn by_suite(tests: &[GradedTest]) -> usize {
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
        println!(
            "{}",
            says::suite_title(suite == Suite::Rust, passed, in_suite.len())
        );
        for test in in_suite {
            show_test(test, &mut detailed, &mut shown_reason);
        }
    }
    tests.iter().filter(|test| is_failure(test)).count()
}

/// A stage's count in one line, then (when `failures`) its failing tests: a long
/// exercise's passed tests would push the ones to work on off the screen. Returns the
/// number of failures listed.
fn by_stage(grouped: &Grouped<'_>, layout: Stages) -> usize {
    let mut detailed = 0;
    let mut listed = 0;
    let mut shown_reason = None;
    let total = grouped.stages.len();
    let mut show = |result: &StageResult<'_>, failures: bool| {
        println!(
            "{}",
            says::stage_header(
                result.index + 1,
                total,
                &result.stage.name,
                result.stage.file.as_deref(),
                result.stretch,
                result.passed(),
                result.tests.len()
            )
        );
        if failures {
            for test in result.tests.iter().filter(|test| !test.case.passed()) {
                listed += usize::from(is_failure(test));
                show_test(test, &mut detailed, &mut shown_reason);
            }
        }
    };
    let next = grouped.next().filter(|_| layout == Stages::NextFirst);
    match next {
        Some(next) => {
            println!(
                "{}",
                says::work_on_stage(
                    next.index + 1,
                    total,
                    &next.stage.name,
                    next.stage.file.as_deref()
                )
            );
            show(next, true);
            println!("{}", says::other_stages());
            for result in grouped.stages.iter().filter(|r| r.index != next.index) {
                show(result, false);
            }
        }
        None => {
            for result in &grouped.stages {
                show(result, true);
            }
        }
    }
    if !grouped.unstaged.is_empty() {
        let passed = grouped.unstaged.iter().filter(|t| t.case.passed()).count();
        println!("{}", says::unstaged_header(passed, grouped.unstaged.len()));
        for test in grouped.unstaged.iter().filter(|test| !test.case.passed()) {
            listed += usize::from(is_failure(test));
            show_test(test, &mut detailed, &mut shown_reason);
        }
    }
    listed
}

/// The count of the compiler's warnings and the first one: the tests ran, but the
/// compiler noticed something (a `let mut` that needs no `mut`) worth a look.
fn show_warnings(warnings: &[String]) {
    let Some(first) = warnings.first() else {
        return;
    };
    println!();
    println!("{}", says::warnings(warnings.len()));
    println!("{}", cap_lines(first, WARNING_LINES));
    if warnings.len() > 1 {
        println!("{}", says::more_warnings(warnings.len() - 1));
    }
}

/// A test that ran and did not pass (a skipped test is not a failure).
fn is_failure(test: &GradedTest) -> bool {
    !test.case.passed() && test.case.outcome != Outcome::Skipped
}

fn show_test(test: &GradedTest, detailed: &mut usize, shown_reason: &mut Option<String>) {
    let case = &test.case;
    let mark = match case.outcome {
        Outcome::Passed => term::green("✓"),
        Outcome::Skipped => term::yellow("-"),
        Outcome::Failed | Outcome::Error | Outcome::NotRun => term::red("✗"),
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
    let not_run = if case.outcome == Outcome::NotRun {
        says::not_run_label()
    } else {
        String::new()
    };
    println!("  {mark} {}{count}{not_run}{role}", case.name);
    if let Some(reason) = &case.reason {
        // The tests one stop left unrun (a file that does not import, a suite stopped
        // at one test) share their reason: it is shown once, under the first.
        if shown_reason.as_ref() != Some(reason) {
            println!("      {}", says::not_run_reason(reason));
            *shown_reason = Some(reason.clone());
        }
        return;
    }
    if is_failure(test) && *detailed < DETAILED_FAILURES {
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
