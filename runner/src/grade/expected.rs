//! A suite is graded against the tests it should run, known before it runs (libtest's
//! `--list`, pytest's collection), never only against those that reported. A test that
//! never reported counts as failed: the process exited, crashed or was stopped before
//! it, and its reason says so. The totals never shrink, so a suite that dies early
//! can never look like a suite that passed.

use std::time::Duration;

use crate::grade::test_results::{Outcome, Suite, TestCase, group_instances};
use crate::process::Ending;
use crate::sentences::stopped as says;

/// A test the suite should run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    pub name: String,
    /// How many instances (parameters) it has; 1 when unknown.
    pub instances: usize,
    /// Known before the run: why it cannot run (its test file does not import).
    pub blocked: Option<String>,
}

impl Expected {
    pub fn test(name: &str, instances: usize) -> Expected {
        Expected {
            name: name.to_string(),
            instances,
            blocked: None,
        }
    }
}

/// How a suite's process stopped, as far as its tests are concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// It exited by itself, with this status: at the end of the suite, or in the
    /// middle of a test (`std::process::exit` in the code under test).
    Exited(i32),
    /// A signal or an exception; the description names the likely cause.
    Crashed(String),
    /// The time limit (the runner's, or pytest-timeout's) stopped it.
    TimeLimit(Duration),
}

impl Stop {
    /// Read how the process ended and what it printed. `pytest_timeout` is the limit
    /// pytest-timeout was given: it ends a hung test with `os._exit(1)`, which looks
    /// like an exit but is a time limit.
    pub fn of(ending: &Ending, output: &str, pytest_timeout: Option<Duration>) -> Stop {
        match ending {
            Ending::Exited(code) => match pytest_timeout {
                Some(limit) if stopped_by_pytest_timeout(output) => Stop::TimeLimit(limit),
                _ => Stop::Exited(*code),
            },
            Ending::Crashed(crash) => Stop::Crashed(match crash.likely_cause(output) {
                Some(cause) => says::crash_with_cause(&crash.to_string(), cause),
                None => crash.to_string(),
            }),
            Ending::TimedOut(limit) => Stop::TimeLimit(*limit),
        }
    }

    /// Whether the process ended in a way that no test run explains.
    fn is_abnormal(&self) -> bool {
        !matches!(self, Stop::Exited(_))
    }

    /// The failure of the test that was running when the process stopped.
    pub fn culprit_message(&self) -> String {
        match self {
            Stop::Exited(code) => says::exited_during_this_test(*code),
            Stop::Crashed(how) => says::crashed(how),
            Stop::TimeLimit(limit) => says::still_running(limit.as_secs()),
        }
    }

    /// Why a test never ran, given the test that was running when the process stopped.
    pub fn not_run_reason(&self, running: Option<&str>) -> String {
        match self {
            Stop::Exited(code) => says::not_run_after_exit(*code, running),
            Stop::Crashed(_) => says::not_run_after_crash(running),
            Stop::TimeLimit(limit) => says::not_run_after_time_limit(limit.as_secs(), running),
        }
    }
}

/// pytest-timeout frames the stacks it dumps, before `os._exit(1)`, with a line of
/// `+` signs around the word Timeout.
fn stopped_by_pytest_timeout(output: &str) -> bool {
    output
        .lines()
        .any(|line| line.starts_with("++") && line.trim_matches('+').trim() == "Timeout")
}

/// The verdict of one suite process: every `expected` test, in order, with what it
/// `reported` (per-instance results), and the tests that never reported marked as the
/// test that stopped the process (`running`) or as not run. `placeholder` names an
/// entry for a crash that happened outside any test ("<test binary>").
pub fn account_for(
    suite: Suite,
    expected: &[Expected],
    reported: Vec<(String, Outcome, String)>,
    running: Option<&str>,
    stop: &Stop,
    placeholder: &str,
) -> Vec<TestCase> {
    let mut reported = group_instances(suite, reported);
    let mut cases = Vec::with_capacity(expected.len());
    for test in expected {
        let found = reported
            .iter()
            .position(|case| case.name == test.name)
            .map(|index| reported.remove(index));
        let is_culprit = running == Some(test.name.as_str());
        let case = match found {
            Some(mut case) => {
                if case.instances < test.instances {
                    // Some of its instances never reported: the rest of its parameters.
                    if is_culprit && !is_failure(case.outcome) {
                        case.outcome = Outcome::Error;
                        case.message = stop.culprit_message();
                    } else if !is_failure(case.outcome) {
                        case.outcome = Outcome::NotRun;
                        case.reason = Some(stop.not_run_reason(running));
                    }
                    case.instances = test.instances;
                }
                case
            }
            None => match &test.blocked {
                Some(reason) => {
                    TestCase::not_run(suite, &test.name, test.instances, reason.clone())
                }
                None if is_culprit => culprit(suite, &test.name, test.instances, stop),
                None => TestCase::not_run(
                    suite,
                    &test.name,
                    test.instances,
                    stop.not_run_reason(running),
                ),
            },
        };
        cases.push(case);
    }
    // Results for tests the list did not name (a collection error of pytest's): keep.
    cases.extend(reported);
    let known = |name: &str| expected.iter().any(|test| test.name == name);
    match running {
        Some(name) if !known(name) => cases.push(culprit(suite, name, 1, stop)),
        None if stop.is_abnormal() => cases.push(culprit(suite, placeholder, 1, stop)),
        _ => {}
    }
    cases
}

fn is_failure(outcome: Outcome) -> bool {
    matches!(outcome, Outcome::Failed | Outcome::Error | Outcome::NotRun)
}

