//! Running a pytest suite with the runner's reporting plugin and reading its results.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::process;
use crate::python_env::Venv;
use crate::rust_suite::abnormal_end;
use crate::test_results::{Outcome, Suite, TestCase, group_instances};

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

pub struct PytestRun<'a> {
    pub root: &'a Path,
    pub venv: &'a Venv,
    pub tests: PathBuf,
    /// Where the JSON report goes (a scratch file of the runner's).
    pub report: PathBuf,
    pub limit: Duration,
    /// Extra environment, such as `WORKSHOP_PROGRAM` for program exercises.
    pub env: Vec<(String, PathBuf)>,
}

impl PytestRun<'_> {
    pub fn run(&self) -> Result<Vec<TestCase>> {
        let _ = std::fs::remove_file(&self.report);
        let plugin_dir = self.root.join("runner").join("python");
        let mut command = Command::new(self.venv.python());
        command
            .args([
                "-m",
                "pytest",
                "-q",
                "--no-header",
                "-p",
                "workshop_pytest_report",
            ])
            .arg(format!("--workshop-report={}", self.report.display()))
            .arg(format!("--rootdir={}", self.root.display()))
            .arg("-c")
            .arg(self.root.join("pyproject.toml"))
            // pytest-timeout stops one runaway test; the process limit below is the backstop.
            .arg(format!("--timeout={}", self.limit.as_secs().max(2) - 1))
            .arg(&self.tests)
            .current_dir(self.root)
            .env("PYTHONPATH", &plugin_dir)
            .env("VIRTUAL_ENV", &self.venv.dir)
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .env("RUST_BACKTRACE", "0");
        for (name, value) in &self.env {
            command.env(name, value);
        }
        let finished = process::run(&mut command, Some(self.limit))?;

        let mut instances = Vec::new();
        let mut running = None;
        let text = std::fs::read_to_string(&self.report).unwrap_or_default();
        for line in text.lines() {
            match serde_json::from_str(line).context("the pytest report is not valid JSON")? {
                Record::Start { base } => running = Some(base),
                Record::Result {
                    base,
                    outcome,
                    message,
                } => {
                    running = None;
                    instances.push((base, parse_outcome(&outcome), message));
                }
            }
        }
        if let Some(reason) = abnormal_end(&finished.ending) {
            // The test that started and never reported is the one that hung or crashed.
            let culprit = running.unwrap_or_else(|| "<pytest>".into());
            instances.push((culprit, Outcome::Error, reason));
        } else if instances.is_empty() && !finished.success() {
            // pytest could not even start: show what it said.
            let said =
                crate::compile::last_lines(&format!("{}{}", finished.stdout, finished.stderr), 8);
            instances.push(("<pytest>".into(), Outcome::Error, said));
        }
        Ok(group_instances(Suite::Pytest, instances))
    }
}

fn parse_outcome(text: &str) -> Outcome {
    match text {
        "passed" => Outcome::Passed,
        "failed" => Outcome::Failed,
        "skipped" => Outcome::Skipped,
        _ => Outcome::Error,
    }
}
