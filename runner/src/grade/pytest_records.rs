//! Reading the JSON lines that the runner's pytest plugin
//! (`runner/python/workshop_pytest_report.py`) writes as tests start and end.

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::grade::test_results::Outcome;

/// One line of `runner/python/workshop_pytest_report.py`'s report.
#[derive(Deserialize)]
#[serde(tag = "event", rename_all = "lowercase")]
enum Record {
    Start {
        base: String,
    },
    Result {
        base: String,
        outcome: String,
        message: String,
    },
}

/// What a report file says: each finished test instance in the order it ran, and the
/// test that started and never reported (the one that hung or crashed), if any.
#[derive(Debug, Default)]
pub struct Records {
    pub instances: Vec<(String, Outcome, String)>,
    pub running: Option<String>,
}

pub fn parse(text: &str) -> Result<Records> {
    let mut records = Records::default();
    for line in text.lines() {
        match serde_json::from_str(line).context("the pytest report is not valid JSON")? {
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
    }

    #[test]
    fn a_torn_line_is_an_error_not_a_silent_gap() {
        assert!(parse("{\"event\": \"sta").is_err());
    }
}
