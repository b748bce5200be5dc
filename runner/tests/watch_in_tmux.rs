//! `cargo workshop watch` in a real terminal, driven through tmux: it grades on start,
//! re-grades after a save but not after an editor's swap file, moves on when an
//! exercise passes (or, with `watch EX`, stays until `n`), asks before `r` resets, and
//! speaks of its own keys in its next steps.
//! tmux is required in CI (`CI` set); elsewhere the tests are skipped with a message.
//! Windows has no tmux: this file is for Unix only, and CI there says the test does not apply.
#![cfg(unix)]

mod fixture;

use std::process::Command;
use std::time::{Duration, Instant};

use fixture::Fixture;

/// The line watch prints after every grading, waiting for the next save or key.
const WAITING: &str = "Watching for saves";

/// A tmux session running the runner; ended however the test ends.
struct Session(String);

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.0])
            .output();
    }
}

impl Session {
    /// Start `cargo workshop <args>` in the fixture, in a detached tmux session of its
    /// own.
    fn start(fixture: &Fixture, label: &str, args: &[&str]) -> Session {
        let name = format!("workshop-{label}-{}", std::process::id());
        let runner = fixture.command(args);
        let mut shell_line = format!("cd '{}' &&", fixture.root.display());
        for (key, value) in runner.get_envs() {
            if let Some(value) = value {
                shell_line.push_str(&format!(
                    " {}='{}'",
                    key.to_string_lossy(),
                    value.to_string_lossy()
                ));
            }
        }
        shell_line.push_str(&format!(
            " '{}' {}; sleep 600",
            runner.get_program().to_string_lossy(),
            args.join(" ")
        ));
        let status = Command::new("tmux")
            .args([
                "new-session",
                "-d",
                "-x",
                "160",
                "-y",
                "50",
                "-s",
                &name,
                &shell_line,
            ])
            .status()
            .expect("tmux starts");
        assert!(status.success());
        Session(name)
    }

