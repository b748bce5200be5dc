//! `cargo workshop watch` in a real terminal, driven through tmux: it grades on start,
//! re-grades after a save, and moves on to the next exercise when one passes.
//! tmux is required in CI (`CI` set); elsewhere the test is skipped with a message.
#![cfg(unix)]

mod fixture;

use std::process::Command;
use std::time::{Duration, Instant};

use fixture::Fixture;

/// Ends the tmux session however the test ends.
struct Session(String);

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.0])
            .output();
    }
}

impl Session {
    fn screen(&self) -> String {
        let output = Command::new("tmux")
            .args(["capture-pane", "-p", "-J", "-S", "-5000", "-t", &self.0])
            .output()
            .expect("tmux capture-pane runs");
        String::from_utf8_lossy(&output.stdout).into_owned()
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

    fn keys(&self, keys: &str) {
        let status = Command::new("tmux")
            .args(["send-keys", "-t", &self.0, keys, "Enter"])
            .status()
            .unwrap();
        assert!(status.success());
    }
}

#[test]
fn watch_regrades_after_a_save_and_moves_on_when_an_exercise_passes() {
    if Command::new("tmux").arg("-V").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run this test: install tmux"
        );
        eprintln!("skipped: tmux is not installed (apt install tmux)");
        return;
    }
    let fixture = Fixture::new("watch", true);
    let name = format!("workshop-watch-{}", std::process::id());
    let runner = fixture.command(&["watch"]);
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
        " '{}' watch; sleep 600",
        runner.get_program().to_string_lossy()
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
    let session = Session(name);

    // Grades the starter at once.
    session.wait_for("Watching for saves", 1);
    let screen = session.screen();
    assert!(screen.contains("3 of 11 required tests pass"), "{screen}");

    // A save with a wrong answer: graded again, showing the values.
    fixture.write_factorial_body("    Ok(n)");
    let screen = session.wait_for("Watching for saves", 2);
    assert!(screen.contains("left: 0"), "{screen}");

    // The right answer: done, and on to the next exercise with its chapter.
    let solution =
        std::fs::read_to_string(fixture.root.join("solutions/01_factorial/src/lib.rs")).unwrap();
    std::fs::write(fixture.source(), solution).unwrap();
    let screen = session.wait_for("Moving on to 02_again (07_errors)", 1);
    assert!(
        screen.contains("Done! 01_factorial: all 11 required tests pass"),
        "{screen}"
    );
    session.wait_for("Watching for saves", 3);

    // Keys: a hint for the new exercise, then quit.
    session.keys("h");
    session.wait_for("Hint for 02_again (1/2)", 1);
    session.keys("q");
    session.wait_until_quit();
}
