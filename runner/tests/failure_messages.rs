//! A failure shows the one line that helps: what the test expected and what happened,
//! how many more failures there are past the first ten, the compiler's warnings about
//! the learner's code, and a verdict's exit code even when nobody reads the output.
//! Unix only, like the fixture (symlinks).
#![cfg(unix)]

mod fixture;

use std::process::Stdio;

use fixture::{Fixture, stderr, stdout};

/// Failures shown with their message; the runner lists the rest by name only.
const DETAILED_FAILURES: usize = 10;

#[test]
fn more_than_ten_failures_say_how_many_more_there_are() {
    let fixture = Fixture::new("many-failures", false);
    // Wrong for every n.
    fixture.write_factorial_body("    let _ = n;\n    Ok(0)");
    // Exercise 01 has seven tests that such a body fails: add six more.
    let extra: String = (1..=6)
        .map(|k| format!("\n\ndef test_factorial_of_{k}():\n    assert factorial({k}) == {k}\n"))
        .collect();
    std::fs::write(
        fixture
            .root
            .join("exercises/05_factorial/tests/test_more_failures.py"),
        format!("from factorial import factorial\n{extra}"),
    )
    .unwrap();

    let output = fixture.run(&["check", "05"]);
    let text = stdout(&output);
    assert!(!output.status.success(), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    let failures: Vec<usize> = (0..lines.len())
        .filter(|&index| lines[index].starts_with("  ✗ "))
        .collect();
    assert!(failures.len() > DETAILED_FAILURES, "{text}");
    // A failure's message follows it, indented further.
    let with_message = failures
        .iter()
        .filter(|&&index| {
            lines
                .get(index + 1)
                .is_some_and(|next| next.starts_with("      "))
        })
        .count();
    assert_eq!(with_message, DETAILED_FAILURES, "{text}");
    let more = failures.len() - DETAILED_FAILURES;
    assert!(
        text.contains(&format!("(and {more} more failures, listed by name only")),
        "{text}"
    );
}

#[test]
fn an_error_where_a_value_is_due_fails_its_rust_tests_without_a_crash() {
    let fixture = Fixture::new("error-not-value", false);
    // A beginner's mistake: an error for every n. The Rust tests `unwrap()` it, and
    // printing a PyErr needs an interpreter, which the suite starts on first use.
    fixture.write_factorial_body(
        "    Err(pyo3::exceptions::PyValueError::new_err(format!(\"no {n}\")))",
    );
    let output = fixture.run(&["check", "05"]);
    let text = stdout(&output);
    assert!(!output.status.success(), "{text}");
    assert!(!text.contains("crashed"), "{text}");
    assert!(!text.contains("not run"), "{text}");
    assert!(text.contains("✗ factorial_of_zero_is_one"), "{text}");
    assert!(text.contains("ValueError('no 0')"), "{text}");
}

#[test]
fn a_wrong_exception_shows_the_expected_one_and_the_one_raised() {
    let fixture = Fixture::new("wrong-exception", false);
    fixture.write_factorial_body(
        "    if n > 20 {\n        \
         return Err(pyo3::exceptions::PyValueError::new_err(\"too big\"));\n    }\n    \
         Ok((1..=n).product())",
    );
    let output = fixture.run(&["check", "05"]);
    let text = stdout(&output);
    assert!(!output.status.success(), "{text}");
    let failure = message_of(&text, "test_too_large_for_64_bits_raises_overflow_error");
    assert!(
        failure.contains(r#"expected OverflowError (matching "64 bits"), got ValueError: too big"#),
        "{text}"
    );
    // Hypothesis's note names the input that failed.
    assert!(failure.contains("Failing test case"), "{text}");
    // The tests this body passes are not touched.
    assert!(text.contains("✓ test_matches_math_factorial"), "{text}");
}

#[test]
fn a_missing_exception_says_the_call_returned_normally() {
    let fixture = Fixture::new("missing-exception", false);
    fixture.write_factorial_body("    Ok(if n <= 20 { (1..=n).product() } else { 0 })");
    let output = fixture.run(&["check", "05"]);
    let text = stdout(&output);
    assert!(!output.status.success(), "{text}");
    let failure = message_of(&text, "test_too_large_for_64_bits_raises_overflow_error");
    assert!(
        failure.contains(
            r#"expected OverflowError (matching "64 bits"), but the call returned normally"#
        ),
        "{text}"
    );
}

#[test]
fn a_long_explanation_leaves_room_for_the_values_compared() {
    let fixture = Fixture::new("long-explanation", false);
    fixture.write_factorial_body("    Ok(n)");
    std::fs::write(
        fixture
            .root
            .join("exercises/05_factorial/tests/test_explained.py"),
        "from factorial import factorial\n\n\n\
         def test_explained():\n    \
         log = \"\\n\".join(f\"log line {i}\" for i in range(20))\n    \
         assert factorial(3) == 6, f\"factorial(3) is wrong; the log:\\n{log}\"\n",
    )
    .unwrap();
    let output = fixture.run(&["check", "05"]);
    let text = stdout(&output);
    let failure = message_of(&text, "test_explained");
    assert!(failure.contains("factorial(3) is wrong"), "{text}");
    assert!(failure.contains("assert 3 == 6"), "{text}");
    assert!(failure.contains("where 3 = factorial(3)"), "{text}");
    assert!(
        !failure.contains("log line 19"),
        "the explanation is shortened: {text}"
    );
}

#[test]
fn compiler_warnings_about_the_learners_code_are_counted_and_the_first_shown() {
    let fixture = Fixture::new("warnings", false);
    fixture.write_factorial_body(
        "    let mut product: u64 = (1..=n).product();\n    let mut copy = product;\n    Ok(copy)",
    );
    // The first grading installs with maturin, the second rebuilds with cargo alone
    // (whose warnings of an unchanged crate are replayed): both must show them.
    for round in ["first", "second"] {
        let output = fixture.run(&["check", "05"]);
        let text = stdout(&output);
        assert!(
            text.contains("the compiler has 2 warnings about your code"),
            "{round}: {text}{}",
            stderr(&output)
        );
        assert_eq!(
            text.matches("variable does not need to be mutable").count(),
            1,
            "{round}: only the first warning is shown: {text}"
        );
        assert!(text.contains("src/lib.rs"), "{round}: {text}");
        assert!(text.contains("(and 1 more"), "{round}: {text}");
    }

    let report = fixture.run(&["report", "--json"]);
    assert!(report.status.success(), "{}", stderr(&report));
    let report: serde_json::Value =
        serde_json::from_slice(&report.stdout).expect("report --json is JSON");
    assert_eq!(report["exercises"][0]["warnings"], 2);
}

#[test]
fn check_keeps_its_exit_code_when_its_output_pipe_is_closed() {
    let fixture = Fixture::new("check-closed-pipe", false);
    let check_into_closed_pipe = || {
        // The reading end is closed before the runner starts: its every write fails.
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let output = fixture
            .command(&["check", "05"])
            .stdout(Stdio::from(writer))
            .output()
            .expect("the runner starts");
        let said = stderr(&output);
        assert!(!said.contains("panicked"), "{said}");
        (output.status.code(), said)
    };

    fixture.write_factorial_body("    Ok(n)");
    let (code, said) = check_into_closed_pipe();
    assert_eq!(code, Some(1), "a failing exercise: {said}");

    let solution = fixture.root.join("solutions/05_factorial/src/lib.rs");
    std::fs::copy(solution, fixture.source()).unwrap();
    let (code, said) = check_into_closed_pipe();
    assert_eq!(code, Some(0), "a passing exercise: {said}");
}

/// The message lines under the test `name` in a verdict.
fn message_of(text: &str, name: &str) -> String {
    let mut lines = text.lines();
    let heading = format!("✗ {name}");
    assert!(
        lines.any(|line| line.trim_start().starts_with(&heading)),
        "{name} did not fail: {text}"
    );
    lines
        .take_while(|line| line.starts_with("      "))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Two stages for the fixture's exercise, the overflow one first: course order is not
/// the suites' order, so the output must follow the stages, not the files.
const STAGES: &str = r#"
[[exercise.stage]]
name = "overflow"
file = "src/lib.rs"
tests = ["*_overflow_error", "test_non_integer_*"]

[[exercise.stage]]
name = "values"
tests = ["factorial_of_zero_*", "factorial_of_small_*", "factorial_of_twenty_is_*", "test_matches_*", "test_property_*", "test_returns_*"]
"#;

#[test]
fn check_shows_the_tests_by_stage_in_course_order() {
    let fixture = Fixture::new("stages", false);
    let manifest = fixture.root.join("workshop.toml");
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    text.push_str(STAGES);
    std::fs::write(&manifest, text).unwrap();
    // Right for every n that fits, the wrong exception beyond: only the first stage fails.
    fixture.write_factorial_body(
        "    (1..=n)\n        .try_fold(1_u64, |acc, k| acc.checked_mul(k))\n        \
         .ok_or_else(|| pyo3::exceptions::PyValueError::new_err(\"too large\"))",
    );

    let output = fixture.run(&["check", "05"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}\n{}", stderr(&output));
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("no {needle:?} in:\n{text}"))
    };
    let first = at("Stage 1/2 overflow (src/lib.rs): 3/5 passed");
    let second = at("Stage 2/2 values: 6/6 passed");
    // The first stage's failures, from both suites, are listed under it.
    for failing in [
        "✗ factorial_of_twenty_one_is_an_overflow_error",
        "✗ test_too_large_for_64_bits_raises_overflow_error",
    ] {
        let line = at(failing);
        assert!(
            first < line && line < second,
            "{failing} under stage 1:\n{text}"
        );
    }
    // Passed tests are counted, not listed, and no suite titles are shown.
    assert!(!text.contains("✓ factorial_of_zero_is_one"), "{text}");
    assert!(!text.contains("Rust tests (cargo test)"), "{text}");

    let solution = fixture.root.join("solutions/05_factorial/src/lib.rs");
    std::fs::copy(solution, fixture.source()).unwrap();
    let output = fixture.run(&["check", "05"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}\n{}", stderr(&output));
    assert!(
        text.find("Stage 1/2 overflow (src/lib.rs): 5/5 passed")
            < text.find("Stage 2/2 values: 6/6 passed"),
        "{text}"
    );
}
