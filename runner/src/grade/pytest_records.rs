//! Reading the JSON lines that the runner's pytest plugin
//! (`runner/python/workshop_pytest_report.py`) writes as tests are collected, start
//! and end.

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::grade::test_results::Outcome;

/// One line of `runner/python/workshop_pytest_report.py`'s report.
#[derive(Deserialize)]
#[serde(tag = "event", rename_all = "lowercase")]
enum Record {
    /// Collection is over: every test the run will try, in order.
    Collected {
        tests: Vec<CollectedTest>,
    },
    /// A test file that could not be imported: its test functions, read from its
    /// source, and the key line of the error.
    Uncollected {
        tests: Vec<String>,
        reason: String,
    },
    Start {
        base: String,
    },
    Result {
        base: String,
        outcome: String,
        message: String,
    },
}

/// A test function and how many instances of it (parameters) were collected.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CollectedTest {
    pub base: String,
    pub instances: usize,
}

/// What a report file says.
#[derive(Debug, Default)]
pub struct Records {
    /// Each finished test instance in the order it ran.
    pub instances: Vec<(String, Outcome, String)>,
    /// The test that started and never reported (the one that hung or crashed), if any.
    pub running: Option<String>,
    /// The tests pytest collected; `None` if it never got to the end of collection.
    pub collected: Option<Vec<CollectedTest>>,
    /// Tests of files that could not be imported, each with the reason.
    pub uncollected: Vec<(String, String)>,
}

pub fn parse(text: &str) -> Result<Records> {
    let mut records = Records::default();
    for line in text.lines() {
        match serde_json::from_str(line).context("the pytest report is not valid JSON")? {
            Record::Collected { tests } => records.collected = Some(tests),
            Record::Uncollected { tests, reason } => records
                .uncollected
                .extend(tests.into_iter().map(|test| (test, reason.clone()))),
            Record::Start { base } => records.running = Some(base),
            Record::Result {
                base,
                outcome,
                message,
            } => {
                records.running = None;
                records
                    .instances
                    .push((base, parse_outcome(&outcome), message));
            }
        }
    }
    Ok(records)
}

fn parse_outcome(text: &str) -> Outcome {
    match text {
        "passed" => Outcome::Passed,
        "failed" => Outcome::Failed,
        "skipped" => Outcome::Skipped,
        _ => Outcome::Error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_results_in_order_and_the_test_left_running() {
        let text = concat!(
            r#"{"event": "start", "base": "test_a"}"#,
            "\n",
            r#"{"event": "result", "base": "test_a", "outcome": "passed", "message": ""}"#,
            "\n",
            r#"{"event": "start", "base": "test_b"}"#,
            "\n",
            r#"{"event": "result", "base": "test_b", "outcome": "failed", "message": "assert 0 == 1"}"#,
            "\n",
            r#"{"event": "start", "base": "test_c"}"#,
            "\n",
        );
        let records = parse(text).unwrap();
        assert_eq!(
            records.instances,
            [
                ("test_a".to_string(), Outcome::Passed, String::new()),
                (
                    "test_b".to_string(),
                    Outcome::Failed,
                    "assert 0 == 1".to_string()
                ),
            ]
        );
        assert_eq!(records.running.as_deref(), Some("test_c"));
        assert_eq!(records.collected, None, "no collection record was written");
    }

    #[test]
    fn reads_the_collected_tests_with_their_instances() {
        let text = concat!(
            r#"{"event": "collected", "tests": [{"base": "test_a", "instances": 21}, {"base": "test_b", "instances": 1}]}"#,
            "\n",
        );
        let records = parse(text).unwrap();
        let collected = records.collected.expect("a collection record");
        assert_eq!(
            collected,
            [
                CollectedTest {
                    base: "test_a".into(),
                    instances: 21
                },
                CollectedTest {
                    base: "test_b".into(),
                    instances: 1
                },
            ]
        );
    }

    #[test]
    fn gives_each_test_of_an_unimportable_file_its_reason() {
        let text = concat!(
            r#"{"event": "uncollected", "tests": ["test_a", "test_b"], "reason": "ImportError: cannot import name 'Counter' from 'counter'"}"#,
            "\n",
            r#"{"event": "collected", "tests": []}"#,
            "\n",
        );
        let records = parse(text).unwrap();
        let reason = "ImportError: cannot import name 'Counter' from 'counter'".to_string();
        assert_eq!(
            records.uncollected,
            [
                ("test_a".to_string(), reason.clone()),
                ("test_b".to_string(), reason)
            ]
        );
        assert_eq!(records.collected, Some(Vec::new()));
    }

    #[test]
    fn a_torn_line_is_an_error_not_a_silent_gap() {
        assert!(parse("{\"event\": \"sta").is_err());
    }
}
