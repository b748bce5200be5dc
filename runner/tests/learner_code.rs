//! The runner survives whatever a learner writes: compile errors, wrong answers,
//! endless loops, crashes, interrupted builds, a corrupt progress file; and `reset` and
//! `solve` always keep the learner's exact files. Unix only: it sends signals and uses
//! symlinks.
#![cfg(unix)]

mod fixture;

use std::os::unix::process::CommandExt;
use std::process::Stdio;
use std::time::Duration;

use fixture::{Fixture, stderr, stdout};

#[test]
fn a_compile_error_is_shown_as_its_first_error() {
    let fixture = Fixture::new("compile-error", false);
    fixture.write_factorial_body("    Ok(\"not a number\")");
    let output = fixture.run(&["check", "05"]);
    let text = stdout(&output);
    assert!(!output.status.success());
    assert!(text.contains("does not compile yet"), "{text}");
    assert!(text.contains("error[E0308]: mismatched types"), "{text}");
    assert!(
        text.contains("src/lib.rs"),
        "the error names its file: {text}"
    );
}

#[test]
fn a_failing_test_is_named_with_expected_and_actual_values() {
    let fixture = Fixture::new("failing-test", false);
    fixture.write_factorial_body("    Ok(n)");
    let output = fixture.run(&["check", "05"]);
    let text = stdout(&output);
    assert!(!output.status.success());
    // Rust suite: libtest's left/right values.
    assert!(text.contains("✗ factorial_of_small_numbers"), "{text}");
    assert!(
        text.contains("left: 0") && text.contains("right: 1"),
        "{text}"
    );
    // pytest suite: the rewritten assertion with both values.
    assert!(text.contains("✗ test_matches_math_factorial"), "{text}");
    assert!(text.contains("assert 0 == 1"), "{text}");
    // Tests that do pass are listed as such.
    assert!(text.contains("✓ test_returns_a_python_int"), "{text}");

    // The classroom report carries the same per-test results.
    let report = fixture.run(&["report", "--json"]);
    assert!(report.status.success(), "{}", stderr(&report));
    let report: serde_json::Value =
        serde_json::from_slice(&report.stdout).expect("report --json is JSON");
    let exercise = &report["exercises"][0];
    assert_eq!(exercise["name"], "05_factorial");
    assert_eq!(exercise["done"], false);
    let outcome_of = |name: &str| {
        let tests = exercise["tests"].as_array().expect("a list of tests");
        tests
            .iter()
            .find(|test| test["name"] == name)
            .map(|test| test["outcome"].clone())
    };
    assert_eq!(
        outcome_of("factorial_of_small_numbers"),
        Some("failed".into())
    );
    assert_eq!(
        outcome_of("test_returns_a_python_int"),
        Some("passed".into())
    );
}

#[test]
fn an_endless_loop_is_stopped_by_the_timeout() {
    let fixture = Fixture::new("endless-loop", false);
    fixture.write_factorial_body("    let mut k = n;\n    loop {\n        k = std::hint::black_box(k.wrapping_add(1));\n    }");
    let output = fixture.run(&["--timeout", "5", "check", "05"]);
    let text = stdout(&output);
    assert!(!output.status.success());
    assert!(text.contains("still running after"), "{text}");
    assert!(text.contains("endless loop"), "{text}");
}

#[test]
fn an_abort_in_the_extension_is_reported_as_a_crash() {
    let fixture = Fixture::new("abort", false);
    fixture.write_factorial_body("    let _ = n;\n    std::process::abort()");
    let output = fixture.run(&["check", "05"]);
    let text = stdout(&output);
    assert!(!output.status.success(), "{text}");
    assert!(text.contains("crashed: aborted (SIGABRT)"), "{text}");
}

#[test]
fn a_segfault_in_the_extension_is_reported_as_a_crash() {
    let fixture = Fixture::new("segfault", false);
    fixture.write_factorial_body(
        "    // Deliberately broken: write through a null pointer.\n    \
         let null = std::hint::black_box(std::ptr::null_mut::<u64>());\n    \
         unsafe { null.write_volatile(n) };\n    Ok(n)",
    );
    let output = fixture.run(&["check", "05"]);
    let text = stdout(&output);
    assert!(!output.status.success(), "{text}");
    assert!(text.contains("segmentation fault (SIGSEGV)"), "{text}");
}

