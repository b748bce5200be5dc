//! Running a pytest suite with the runner's reporting plugin and reading its results.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::Result;

use crate::grade::expected::{Expected, Stop, account_for};
use crate::grade::pytest_command::{python_dir, set_pytest_env};
use crate::grade::pytest_records::{self, Records};
use crate::grade::pytest_server::PytestServer;
use crate::grade::test_results::{Outcome, Suite, TestCase, group_instances};
use crate::process;
use crate::python_env::Venv;

pub struct PytestRun<'a> {
    pub root: &'a Path,
    pub venv: &'a Venv,
    pub tests: PathBuf,
    /// Where the JSON report goes (a scratch file of the runner's).
    pub report: PathBuf,
    pub limit: Duration,
    /// Extra environment, such as `WORKSHOP_PROGRAM` for program exercises.
    pub env: Vec<(String, OsString)>,
}

/// pytest, started and waiting for the word to go (see `workshop_pytest_launch.py`).
pub struct WarmPytest(process::Running);

impl PytestRun<'_> {
    /// Start and run the suite.
    pub fn run(&self) -> Result<Vec<TestCase>> {
        self.start()?.go(self)
    }

    /// Start Python and import pytest now, while the code under test is still being
    /// built; [`WarmPytest::go`] then runs the suite. Saves most of pytest's start-up.
    pub fn start(&self) -> Result<WarmPytest> {
        let _ = std::fs::remove_file(&self.report);
        let mut command = Command::new(self.venv.python());
        command
            .arg(python_dir(self.root).join("workshop_pytest_launch.py"))
            .args(self.pytest_args())
            .current_dir(self.root)
            .stdin(Stdio::piped());
        set_pytest_env(&mut command, self.root, self.venv);
        for (name, value) in &self.env {
            command.env(name, value);
        }
        Ok(WarmPytest(process::spawn(&mut command)?))
    }

    /// Run the suite in a child of `watch`'s fork server (see `pytest_server.rs`).
    pub fn run_in(&self, server: &mut PytestServer) -> Result<Vec<TestCase>> {
        let _ = std::fs::remove_file(&self.report);
        let output = self.report.with_extension("out");
        let finished = server.run(
            &self.pytest_args(),
            &self.env,
            self.root,
            &output,
            self.limit,
        )?;
        self.read_results(&finished)
    }

    /// pytest's arguments: the reporting plugin, the workshop's configuration, the suite.
    fn pytest_args(&self) -> Vec<OsString> {
        let mut args: Vec<OsString> = [
            "-q",
            "--no-header",
            // No tracebacks: the plugin writes each failure's message from the exception
            // itself, and nobody reads pytest's own report. Formatting the tracebacks of
            // a fresh exercise's failures (reading the source of every frame) took 0.1 s
            // of pytest's 0.25 s.
            "--tb=no",
            "-p",
            "workshop_pytest_report",
            // A test file that does not import must not stop the others from running.
            "--continue-on-collection-errors",
        ]
        .map(OsString::from)
        .into();
        args.push(format!("--workshop-report={}", self.report.display()).into());
        args.push(format!("--rootdir={}", self.root.display()).into());
        args.push("-c".into());
        args.push(self.root.join("pyproject.toml").into());
        // pytest-timeout stops one runaway test; the process limit is the backstop.
        args.push(format!("--timeout={}", self.pytest_timeout().as_secs()).into());
        args.push(self.tests.clone().into());
        args
    }
}

impl WarmPytest {
    /// The build is in place: run the suite and read its results.
    pub fn go(mut self, run: &PytestRun<'_>) -> Result<Vec<TestCase>> {
        if let Some(stdin) = self.0.stdin.as_mut() {
            // A write error means Python already ended; its output will say why.
            let _ = stdin.write_all(b"go\n");
        }
        let finished = self.0.finish(Some(run.limit))?;
        run.read_results(&finished)
    }

    /// The build failed: no suite to run.
    pub fn cancel(self) {
        self.0.cancel();
    }
}

impl PytestRun<'_> {
    /// pytest-timeout's limit for one test: under the suite's by enough (a tenth, at
    /// least 2 s) for pytest's start and collection, so that a hung test is stopped by
    /// pytest-timeout, which names it, rather than by the runner's backstop.
    fn pytest_timeout(&self) -> Duration {
        let suite = self.limit.as_secs();
        Duration::from_secs(suite.saturating_sub((suite / 10).max(2)).max(1))
    }

    fn read_results(&self, finished: &process::Finished) -> Result<Vec<TestCase>> {
        let text = std::fs::read_to_string(&self.report).unwrap_or_default();
        // Read once, then gone: scratch files of this process only.
        let _ = std::fs::remove_file(&self.report);
        let _ = std::fs::remove_file(self.report.with_extension("out"));
        let Records {
            instances,
            running,
            collected,
            uncollected,
        } = pytest_records::parse(&text)?;
        let output = format!("{}{}", finished.stdout, finished.stderr);
        let stop = Stop::of(&finished.ending, &output, Some(self.pytest_timeout()));
        let Some(collected) = collected else {
            return Ok(ended_before_collecting(instances, &stop, &output));
        };
        let expected: Vec<Expected> = collected
            .iter()
            .map(|test| Expected::test(&test.base, test.instances))
            .chain(uncollected.into_iter().map(|(name, reason)| Expected {
                name,
                instances: 1,
                blocked: Some(reason),
            }))
            .collect();
        Ok(account_for(
            Suite::Pytest,
            &expected,
            instances,
            running.as_deref(),
            &stop,
            WHOLE_RUN,
        ))
    }
}

/// The name of a result that belongs to no test: pytest failed outside them.
const WHOLE_RUN: &str = "<pytest>";

/// pytest never finished collecting (it could not start, or the code crashed it while
/// a test file imported it): no list of tests to grade against, so one error says why.
fn ended_before_collecting(
    instances: Vec<(String, Outcome, String)>,
    stop: &Stop,
    output: &str,
) -> Vec<TestCase> {
    let mut cases = group_instances(Suite::Pytest, instances);
    let message = match stop {
        Stop::Exited(_) => format!(
            "pytest ended before it had collected the tests:\n{}",
            process::last_lines(output, 8)
        ),
        abnormal => abnormal.culprit_message(),
    };
    cases.push(TestCase {
        suite: Suite::Pytest,
        name: WHOLE_RUN.to_string(),
        outcome: Outcome::Error,
        instances: 1,
        instances_passed: 0,
        message,
        reason: None,
    });
    cases
}
