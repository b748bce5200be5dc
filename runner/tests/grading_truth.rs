//! Grading a learner can trust: a suite that dies early never looks like a suite that
//! passed. Every test the suites hold is in the verdict (a test that never ran says
//! why), and no process the grading started outlives it: not a grandchild holding the
//! pipes, not a looping test after the runner is killed. Unix only: it sends signals
//! and reads the process table.
#![cfg(unix)]

mod fixture;

use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use fixture::{Fixture, stderr, stdout};
use serde_json::Value;

/// A correct body for `factorial`, for the faults below to be added to.
const CORRECT: &str = "    (1..=n)\n        .try_fold(1u64, |product, k| product.checked_mul(k))\n        \
     .ok_or_else(|| pyo3::exceptions::PyOverflowError::new_err(\"21! does not fit in 64 bits\"))";

/// `report --json`'s entry for the fixture's one exercise.
fn reported_exercise(fixture: &Fixture) -> Value {
    let report = fixture.run(&["report", "--json"]);
    assert!(report.status.success(), "{}", stderr(&report));
    let report: Value = serde_json::from_slice(&report.stdout).expect("report --json is JSON");
    report["exercises"][0].clone()
}

fn tests_of(exercise: &Value) -> Vec<Value> {
    exercise["tests"]
        .as_array()
        .expect("a list of tests")
        .clone()
}

fn test_named<'a>(tests: &'a [Value], name: &str) -> &'a Value {
    tests
        .iter()
        .find(|test| test["name"] == name)
        .unwrap_or_else(|| panic!("no test {name} in {tests:#?}"))
}

/// How many test functions the fixture's suites hold, counted from their sources.
fn tests_in_sources(fixture: &Fixture) -> usize {
    let tests = fixture.root.join("exercises/05_factorial/tests");
    let mut count = 0;
    for entry in std::fs::read_dir(tests).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        count += match path.extension().and_then(|e| e.to_str()) {
            Some("rs") => text.matches("#[test]").count(),
            Some("py") => text
                .lines()
                .filter(|line| line.trim_start().starts_with("def test"))
                .count(),
            _ => 0,
        };
    }
    count
}

/// Run the runner with `args` on a thread; a hang becomes a failure after `guard`.
fn run_guarded(fixture: &Fixture, args: &[&str], guard: Duration) -> Output {
    let mut command = fixture.command(args);
    let (sender, finished) = mpsc::channel();
    thread::spawn(move || {
        let _ = sender.send(command.output().expect("the runner starts"));
    });
    finished
        .recv_timeout(guard)
        .unwrap_or_else(|_| panic!("`cargo workshop {}` hung", args.join(" ")))
}

