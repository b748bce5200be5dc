//! Progress that is never lost and files that are handled safely: runners in two
//! terminals both keep their changes, an unreadable progress file is set aside, `solve`
//! and `reset` never write through a link out of the repository nor hang on a FIFO,
//! `reset` brings back a deleted exercise and clears its progress, and `report --json`
//! says who solved each exercise. Unix only: it uses links, FIFOs and signals.
#![cfg(unix)]

mod fixture;

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use fixture::{Fixture, stderr, stdout};
use wait_timeout::ChildExt;

/// Only turns a hang into a failure; a healthy run takes a few seconds.
const HANG_GUARD: Duration = Duration::from_secs(180);

fn succeeded(output: &Output) -> &Output {
    assert!(
        output.status.success(),
        "{}{}",
        stdout(output),
        stderr(output)
    );
    output
}

/// `report --json`'s entry for the exercise called `name`.
fn reported(fixture: &Fixture, name: &str) -> serde_json::Value {
    let output = fixture.run(&["report", "--json"]);
    let report: serde_json::Value =
        serde_json::from_slice(&succeeded(&output).stdout).expect("report --json is JSON");
    report["exercises"]
        .as_array()
        .expect("a list of exercises")
        .iter()
        .find(|exercise| exercise["name"] == name)
        .cloned()
        .unwrap_or_else(|| panic!("{name} is in the report: {report}"))
}

/// A folder beside the fixture, outside its repository.
fn outside_folder(fixture: &Fixture) -> PathBuf {
    let name = fixture.root.file_name().unwrap().to_string_lossy();
    let folder = fixture.root.with_file_name(format!("{name}-outside"));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    folder
}

/// Copy the reference solution into the exercise `name`, as if the learner wrote it.
fn write_the_solution_into(fixture: &Fixture, name: &str) {
    std::fs::copy(
        fixture.root.join("solutions/05_factorial/src/lib.rs"),
        fixture.root.join(format!("exercises/{name}/src/lib.rs")),
    )
    .unwrap();
}

fn backup_named_in(text: &str) -> PathBuf {
    let line = text
        .lines()
        .find(|line| line.starts_with("Your previous files are in "))
        .unwrap_or_else(|| panic!("the backup is named: {text}"));
    PathBuf::from(
        line.trim_start_matches("Your previous files are in ")
            .trim(),
    )
}

/// Run the runner, failing the test instead of hanging if it never ends.
fn run_guarded(fixture: &Fixture, args: &[&str]) -> Output {
    let mut child = fixture
        .command(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the runner starts");
    match child.wait_timeout(HANG_GUARD).expect("waiting works") {
        Some(_) => child.wait_with_output().expect("its output is readable"),
        None => {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`{}` still ran after {HANG_GUARD:?}", args.join(" "));
        }
    }
}

fn signal(pid: u32, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
}

#[test]
fn hints_asked_for_in_two_terminals_at_once_all_count() {
    let fixture = Fixture::new("racing-hints", true);
    // Enough hints that every round asks for a new one.
    let manifest = fixture.root.join("workshop.toml");
    let many: Vec<String> = (1..=40).map(|n| format!("\"hint {n}\"")).collect();
    let text = std::fs::read_to_string(&manifest).unwrap().replace(
        r#"["first hint", "second hint"]"#,
        &format!("[{}]", many.join(", ")),
    );
    std::fs::write(&manifest, text).unwrap();

    const ROUNDS: u64 = 20;
    for _ in 0..ROUNDS {
        let racing: Vec<_> = ["05", "07"]
            .into_iter()
            .map(|exercise| {
                fixture
                    .command(&["hint", exercise])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("the runner starts")
            })
            .collect();
        for runner in racing {
            let output = runner.wait_with_output().unwrap();
            assert!(output.status.success(), "{}", stderr(&output));
        }
    }
    assert_eq!(reported(&fixture, "05_factorial")["hints_seen"], ROUNDS);
    assert_eq!(reported(&fixture, "07_again")["hints_seen"], ROUNDS);
}

#[test]
fn a_hint_asked_for_while_another_runner_grades_is_kept() {
    let fixture = Fixture::new("hint-during-grading", false);
    let mut grading = fixture
        .command(&["check", "05"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("the runner starts");
    let mut lines = BufReader::new(grading.stdout.take().unwrap());
    // The header comes after the grading runner has read the progress file. Stop it
    // there, so that the hint is saved while its grading is certainly in flight.
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        assert!(
            lines.read_line(&mut line).unwrap() > 0,
            "no header came: {seen}"
        );
        seen.push_str(&line);
        if line.starts_with("Exercise 1/") {
            break;
        }
    }
    signal(grading.id(), "STOP");
    let hint = fixture.run(&["hint", "05"]);
    signal(grading.id(), "CONT");
    succeeded(&hint);
    lines.read_to_string(&mut seen).unwrap();
    grading.wait().unwrap();
    assert!(seen.contains("Python tests (pytest)"), "it graded: {seen}");

    let exercise = reported(&fixture, "05_factorial");
    assert_eq!(
        exercise["hints_seen"], 1,
        "the hint is not lost: {exercise}"
    );
    assert!(
        exercise["required"].as_u64().is_some_and(|count| count > 0),
        "the grading is recorded too: {exercise}"
    );
}

fn set_aside_files(fixture: &Fixture) -> Vec<Vec<u8>> {
    let folder = fixture.root.join(".workshop");
    let mut kept: Vec<Vec<u8>> = std::fs::read_dir(&folder)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .starts_with("progress.json.unreadable-")
        })
        .map(|entry| std::fs::read(entry.path()).unwrap())
        .collect();
    kept.sort();
    kept
}