    fn screen(&self) -> String {
        let output = Command::new("tmux")
            .args(["capture-pane", "-p", "-J", "-S", "-5000", "-t", &self.0])
            .output()
            .expect("tmux capture-pane runs");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn count(&self, text: &str) -> usize {
        self.screen().matches(text).count()
    }

    /// Wait until the screen shows `text` `times` times. The generous limit only turns
    /// a hang into a failure with the screen attached; it says nothing about speed.
    fn wait_for(&self, text: &str, times: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(600);
        loop {
            let screen = self.screen();
            if screen.matches(text).count() >= times {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "never saw {text:?} {times} time(s); the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The runner has exited when the pane's command is the `sleep` that follows it.
    fn wait_until_quit(&self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let output = Command::new("tmux")
                .args([
                    "display-message",
                    "-p",
                    "-t",
                    &self.0,
                    "#{pane_current_command}",
                ])
                .output()
                .unwrap();
            if String::from_utf8_lossy(&output.stdout).trim() == "sleep" {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "`q` did not quit; the screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Type `keys`, then Enter.
    fn keys(&self, keys: &str) {
        let status = Command::new("tmux")
            .args(["send-keys", "-t", &self.0, keys, "Enter"])
            .status()
            .unwrap();
        assert!(status.success());
    }
}

/// Without tmux, outside CI, the tests are skipped (CI must run them).
fn tmux_missing() -> bool {
    if Command::new("tmux").arg("-V").output().is_ok() {
        return false;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must run this test: install tmux"
    );
    eprintln!("skipped: tmux is not installed (apt install tmux)");
    true
}

fn solution_of_01(fixture: &Fixture) -> String {
    std::fs::read_to_string(fixture.root.join("solutions/05_factorial/src/lib.rs")).unwrap()
}

#[test]
fn watch_regrades_after_a_save_and_moves_on_when_an_exercise_passes() {
    if tmux_missing() {
        return;
    }
    let fixture = Fixture::new("watch", true);
    let session = Session::start(&fixture, "watch", &["watch"]);

    // Grades the starter at once; the next step names watch's keys, not a command.
    let screen = session.wait_for(WAITING, 1);
    assert!(
        screen.contains(
            "3 of 11 required tests pass. Next: save your edits to exercises/05_factorial/src/ \
             and watch re-grades; [h] for a hint."
        ),
        "{screen}"
    );

    // A save with a wrong answer: graded again, showing the values.
    fixture.write_factorial_body("    Ok(n)");
    let screen = session.wait_for(WAITING, 2);
    assert!(screen.contains("left: 0"), "{screen}");

    // The right answer: done, and on to the next exercise with its chapter.
    std::fs::write(fixture.source(), solution_of_01(&fixture)).unwrap();
    let screen = session.wait_for("Moving on to 07_again (07_errors)", 1);
    assert!(
        screen.contains("Done! 05_factorial: all 11 required tests pass"),
        "{screen}"
    );
    assert!(
        screen.contains("Next: The same, once more (chapter 07_errors); watch moves on to it now."),
        "{screen}"
    );
    session.wait_for(WAITING, 3);

    // `n` on the last exercise: there is nothing after it.
    session.keys("n");
    session.wait_for(
        "07_again is the last exercise: there is no next one to move on to.",
        1,
    );

    // Keys: a hint for the new exercise, then quit.
    session.keys("h");
    let screen = session.wait_for("Hint for 07_again (1/2)", 1);
    assert!(
        !screen.contains("cargo workshop check"),
        "inside watch no next step sends the learner to `check`:\n{screen}"
    );
    session.keys("q");
    session.wait_until_quit();
}

#[test]
fn watch_ex_stays_on_the_chosen_exercise_after_it_passes_until_n() {
    if tmux_missing() {
        return;
    }
    let fixture = Fixture::new("watch-stay", true);
    let session = Session::start(&fixture, "watch-stay", &["watch", "05"]);
    session.wait_for(WAITING, 1);

    // Not done: `n` refuses.
    session.keys("n");
    session.wait_for(
        "05_factorial is not done yet: its required tests must pass first.",
        1,
    );

    // Done, and watch stays: the next step says how to move on.
    std::fs::write(fixture.source(), solution_of_01(&fixture)).unwrap();
    let screen = session.wait_for(WAITING, 2);
    assert!(
        screen.contains("Done! 05_factorial: all 11 required tests pass"),
        "{screen}"
    );
    assert!(
        screen.contains(
            "Next: The same, once more (chapter 07_errors): [n] moves on to it when you are ready."
        ),
        "{screen}"
    );
    assert!(!screen.contains("Moving on"), "{screen}");

    // Another save still grades exercise 01.
    let mut code = solution_of_01(&fixture);
    code.push_str("// one more look at the stretch tests\n");
    std::fs::write(fixture.source(), code).unwrap();
    let screen = session.wait_for(WAITING, 3);
    assert_eq!(screen.matches("Exercise 1/2:").count(), 3, "{screen}");
    assert_eq!(screen.matches("Exercise 2/2:").count(), 0, "{screen}");

    // `n` moves on when told to.
    session.keys("n");
    session.wait_for("Exercise 2/2:", 1);
    session.wait_for(WAITING, 4);
    session.keys("q");
    session.wait_until_quit();
}

#[test]
fn watch_ignores_an_editors_swap_file_and_asks_before_a_reset() {
    if tmux_missing() {
        return;
    }
    let fixture = Fixture::new("watch-reset", false);
    fixture.commit_to_git(); // `reset` restores the starter from git
    let starter = std::fs::read_to_string(fixture.source()).unwrap();
    let session = Session::start(&fixture, "watch-reset", &["watch"]);
    session.wait_for(WAITING, 1);
    let headers = session.count("Exercise 1/1:");

    // vim's swap file appears beside lib.rs. Give both the file events and the poller
    // (every 0.5 s) time to see it, then ask for the list: keys and saves are handled
    // in the order they arrive, so a re-grade would show before the list.
    let src = fixture.source().parent().unwrap().to_path_buf();
    std::fs::write(src.join(".lib.rs.swp"), "vim's swap data").unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    session.keys("l");
    let screen = session.wait_for("Exercises [", 1);
    assert_eq!(
        screen.matches("Exercise 1/1:").count(),
        headers,
        "the swap file caused a re-grade:\n{screen}"
    );

    // The learner's own save is graded.
    fixture.write_factorial_body("    Ok(n)");
    session.wait_for(WAITING, 2);
    let learner = std::fs::read_to_string(fixture.source()).unwrap();

    // `r`, then no: nothing changes.
    let question =
        "Reset exercises/05_factorial to its starter? Your files are backed up first. [y/N]";
    session.keys("r");
    session.wait_for(question, 1);
    session.keys("n");
    session.wait_for("Not reset: exercises/05_factorial is as you left it.", 1);
    assert_eq!(std::fs::read_to_string(fixture.source()).unwrap(), learner);

    // `r`, then yes: the starter is back, the learner's file is in the backup, and the
    // starter is graded.
    session.keys("r");
    session.wait_for(question, 2);
    session.keys("y");
    session.wait_for("exercises/05_factorial is back to its starter", 1);
    let screen = session.wait_for(WAITING, 3);
    assert_eq!(std::fs::read_to_string(fixture.source()).unwrap(), starter);
    let backup = screen
        .lines()
        .find_map(|line| line.strip_prefix("Your previous files are in "))
        .expect(&screen)
        .trim();
    assert_eq!(
        std::fs::read_to_string(fixture.root.join(backup).join("src/lib.rs")).unwrap(),
        learner
    );
    session.keys("q");
    session.wait_until_quit();
}