fn culprit(suite: Suite, name: &str, instances: usize, stop: &Stop) -> TestCase {
    TestCase {
        suite,
        name: name.to_string(),
        outcome: Outcome::Error,
        instances,
        instances_passed: 0,
        message: stop.culprit_message(),
        reason: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::process::Crash;

    fn expected(names: &[&str]) -> Vec<Expected> {
        names.iter().map(|name| Expected::test(name, 1)).collect()
    }

    fn passed(name: &str) -> (String, Outcome, String) {
        (name.to_string(), Outcome::Passed, String::new())
    }

    fn outcomes(cases: &[TestCase]) -> Vec<(&str, Outcome)> {
        cases
            .iter()
            .map(|case| (case.name.as_str(), case.outcome))
            .collect()
    }

    #[test]
    fn an_exit_in_the_middle_leaves_the_rest_not_run_and_the_total_whole() {
        let stop = Stop::of(&Ending::Exited(1), "", None);
        let cases = account_for(
            Suite::Rust,
            &expected(&["a", "b", "c", "d"]),
            vec![passed("a")],
            Some("b"),
            &stop,
            "<test binary>",
        );
        assert_eq!(
            outcomes(&cases),
            [
                ("a", Outcome::Passed),
                ("b", Outcome::Error),
                ("c", Outcome::NotRun),
                ("d", Outcome::NotRun)
            ]
        );
        assert!(cases[1].message.contains("exited (status 1)"));
        assert_eq!(
            cases[2].reason.as_deref(),
            Some("the test process exited with status 1 during b")
        );
    }

    #[test]
    fn a_time_limit_names_where_it_stopped() {
        let stop = Stop::of(&Ending::TimedOut(Duration::from_secs(10)), "", None);
        let cases = account_for(
            Suite::Rust,
            &expected(&["a", "b"]),
            Vec::new(),
            Some("a"),
            &stop,
            "<test binary>",
        );
        assert!(cases[0].message.contains("still running after 10 s"));
        assert_eq!(
            cases[1].reason.as_deref(),
            Some("the time limit (10 s) stopped the suite at a")
        );
    }

    #[test]
    fn pytest_timeouts_exit_is_read_as_the_time_limit() {
        let output = "..\n+++++++++++ Timeout +++++++++++\n~~~ Stack of MainThread ~~~\n";
        let limit = Some(Duration::from_secs(9));
        assert_eq!(
            Stop::of(&Ending::Exited(1), output, limit),
            Stop::TimeLimit(Duration::from_secs(9))
        );
        assert_eq!(
            Stop::of(&Ending::Exited(1), "1 failed, 3 passed", limit),
            Stop::Exited(1)
        );
    }

    #[test]
    fn a_parametrized_test_cut_short_keeps_its_whole_count() {
        let stop = Stop::of(&Ending::Exited(1), "", None);
        let cases = account_for(
            Suite::Pytest,
            &[Expected::test("test_p", 21), Expected::test("test_q", 1)],
            vec![passed("test_p"), passed("test_p")],
            Some("test_p"),
            &stop,
            "<pytest>",
        );
        assert_eq!(cases[0].outcome, Outcome::Error);
        assert_eq!((cases[0].instances, cases[0].instances_passed), (21, 2));
        assert_eq!(cases[1].outcome, Outcome::NotRun);
    }

    #[test]
    fn a_test_of_an_unimportable_file_carries_the_import_error() {
        let stop = Stop::of(&Ending::Exited(1), "", None);
        let blocked = Expected {
            name: "test_counts".into(),
            instances: 1,
            blocked: Some("ImportError: cannot import name 'Counter'".into()),
        };
        let cases = account_for(
            Suite::Pytest,
            &[blocked],
            Vec::new(),
            None,
            &stop,
            "<pytest>",
        );
        assert_eq!(outcomes(&cases), [("test_counts", Outcome::NotRun)]);
        assert_eq!(
            cases[0].reason.as_deref(),
            Some("ImportError: cannot import name 'Counter'")
        );
    }

    #[test]
    fn a_crash_outside_any_test_is_not_lost() {
        let crash = Crash {
            signal: Some(11),
            description: "segmentation fault (SIGSEGV)".into(),
        };
        let stop = Stop::of(&Ending::Crashed(crash), "", None);
        let cases = account_for(
            Suite::Rust,
            &expected(&["a"]),
            vec![passed("a")],
            None,
            &stop,
            "<test binary>",
        );
        assert_eq!(
            outcomes(&cases),
            [("a", Outcome::Passed), ("<test binary>", Outcome::Error)]
        );
        assert!(cases[1].message.contains("segmentation fault"));
    }

    #[test]
    fn a_clean_run_is_left_as_it_reported() {
        let failed = (
            "b".to_string(),
            Outcome::Failed,
            "assert 1 == 2".to_string(),
        );
        let cases = account_for(
            Suite::Rust,
            &expected(&["a", "b"]),
            vec![passed("a"), failed],
            None,
            &Stop::Exited(101),
            "<test binary>",
        );
        assert_eq!(
            outcomes(&cases),
            [("a", Outcome::Passed), ("b", Outcome::Failed)]
        );
        assert_eq!(cases[1].message, "assert 1 == 2");
    }

    #[test]
    fn a_stack_overflow_is_named_in_the_crash() {
        let crash = Crash {
            signal: Some(6),
            description: "aborted (SIGABRT)".into(),
        };
        let output = "thread 'deep' has overflowed its stack\nfatal runtime error: stack overflow";
        let stop = Stop::of(&Ending::Crashed(crash), output, None);
        let message = stop.culprit_message();
        assert!(
            message.starts_with("the test process crashed: aborted (SIGABRT)"),
            "{message}"
        );
        assert!(message.contains("stack overflow"), "{message}");
    }
}