#[test]
fn a_progress_file_with_invalid_utf8_is_set_aside_not_dropped() {
    let fixture = Fixture::new("progress-not-utf8", false);
    let progress = fixture.root.join(".workshop/progress.json");
    std::fs::create_dir_all(progress.parent().unwrap()).unwrap();
    let not_utf8 = b"{\"exercises\": {\"05_factorial\": {\"hints_seen\": 2, \"done\": true}}, \
                     \"note\": \"caf\xe9\"}"
        .to_vec();
    std::fs::write(&progress, &not_utf8).unwrap();

    let output = fixture.run(&["list"]);
    succeeded(&output);
    let warning = stderr(&output);
    assert!(warning.contains("not UTF-8"), "{warning}");
    assert!(
        warning.contains("kept as .workshop/progress.json.unreadable-"),
        "{warning}"
    );
    assert_eq!(set_aside_files(&fixture), vec![not_utf8.clone()]);

    // A second unreadable file straight away is kept too, under a name of its own.
    let not_json = b"{ not json".to_vec();
    std::fs::write(&progress, &not_json).unwrap();
    let output = fixture.run(&["hint", "05"]);
    succeeded(&output);
    assert!(
        stderr(&output).contains("could not be read"),
        "{}",
        stderr(&output)
    );
    let mut expected = vec![not_utf8, not_json];
    expected.sort();
    assert_eq!(set_aside_files(&fixture), expected);
    assert_eq!(reported(&fixture, "05_factorial")["hints_seen"], 1);
}

#[test]
fn solve_does_not_write_through_a_link_out_of_the_repository() {
    let fixture = Fixture::new("solve-link-out", false);
    let outside = outside_folder(&fixture).join("lib.rs");
    let outside_bytes = b"// the learner's own copy, kept outside the workshop\n".to_vec();
    std::fs::write(&outside, &outside_bytes).unwrap();
    std::fs::remove_file(fixture.source()).unwrap();
    std::os::unix::fs::symlink(&outside, fixture.source()).unwrap();

    let output = fixture.run(&["solve", "05"]);
    let text = stdout(&output);
    assert!(
        !output.status.success(),
        "a solve in part is no success: {text}"
    );
    assert!(
        text.contains("Left alone: exercises/05_factorial/src/lib.rs: a link to"),
        "{text}"
    );
    assert!(text.contains("outside the repository"), "{text}");
    assert_eq!(std::fs::read(&outside).unwrap(), outside_bytes);
    assert!(
        std::fs::symlink_metadata(fixture.source())
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link itself is left as it was"
    );
    // What is safe is backed up; the outside file is not copied into the backup.
    let backup = fixture.root.join(backup_named_in(&text));
    assert!(backup.join("Cargo.toml").is_file(), "{text}");
    assert!(backup.join("tests/test_factorial.py").is_file(), "{text}");
    assert!(!backup.join("src/lib.rs").exists(), "{text}");
    assert_eq!(
        reported(&fixture, "05_factorial")["solved_by"],
        serde_json::Value::Null
    );
}

#[test]
fn reset_replaces_a_link_out_without_touching_what_it_points_to() {
    let fixture = Fixture::new("reset-link-out", false);
    fixture.commit_to_git();
    let starter = std::fs::read(fixture.source()).unwrap();
    let outside = outside_folder(&fixture).join("lib.rs");
    let outside_bytes = b"// not the workshop's file\n".to_vec();
    std::fs::write(&outside, &outside_bytes).unwrap();
    std::fs::remove_file(fixture.source()).unwrap();
    std::os::unix::fs::symlink(&outside, fixture.source()).unwrap();

    let output = run_guarded(&fixture, &["reset", "05"]);
    let text = stdout(succeeded(&output));
    assert!(
        text.contains("Left alone: exercises/05_factorial/src/lib.rs: a link to"),
        "{text}"
    );
    assert_eq!(std::fs::read(&outside).unwrap(), outside_bytes);
    assert_eq!(std::fs::read(fixture.source()).unwrap(), starter);
    let backup = fixture.root.join(backup_named_in(&text));
    assert!(!backup.join("src/lib.rs").exists(), "{text}");
}

