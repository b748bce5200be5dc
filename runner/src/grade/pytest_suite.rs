//! Running a pytest suite with the runner's reporting plugin and reading its results.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::Result;

use crate::grade::pytest_command::{python_dir, set_pytest_env};
use crate::grade::pytest_records::{self, Records};
use crate::grade::pytest_server::PytestServer;
use crate::grade::rust_suite::abnormal_end;
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
    pub env: Vec<(&'static str, OsString)>,
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
        let mut args: Vec<OsString> = ["-q", "--no-header", "-p", "workshop_pytest_report"]
            .map(OsString::from)
            .into();
        args.push(format!("--workshop-report={}", self.report.display()).into());
        args.push(format!("--rootdir={}", self.root.display()).into());
        args.push("-c".into());
        args.push(self.root.join("pyproject.toml").into());
        // pytest-timeout stops one runaway test; the process limit is the backstop.
        args.push(format!("--timeout={}", self.limit.as_secs().max(2) - 1).into());
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
    fn read_results(&self, finished: &process::Finished) -> Result<Vec<TestCase>> {
        let text = std::fs::read_to_string(&self.report).unwrap_or_default();
        // Read once, then gone: scratch files of this process only.
        let _ = std::fs::remove_file(&self.report);
        let _ = std::fs::remove_file(self.report.with_extension("out"));
        let Records {
            mut instances,
            running,
        } = pytest_records::parse(&text)?;
        if let Some(reason) = abnormal_end(&finished.ending) {
            // The test that started and never reported is the one that hung or crashed.
            let culprit = running.unwrap_or_else(|| "<pytest>".into());
            instances.push((culprit, Outcome::Error, reason));
        } else if instances.is_empty() && !finished.success() {
            // pytest could not even start: show what it said.
            let said =
                crate::process::last_lines(&format!("{}{}", finished.stdout, finished.stderr), 8);
            instances.push(("<pytest>".into(), Outcome::Error, said));
        }
        Ok(group_instances(Suite::Pytest, instances))
    }
}
