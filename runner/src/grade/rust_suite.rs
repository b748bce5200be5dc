//! Running the Rust test binaries and reading libtest's output.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::Result;

use crate::grade::expected::{Expected, Stop, account_for};
use crate::grade::libtest;
use crate::grade::test_results::{Outcome, Suite, TestCase};
use crate::process;
use crate::python_env::Venv;
use crate::sentences::stopped as says;

/// The name of a result that belongs to no test: the binary failed outside them.
const WHOLE_BINARY: &str = "<test binary>";

/// Run each test binary under the time limit and collect its tests' outcomes: every
/// test it lists, whether it reported or not. `threads` is how many tests of a binary
/// run at once: 1 unless the exercise says otherwise, because only then does libtest
/// name a test as it starts, so that the one that hangs can be named.
pub fn run(
    executables: &[impl AsRef<Path>],
    venv: &Venv,
    limit: Duration,
    threads: usize,
) -> Result<Vec<TestCase>> {
    let mut cases = Vec::new();
    for executable in executables {
        cases.extend(run_one(executable.as_ref(), venv, limit, threads)?);
    }
    Ok(cases)
}

fn run_one(
    executable: &Path,
    venv: &Venv,
    limit: Duration,
    threads: usize,
) -> Result<Vec<TestCase>> {
    let test_binary = || {
        let mut command = Command::new(executable);
        command
            .env("RUST_BACKTRACE", "0")
            .env("VIRTUAL_ENV", &venv.dir);
        venv.let_find_libpython(&mut command);
        command
    };
    let listed = process::run(
        test_binary().args(["--list", "--format", "terse"]),
        Some(limit),
    )?;
    if !listed.success() {
        return Ok(vec![unlisted(&listed)]);
    }
    let expected: Vec<Expected> = libtest::parse_list(&listed.stdout)
        .iter()
        .map(|name| Expected::test(name, 1))
        .collect();

    let threads = threads.to_string();
    let finished = process::run(
        test_binary().args(["--color", "never", "--test-threads", &threads]),
        Some(limit),
    )?;
    let output = format!("{}{}", finished.stdout, finished.stderr);
    let stop = Stop::of(&finished.ending, &output, None);
    let mut cases = account_for(
        Suite::Rust,
        &expected,
        libtest::parse(&finished.stdout),
        libtest::running_test(&finished.stdout).as_deref(),
        &stop,
        WHOLE_BINARY,
    );
    if let (Stop::TimeLimit(limit), false) = (&stop, threads == "1") {
        // Several tests ran at once: any that had not reported may be the one that hung.
        let mut unfinished = false;
        for case in &mut cases {
            if case.outcome == Outcome::NotRun {
                case.reason = Some(says::unfinished_among_several(limit.as_secs(), &threads));
                unfinished = true;
            }
        }
        // They say it: no stand-in for a culprit that libtest could not name.
        if unfinished {
            cases.retain(|case| case.name != WHOLE_BINARY);
        }
    }
    Ok(cases)
}

/// A binary that cannot even list its tests (it fails to load libpython, say).
fn unlisted(listed: &process::Finished) -> TestCase {
    let said = process::last_lines(&format!("{}{}", listed.stdout, listed.stderr), 8);
    TestCase {
        suite: Suite::Rust,
        name: WHOLE_BINARY.to_string(),
        outcome: Outcome::Error,
        instances: 1,
        instances_passed: 0,
        message: format!(
            "the test binary could not list its tests ({}):\n{said}",
            listed.ending
        ),
        reason: None,
    }
}

/// libtest runs tests in alphabetical order; show them in the order of the file, which
/// is the order the author meant them to be read in.
pub fn sort_by_source_order(cases: &mut [TestCase], suite_files: &[std::path::PathBuf]) {
    let sources: String = suite_files
        .iter()
        .filter_map(|file| std::fs::read_to_string(file).ok())
        .collect();
    cases.sort_by_key(|case| {
        let short = case.name.rsplit("::").next().unwrap_or(&case.name);
        sources.find(&format!("fn {short}(")).unwrap_or(usize::MAX)
    });
}
