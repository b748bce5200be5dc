//! Reading libtest's plain output (`--color never`, one test thread): each test's
//! outcome, the panic message of each failure, and the test that never finished; and
//! its `--list` of the tests a binary holds.

use crate::grade::test_results::Outcome;

/// `test name ... ok` lines, then the `---- name stdout ----` sections with the panic
/// messages of failed tests.
pub fn parse(stdout: &str) -> Vec<(String, Outcome, String)> {
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

/// The lines under `---- name stdout ----`, minus libtest's own notes. The panic that
/// failed the test comes first: it is the test thread's last, and what the test printed
/// before it (its output, panics it caught on purpose) follows.
fn failure_message(stdout: &str, name: &str) -> String {
    let header = format!("---- {name} stdout ----");
    let Some(start) = stdout.find(&header) else {
        return String::new();
    };
    let mut lines: Vec<&str> = stdout[start + header.len()..]
        .lines()
        .skip_while(|line| line.trim().is_empty())
        .take_while(|line| !line.starts_with("---- ") && *line != "failures:")
        .filter(|line| !line.starts_with("note: run with `RUST_BACKTRACE"))
        .map(|line| strip_thread_prefix(line, name))
        .collect();
    if let Some(last_panic) = lines
        .iter()
        .rposition(|line| line.starts_with("panicked at "))
    {
        lines.rotate_left(last_panic);
    }
    lines.join("\n").trim().to_string()
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

/// The tests of a test binary, from `--list --format terse`: `name: test` lines (and
/// `name: benchmark` lines, which are no tests). Ignored tests are listed too: a run
/// reports them as ignored.
pub fn parse_list(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|line| line.strip_suffix(": test"))
        .map(str::to_string)
        .collect()
}

/// With one test thread, a test that started and never finished is the one that hung
/// or crashed: libtest prints `test name ... ` before running it.
pub fn running_test(stdout: &str) -> Option<String> {
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
        let results = parse(OUTPUT);
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
    fn the_panic_that_failed_the_test_comes_first() {
        let output = "test caught ... FAILED\n\nfailures:\n\n---- caught stdout ----\n\nthread 'caught' (7) panicked at tests/t.rs:3:9:\nout of fuel\nthread 'caught' (7) panicked at tests/t.rs:5:5:\nassertion `left == right` failed\n  left: 1\n\nfailures:\n    caught\n";
        assert_eq!(
            parse(output)[0].2,
            "panicked at tests/t.rs:5:5:\nassertion `left == right` failed\n  left: 1\n\npanicked at tests/t.rs:3:9:\nout of fuel"
        );
    }

    #[test]
    fn lists_the_tests_and_only_the_tests() {
        let listed = "zero_is_one: test\nmodule::twenty: test\nspeed: benchmark\n";
        assert_eq!(parse_list(listed), ["zero_is_one", "module::twenty"]);
        // Without `--format terse` a count follows: it names no test.
        assert_eq!(
            parse_list("zero_is_one: test\n\n1 test, 0 benchmarks\n"),
            ["zero_is_one"]
        );
        assert!(parse_list("").is_empty());
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
