//! Running the Rust test binaries and reading libtest's output.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::Result;

use crate::grade::libtest;
use crate::grade::test_results::{Outcome, Suite, TestCase, group_instances};
use crate::process::{self, Ending};
use crate::python_env::Venv;

/// Run each test binary under the time limit and collect its tests' outcomes.
pub fn run(
    executables: &[impl AsRef<Path>],
    venv: &Venv,
    limit: Duration,
) -> Result<Vec<TestCase>> {
    let mut instances = Vec::new();
    for executable in executables {
        let finished = process::run(
            Command::new(executable.as_ref())
                .args(["--color", "never", "--test-threads", "1"])
                .env("RUST_BACKTRACE", "0")
                .env("VIRTUAL_ENV", &venv.dir),
            Some(limit),
        )?;
        let mut parsed = libtest::parse(&finished.stdout);
        // A binary that died (timeout, segfault, abort) never reports the test it was in.
        if let Some(reason) = abnormal_end(&finished.ending) {
            let running = libtest::running_test(&finished.stdout);
            parsed.push((
                running.unwrap_or_else(|| "<test binary>".into()),
                Outcome::Error,
                reason,
            ));
        }
        instances.extend(parsed);
    }
    Ok(group_instances(Suite::Rust, instances))
}

pub fn abnormal_end(ending: &Ending) -> Option<String> {
    match ending {
        Ending::Exited(_) => None,
        Ending::Crashed(how) => Some(format!("the test process crashed: {how}")),
        Ending::TimedOut(limit) => Some(format!(
            "still running after {} s, so it was stopped: is there an endless loop?",
            limit.as_secs()
        )),
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
