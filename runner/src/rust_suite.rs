//! Running the Rust test binaries and reading libtest's output.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::Result;

use crate::process::{self, Ending};
use crate::python_env::Venv;
use crate::test_results::{Outcome, Suite, TestCase, group_instances};

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
        let mut parsed = parse_libtest(&finished.stdout);
        // A binary that died (timeout, segfault, abort) never reports the test it was in.
        if let Some(reason) = abnormal_end(&finished.ending) {
            let running = running_test(&finished.stdout);
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

/// `test name ... ok` lines, then the `---- name stdout ----` sections with the panic
/// messages of failed tests.
fn parse_libtest(stdout: &str) -> Vec<(String, Outcome, String)> {
    let mut results = Vec::new();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("test ") else {
            continue;
        };
        let Some((name, status)) = rest.rsplit_once(" ... ") else {
            continue;
        };
        let outcome = match status.trim() {
            "ok" => Outcome::Passed,
            "FAILED" => Outcome::Failed,
            status if status.starts_with("ignored") => Outcome::Skipped,
            _ => continue,
        };
        results.push((name.to_string(), outcome, String::new()));
    }
    for (name, outcome, message) in &mut results {
        if *outcome == Outcome::Failed {
            *message = failure_message(stdout, name);
        }
    }
    results
}

/// The lines under `---- name stdout ----`, minus libtest's own notes.
fn failure_message(stdout: &str, name: &str) -> String {
    let header = format!("---- {name} stdout ----");
    let Some(start) = stdout.find(&header) else {
        return String::new();
    };
    stdout[start + header.len()..]
        .lines()
        .skip_while(|line| line.trim().is_empty())
        .take_while(|line| !line.starts_with("---- ") && *line != "failures:")
        .filter(|line| !line.starts_with("note: run with `RUST_BACKTRACE"))
        .map(|line| strip_thread_prefix(line, name))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// `thread 'name' (1234) panicked at …` → `panicked at …`: the test's name is shown
/// already, and the thread id means nothing to a learner.
fn strip_thread_prefix<'a>(line: &'a str, name: &str) -> &'a str {
    let Some(rest) = line.strip_prefix(&format!("thread '{name}' ")) else {
        return line;
    };
    match rest
        .strip_prefix('(')
        .and_then(|rest| rest.split_once(") "))
    {
        Some((id, after)) if id.chars().all(|c| c.is_ascii_digit()) => after,
        _ => rest,
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

/// With one test thread, a test that started and never finished is the one that hung
/// or crashed: libtest prints `test name ... ` before running it.
fn running_test(stdout: &str) -> Option<String> {
    let last = stdout.lines().last()?.trim_end();
    let name = last.strip_prefix("test ")?.strip_suffix(" ...")?;
    Some(name.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTPUT: &str = "\nrunning 2 tests\ntest zero_is_one ... ok\ntest twenty ... FAILED\n\nfailures:\n\n---- twenty stdout ----\n\nthread 'twenty' (77) panicked at tests/factorial.rs:20:5:\nassertion `left == right` failed\n  left: 1\n right: 2432902008176640000\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\n\nfailures:\n    twenty\n\ntest result: FAILED. 1 passed; 1 failed\n";

    #[test]
    fn reads_outcomes_and_panic_messages() {
        let results = parse_libtest(OUTPUT);
        assert_eq!(results.len(), 2);
        assert_eq!(
            results[0],
            ("zero_is_one".into(), Outcome::Passed, String::new())
        );
        assert_eq!(results[1].1, Outcome::Failed);
        assert_eq!(
            results[1].2,
            "panicked at tests/factorial.rs:20:5:\nassertion `left == right` failed\n  left: 1\n right: 2432902008176640000"
        );
    }

    #[test]
    fn names_the_test_that_never_finished() {
        assert_eq!(
            running_test("running 1 test\ntest spins ... "),
            Some("spins".into())
        );
        assert_eq!(running_test("running 1 test\ntest spins ... ok\n"), None);
        assert_eq!(
            running_test("running 1 test\ntest spins ..."),
            Some("spins".into())
        );
    }
}