#[test]
fn an_interrupted_build_leaves_nothing_broken() {
    let fixture = Fixture::new("interrupted", false);
    fixture.write_factorial_body("    Ok(n + 1)");
    // Start grading in a process group of its own, then interrupt the group the way
    // Ctrl-C does, while the build is under way.
    let mut child = fixture
        .command(&["check", "05"])
        .process_group(0)
        .stdout(Stdio::piped())
        .spawn()
        .expect("the runner starts");
    std::thread::sleep(Duration::from_millis(800));
    let group = format!("-{}", child.id());
    let _ = std::process::Command::new("kill")
        .args(["-INT", "--", &group])
        .status();
    let _ = child.wait();

    // The next run grades as if nothing happened.
    let output = fixture.run(&["check", "05"]);
    let text = stdout(&output);
    assert!(
        text.contains("Rust tests (cargo test)"),
        "{text}{}",
        stderr(&output)
    );
    assert!(text.contains("Python tests (pytest)"), "{text}");
    assert!(text.contains("✗ factorial_of_small_numbers"), "{text}");
}

#[test]
fn a_corrupt_progress_file_is_set_aside_not_fatal() {
    let fixture = Fixture::new("corrupt-progress", false);
    let progress = fixture.root.join(".workshop/progress.json");
    std::fs::create_dir_all(progress.parent().unwrap()).unwrap();
    std::fs::write(&progress, "{ this is not json").unwrap();

    let output = fixture.run(&["list"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("could not be read"),
        "{}",
        stderr(&output)
    );
    let kept: Vec<_> = std::fs::read_dir(progress.parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .starts_with("progress.json.unreadable-")
        })
        .collect();
    assert_eq!(kept.len(), 1, "the unreadable file is kept aside");
    assert_eq!(
        std::fs::read_to_string(kept[0].path()).unwrap(),
        "{ this is not json"
    );

    // Progress works again afterwards.
    let output = fixture.run(&["hint", "05"]);
    assert!(output.status.success());
    assert!(
        std::fs::read_to_string(&progress)
            .unwrap()
            .contains("\"hints_seen\": 1")
    );
}

#[test]
fn reset_and_solve_back_up_the_learners_exact_files() {
    let fixture = Fixture::new("reset-solve", false);
    fixture.commit_to_git();
    let starter = std::fs::read_to_string(fixture.source()).unwrap();
    let solution =
        std::fs::read_to_string(fixture.root.join("solutions/05_factorial/src/lib.rs")).unwrap();

    let learner = "// my half-finished attempt, with ünïcödé\nfn main() {}\n";
    std::fs::write(fixture.source(), learner).unwrap();
    let output = fixture.run(&["solve", "05"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let backup = backup_named_in(&stdout(&output));
    assert_eq!(
        std::fs::read_to_string(fixture.root.join(&backup).join("src/lib.rs")).unwrap(),
        learner
    );
    assert_eq!(std::fs::read_to_string(fixture.source()).unwrap(), solution);

    let output = fixture.run(&["reset", "05"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let second = backup_named_in(&stdout(&output));
    assert_ne!(backup, second, "every backup is a new folder");
    assert_eq!(
        std::fs::read_to_string(fixture.root.join(&second).join("src/lib.rs")).unwrap(),
        solution
    );
    assert_eq!(std::fs::read_to_string(fixture.source()).unwrap(), starter);
    // The first backup is still there.
    assert_eq!(
        std::fs::read_to_string(fixture.root.join(&backup).join("src/lib.rs")).unwrap(),
        learner
    );
}

fn backup_named_in(text: &str) -> String {
    let line = text
        .lines()
        .find(|line| line.starts_with("Your previous files are in "))
        .expect(text);
    line.trim_start_matches("Your previous files are in ")
        .trim()
        .to_string()
}