#[test]
fn a_fifo_in_the_exercise_folder_does_not_hang_reset() {
    let fixture = Fixture::new("reset-fifo", false);
    fixture.commit_to_git();
    let fifo = fixture.root.join("exercises/05_factorial/src/notes");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    std::fs::write(fixture.source(), "// the learner's attempt\n").unwrap();

    let output = run_guarded(&fixture, &["reset", "05"]);
    let text = stdout(succeeded(&output));
    assert!(
        text.contains("Left alone: exercises/05_factorial/src/notes: a named pipe (FIFO)"),
        "{text}"
    );
    let backup = fixture.root.join(backup_named_in(&text));
    assert_eq!(
        std::fs::read_to_string(backup.join("src/lib.rs")).unwrap(),
        "// the learner's attempt\n"
    );
    assert!(!backup.join("src/notes").exists());
    assert!(
        fifo.exists(),
        "reset leaves the learner's own FIFO where it was"
    );
}

#[test]
fn reset_brings_back_a_deleted_exercise() {
    let fixture = Fixture::new("reset-deleted", false);
    fixture.commit_to_git();
    let folder = fixture.root.join("exercises/05_factorial");
    let starter = std::fs::read(fixture.source()).unwrap();
    std::fs::remove_dir_all(&folder).unwrap();

    let output = run_guarded(&fixture, &["reset", "05"]);
    let text = stdout(succeeded(&output));
    assert!(text.contains("there is nothing to back up"), "{text}");
    assert_eq!(std::fs::read(fixture.source()).unwrap(), starter);
    assert!(folder.join("Cargo.toml").is_file());
    assert!(folder.join("tests/test_factorial.py").is_file());
}

#[test]
fn reset_clears_the_exercises_progress() {
    let fixture = Fixture::new("reset-progress", false);
    fixture.commit_to_git();
    write_the_solution_into(&fixture, "05_factorial");
    succeeded(&fixture.run(&["hint", "05"]));
    succeeded(&fixture.run(&["check", "05"]));
    let before = reported(&fixture, "05_factorial");
    assert_eq!(before["done"], true, "{before}");
    assert_eq!(before["hints_seen"], 1, "{before}");
    assert!(!before["tests"].as_array().unwrap().is_empty(), "{before}");
    assert!(stdout(&fixture.run(&["list"])).contains("done"));

    succeeded(&run_guarded(&fixture, &["reset", "05"]));
    let after = reported(&fixture, "05_factorial");
    assert_eq!(after["done"], false, "{after}");
    assert_eq!(after["stretch_done"], false, "{after}");
    assert_eq!(after["hints_seen"], 0, "{after}");
    assert_eq!(after["solved_by"], serde_json::Value::Null, "{after}");
    assert_eq!(after["required"], serde_json::Value::Null, "{after}");
    assert!(after["tests"].as_array().unwrap().is_empty(), "{after}");
    let list = stdout(&fixture.run(&["list"]));
    let line = list
        .lines()
        .find(|line| line.contains("05_factorial"))
        .unwrap();
    assert!(line.trim_start().starts_with("next"), "{list}");
}

#[test]
fn report_json_says_whether_solve_or_the_learner_solved_each_exercise() {
    let fixture = Fixture::new("solved-by", true);
    for name in ["05_factorial", "07_again"] {
        assert_eq!(
            reported(&fixture, name)["solved_by"],
            serde_json::Value::Null
        );
    }

    succeeded(&fixture.run(&["solve", "05"]));
    let solved = reported(&fixture, "05_factorial");
    assert_eq!(solved["done"], true, "{solved}");
    assert_eq!(solved["solved_by"], "solve", "{solved}");
    let list = stdout(&fixture.run(&["list"]));
    assert!(
        list.lines()
            .any(|line| line.trim_start().starts_with("solved") && line.contains("05_factorial")),
        "{list}"
    );

    write_the_solution_into(&fixture, "07_again");
    succeeded(&fixture.run(&["check", "07"]));
    assert_eq!(reported(&fixture, "07_again")["solved_by"], "learner");

    // Passing after `solve` grades the reference's code: it stays solved by `solve`.
    succeeded(&fixture.run(&["check", "05"]));
    let graded = reported(&fixture, "05_factorial");
    assert_eq!(graded["solved_by"], "solve", "{graded}");
    assert!(!graded["tests"].as_array().unwrap().is_empty(), "{graded}");
}