/// The ids of the processes whose command line matches `pattern` (`pgrep -f`).
fn processes_matching(pattern: &str) -> Vec<String> {
    let output = Command::new("pgrep")
        .args(["-f", pattern])
        .output()
        .expect("pgrep runs");
    stdout(&output)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// Wait until no process matches `pattern`; false if some still do at the deadline.
fn all_gone(pattern: &str, deadline: Duration) -> bool {
    let give_up = Instant::now() + deadline;
    while !processes_matching(pattern).is_empty() {
        if Instant::now() > give_up {
            return false;
        }
        thread::sleep(Duration::from_millis(100));
    }
    true
}

/// Clean up after a failure: kill, by id, what this test left behind.
fn kill_matching(pattern: &str) {
    let ids = processes_matching(pattern);
    if !ids.is_empty() {
        let _ = Command::new("kill").arg("-KILL").args(ids).status();
    }
}

#[test]
fn an_exit_in_the_middle_of_a_test_is_never_done() {
    let fixture = Fixture::new("exit-mid-test", false);
    fixture.write_factorial_body(&format!(
        "    if n == 5 {{\n        std::process::exit(1);\n    }}\n{CORRECT}"
    ));
    let output = fixture.run(&["check", "05"]);
    let text = stdout(&output);
    assert!(!output.status.success(), "{text}");
    assert!(!text.contains("Done!"), "{text}");
    assert!(text.contains("(not run)"), "{text}");

    let exercise = reported_exercise(&fixture);
    assert_eq!(exercise["done"], false);
    let tests = tests_of(&exercise);
    assert_eq!(tests.len(), tests_in_sources(&fixture), "{tests:#?}");
    assert_eq!(exercise["required"], tests.len());
    // The Rust test that hit the exit, then the ones libtest never reached.
    let culprit = test_named(&tests, "factorial_of_small_numbers");
    assert_eq!(culprit["outcome"], "error");
    assert!(
        culprit["message"]
            .as_str()
            .unwrap()
            .contains("exited (status 1)"),
        "{culprit}"
    );
    let after = test_named(&tests, "factorial_of_zero_is_one");
    assert_eq!(after["outcome"], "not_run", "{after}");
    assert_eq!(
        after["reason"],
        "the test process exited with status 1 during factorial_of_small_numbers"
    );
    // pytest: the parametrized test stopped at n = 5, everything after it not run.
    let free = test_named(&tests, "test_negative_raises_overflow_error");
    assert_eq!(free["outcome"], "not_run", "{free}");
    assert!(
        free["reason"]
            .as_str()
            .unwrap()
            .contains("during test_matches_math_factorial"),
        "{free}"
    );
}

#[test]
fn a_hang_is_stopped_and_every_test_still_counts() {
    let fixture = Fixture::new("hang", false);
    // At n = 5 the code sleeps in Python: pytest-timeout can stop that (the sleep
    // releases the GIL) with `os._exit`; the Rust suite is stopped by the time limit.
    fixture.write_factorial_body(&format!(
        "    if n == 5 {{\n        Python::initialize();\n        \
         Python::attach(|py| py.import(\"time\")?.call_method1(\"sleep\", (600,)).map(drop))?;\n    }}\n{CORRECT}"
    ));
    let output = run_guarded(
        &fixture,
        &["--timeout", "10", "check", "05"],
        Duration::from_secs(300),
    );
    let text = stdout(&output);
    assert!(!output.status.success(), "{text}");
    assert!(!text.contains("Done!"), "{text}");

    let stopped = tests_of(&reported_exercise(&fixture));
    let rust_culprit = test_named(&stopped, "factorial_of_small_numbers");
    assert!(
        rust_culprit["message"]
            .as_str()
            .unwrap()
            .contains("still running after 10 s"),
        "{rust_culprit}"
    );
    assert_eq!(
        test_named(&stopped, "factorial_of_zero_is_one")["reason"],
        "the time limit (10 s) stopped the suite at factorial_of_small_numbers"
    );
    let python_culprit = test_named(&stopped, "test_matches_math_factorial");
    let message = python_culprit["message"].as_str().unwrap();
    assert!(message.contains("still running after"), "{python_culprit}");
    // pytest-timeout stopped it, before the runner's own limit had to.
    assert!(!message.contains("after 10 s"), "{python_culprit}");
    let after = test_named(&stopped, "test_returns_a_python_int");
    assert_eq!(after["outcome"], "not_run", "{after}");
    assert!(
        after["reason"]
            .as_str()
            .unwrap()
            .contains("stopped the suite at test_matches_math_factorial"),
        "{after}"
    );

    // With several tests at once (`test_threads`), libtest names no test as it starts:
    // each Rust test that had not finished may be the one that hangs, and says so.
    let manifest = fixture.root.join("workshop.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let text = text.replace(
        "module = \"factorial\"\n",
        "module = \"factorial\"\ntest_threads = 2\n",
    );
    std::fs::write(&manifest, text).unwrap();
    run_guarded(
        &fixture,
        &["--timeout", "10", "check", "05"],
        Duration::from_secs(300),
    );
    let parallel = tests_of(&reported_exercise(&fixture));
    assert_eq!(parallel.len(), stopped.len(), "{parallel:#?}");
    let unfinished = test_named(&parallel, "factorial_of_small_numbers");
    assert_ne!(unfinished["outcome"], "passed", "{unfinished}");
    assert!(
        unfinished["reason"]
            .as_str()
            .is_some_and(|reason| reason.contains("may be the one that hangs")),
        "{unfinished}"
    );

    // A clean run counts exactly as many tests.
    let solved = fixture.run(&["solve", "05"]);
    assert!(solved.status.success(), "{}", stderr(&solved));
    let clean = fixture.run(&["check", "05"]);
    assert!(clean.status.success(), "{}", stdout(&clean));
    let passing = tests_of(&reported_exercise(&fixture));
    assert_eq!(stopped.len(), passing.len(), "{stopped:#?}\n{passing:#?}");
}

#[test]
fn a_process_the_code_starts_ends_with_the_suite() {
    let fixture = Fixture::new("grandchild", false);
    // A number no other process on the machine has in its command line.
    let marker = "120.4271";
    fixture.write_factorial_body(&format!(
        "    let _ = std::process::Command::new(\"sleep\").arg(\"{marker}\").spawn();\n{CORRECT}"
    ));
    let pattern = format!("sleep {marker}");
    // Had the runner waited for the sleeps to close the pipes, this would take 120 s.
    let output = run_guarded(
        &fixture,
        &["--timeout", "10", "check", "05"],
        Duration::from_secs(100),
    );
    let text = stdout(&output);
    let gone = all_gone(&pattern, Duration::from_secs(10));
    kill_matching(&pattern);
    assert!(text.contains("Done!"), "{text}{}", stderr(&output));
    assert!(gone, "the code's `sleep` processes outlived the grading");
}

/// A runner grading code that starts a `sleep <marker>` (a grandchild of the runner)
/// and then loops for ever, with both suites under way.
struct Runaway {
    runner: Child,
    /// Patterns (`pgrep -f`) for its pytest, its Rust test binary and the sleep.
    patterns: [(&'static str, String); 3],
}

impl Runaway {
    fn start(fixture: &Fixture, marker: &str) -> Runaway {
        fixture.write_factorial_body(&format!(
            "    let _ = std::process::Command::new(\"sleep\").arg(\"{marker}\").spawn();\n    \
             let mut k = n;\n    loop {{\n        k = std::hint::black_box(k.wrapping_add(1));\n    }}"
        ));
        let mut runner = fixture
            .command(&["--timeout", "600", "check", "05"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the runner starts");
        let pytest = format!(
            "{}/runner/python/workshop_pytest_launch.py",
            fixture.root.display()
        );
        // This checkout's test binaries only: other checkouts may run the same tests.
        let rust_tests = format!(
            "{}/target/runner-tests/build/.*/deps/factorial-[0-9a-f]+ --color never --test-threads 1",
            fixture::repo().display()
        );
        let sleep = format!("sleep {marker}");
        // Wait until both suites are under way (the build comes first).
        let give_up = Instant::now() + Duration::from_secs(300);
        while processes_matching(&pytest).is_empty() || processes_matching(&rust_tests).is_empty() {
            assert!(Instant::now() < give_up, "the suites never started");
            assert!(
                runner.try_wait().unwrap().is_none(),
                "the runner ended before its suites started"
            );
            thread::sleep(Duration::from_millis(100));
        }
        thread::sleep(Duration::from_secs(1)); // well into the endless loops
        assert!(
            !processes_matching(&sleep).is_empty(),
            "the code started no sleep"
        );
        Runaway {
            runner,
            patterns: [
                ("pytest", pytest),
                ("the Rust test binary", rust_tests),
                ("the code's `sleep`", sleep),
            ],
        }
    }

    /// After the runner has ended (`how` says how): every process it started is gone
    /// within a generous deadline. What is left is killed before the test fails.
    fn assert_all_gone_after(mut self, how: &str) {
        self.runner.wait().unwrap();
        let survivors: Vec<&str> = self
            .patterns
            .iter()
            .filter(|(_, pattern)| !all_gone(pattern, Duration::from_secs(30)))
            .map(|(what, _)| *what)
            .collect();
        for (_, pattern) in &self.patterns {
            kill_matching(pattern);
        }
        assert!(
            survivors.is_empty(),
            "{survivors:?} outlived the {how} runner"
        );
    }
}

#[test]
fn a_killed_runner_takes_its_suites_with_it() {
    let fixture = Fixture::new("killed-runner", false);
    let mut runaway = Runaway::start(&fixture, "120.6143");
    runaway.runner.kill().unwrap(); // SIGKILL: the runner gets no chance to clean up
    runaway.assert_all_gone_after("killed");
}

#[test]
fn ctrl_c_ends_the_suites_and_what_they_started() {
    let fixture = Fixture::new("interrupted-suites", false);
    let runaway = Runaway::start(&fixture, "120.5381");
    // The terminal sends Ctrl-C's SIGINT to its foreground group: that is the runner
    // alone, since each suite leads a group of its own.
    let status = Command::new("kill")
        .args(["-INT", &runaway.runner.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    runaway.assert_all_gone_after("interrupted");
}

#[test]
fn a_class_missing_from_the_module_shows_the_import_error_once() {
    let fixture = Fixture::new("missing-class", false);
    fixture.write_factorial_body(CORRECT);
    // A second test file, as a class exercise has: it needs `Counter`, which the
    // module does not define yet.
    let counter_tests = "\"\"\"Tests of a class the module does not have yet.\"\"\"\n\n\
        from factorial import Counter\n\n\n\
        def test_starts_at_zero():\n    assert Counter().value == 0\n\n\n\
        class TestIncrement:\n    def test_adds_one(self):\n        counter = Counter()\n        \
        counter.increment()\n        assert counter.value == 1\n\n    \
        def helper(self):\n        pass\n";
    std::fs::write(
        fixture
            .root
            .join("exercises/05_factorial/tests/test_counter.py"),
        counter_tests,
    )
    .unwrap();
    let output = fixture.run(&["check", "05"]);
    let text = stdout(&output);
    assert!(!output.status.success(), "{text}");
    assert_eq!(
        text.matches("cannot import name 'Counter' from 'factorial'")
            .count(),
        1,
        "the import error, once: {text}"
    );
    assert!(!text.contains("Hint: make sure"), "{text}");

    let tests = tests_of(&reported_exercise(&fixture));
    for name in ["test_starts_at_zero", "test_adds_one"] {
        let test = test_named(&tests, name);
        assert_eq!(test["outcome"], "not_run", "{test}");
        assert!(
            test["reason"]
                .as_str()
                .unwrap()
                .starts_with("ImportError: cannot import name 'Counter' from 'factorial'"),
            "{test}"
        );
    }
    assert!(tests.iter().all(|test| test["name"] != "helper"));
    // The file that imports still ran.
    assert_eq!(
        test_named(&tests, "test_returns_a_python_int")["outcome"],
        "passed"
    );
    assert_eq!(tests.len(), tests_in_sources(&fixture), "{tests:#?}");
}

#[test]
fn a_stack_overflow_is_named_as_the_cause_of_the_crash() {
    let fixture = Fixture::new("stack-overflow", false);
    fixture.write_factorial_body(
        "    fn dive(depth: u64) -> u64 {\n        \
         let frame = std::hint::black_box([depth; 512]);\n        \
         if frame[0] == u64::MAX { 0 } else { frame[1] + dive(depth + 1) }\n    }\n    Ok(dive(n))",
    );
    let output = fixture.run(&["check", "05"]);
    let text = stdout(&output);
    assert!(!output.status.success(), "{text}");
    let tests = tests_of(&reported_exercise(&fixture));
    let crashed = test_named(&tests, "factorial_of_small_numbers");
    let message = crashed["message"].as_str().unwrap();
    assert!(message.contains("crashed"), "{crashed}");
    assert!(message.contains("stack overflow"), "{crashed}");
    assert!(text.contains("stack overflow"), "{text}");
}

#[test]
fn two_checks_at_once_each_read_their_own_results() {
    let fixture = Fixture::new("two-checks", false);
    fixture.write_factorial_body("    Ok(n)");
    // `watch` in one terminal and `check` in another: two runners grade the same
    // exercise at once. Each must count every test of its own run. Both start with a
    // first build (no record of an installed module): both would run maturin into one
    // target folder and one venv, were builds not taken one at a time.
    let _ = std::fs::remove_dir_all(fixture.root.join(".venv/workshop-installed"));
    let runs: Vec<Child> = (0..2)
        .map(|_| {
            fixture
                .command(&["check", "05"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("the runner starts")
        })
        .collect();
    let total = tests_in_sources(&fixture);
    for run in runs {
        let output = run.wait_with_output().expect("the runner ends");
        let text = stdout(&output);
        let listed = text
            .lines()
            .filter(|line| line.starts_with("  ✓ ") || line.starts_with("  ✗ "))
            .count();
        assert_eq!(listed, total, "{text}{}", stderr(&output));
        assert!(!text.contains("not run"), "{text}");
        // The 21 cases of n = 0..=20, once each: not the other run's cases as well.
        assert!(
            text.contains("test_matches_math_factorial (2/21 cases)"),
            "{text}"
        );
    }
}

/// A plain Rust crate (`kind = "rust"`, the drills) is graded by `cargo test` alone:
/// its starter fails every drill, its solution passes them, and no pytest suite is
/// looked for.
#[test]
fn a_plain_rust_exercise_is_graded_by_cargo_test_alone() {
    let fixture = Fixture::new("plain_rust", false);
    let repo = fixture::repo();
    for side in ["exercises", "solutions"] {
        fixture::copy_tree(
            &repo.join(side).join("04_drills"),
            &fixture.root.join(side).join("04_drills"),
        );
    }
    std::fs::write(
        fixture.root.join("workshop.toml"),
        "[[exercise]]\nname = \"04_drills\"\ntitle = \"Drills\"\nchapter = \"04_rust_crash_course\"\n\
         level = \"beginner\"\nkind = \"rust\"\nmodule = \"drills\"\nhints = [\"one\", \"two\"]\n",
    )
    .unwrap();

    let starter = fixture.run(&["check", "04"]);
    let said = stdout(&starter);
    assert!(!starter.status.success(), "the starter passed:\n{said}");
    assert!(said.contains("0 of 9 required tests pass"), "{said}");
    assert!(
        !said.contains("pytest"),
        "a plain Rust crate has no pytest suite:\n{said}"
    );

    fixture::copy_tree(
        &fixture.root.join("solutions/04_drills/src"),
        &fixture.root.join("exercises/04_drills/src"),
    );
    let solved = fixture.run(&["check", "04"]);
    assert!(
        solved.status.success(),
        "the solution failed:\n{}{}",
        stdout(&solved),
        stderr(&solved)
    );
    assert!(stdout(&solved).contains("all 9 required tests pass"));
}
