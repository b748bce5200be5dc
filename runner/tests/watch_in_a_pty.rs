//! `cargo workshop watch` in a pseudo-terminal, as a learner's terminal runs it: a pty
//! on Linux and macOS, ConPTY on Windows (the tmux tests, fuller, need tmux and so
//! Unix). Watch grades on start, grades again after a save, and `q` then Enter quits.

mod fixture;

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fixture::Fixture;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// The line watch prints after every grading, waiting for the next save or key.
const WAITING: &str = "Watching for saves";

/// The runner in a pseudo-terminal of its own, and everything it has printed so far.
struct Terminal {
    child: Box<dyn Child + Send + Sync>,
    /// Kept open while the child runs: on Windows, closing it ends the console.
    _master: Box<dyn MasterPty + Send>,
    keyboard: Box<dyn Write + Send>,
    screen: Arc<Mutex<String>>,
}

impl Drop for Terminal {
    /// A failed test leaves no watch running.
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

impl Terminal {
    /// Start `cargo workshop <args>` in the fixture, with the environment the fixture
    /// gives the runner.
    fn start(fixture: &Fixture, args: &[&str]) -> Terminal {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 50,
                cols: 160,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal opens");
        let runner = fixture.command(args);
        let mut command = CommandBuilder::new(runner.get_program());
        command.args(runner.get_args());
        command.cwd(&fixture.root);
        for (key, value) in runner.get_envs() {
            match value {
                Some(value) => command.env(key, value),
                None => command.env_remove(key),
            }
        }
        let child = pty.slave.spawn_command(command).expect("the runner starts");
        // Only the child holds the terminal's other end now: when it exits, reading ends.
        drop(pty.slave);

        let screen = Arc::new(Mutex::new(String::new()));
        let mut output = pty.master.try_clone_reader().unwrap();
        let shown = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buffer = [0; 4096];
            while let Ok(read @ 1..) = output.read(&mut buffer) {
                let text = String::from_utf8_lossy(&buffer[..read]);
                shown.lock().unwrap().push_str(&text);
            }
        });
        let keyboard = pty.master.take_writer().unwrap();
        Terminal {
            child,
            _master: pty.master,
            keyboard,
            screen,
        }
    }

    /// What the terminal has shown, without the escape sequences a terminal (ConPTY
    /// above all) adds to move the cursor.
    fn screen(&self) -> String {
        without_escapes(&self.screen.lock().unwrap())
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

    /// Type `keys`, then Enter (a terminal sends a carriage return).
    fn keys(&mut self, keys: &str) {
        write!(self.keyboard, "{keys}\r").unwrap();
        self.keyboard.flush().unwrap();
    }

    /// Wait for the runner to exit; whether it succeeded.
    fn wait_for_exit(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            assert!(
                Instant::now() < deadline,
                "the runner did not exit; the screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// `text` without ANSI escape sequences: `ESC [ … letter` (cursor, colour, erase) and
/// `ESC ] … BEL` (the window title).
fn without_escapes(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            plain.push(c);
            continue;
        }
        match chars.next() {
            Some('[') => {
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() || c == '~' {
                        break;
                    }
                }
            }
            Some(']') => {
                for c in chars.by_ref() {
                    if c == '\u{7}' {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    plain
}

#[test]
fn watch_in_a_terminal_grades_a_save_and_quits_on_q() {
    let fixture = Fixture::new("watch-pty", false);
    let mut terminal = Terminal::start(&fixture, &["watch"]);

    // The starter is graded at once.
    let screen = terminal.wait_for(WAITING, 1);
    assert!(
        screen.contains("3 of 11 required tests pass."),
        "the starter's verdict:\n{screen}"
    );

    // A save of the solution is graded again: done.
    let solution =
        std::fs::read_to_string(fixture.root.join("solutions/05_factorial/src/lib.rs")).unwrap();
    std::fs::write(fixture.source(), solution).unwrap();
    let screen = terminal.wait_for(WAITING, 2);
    assert!(
        screen.contains("Done! 05_factorial: all 11 required tests pass"),
        "the solution's verdict:\n{screen}"
    );

    terminal.keys("q");
    assert!(
        terminal.wait_for_exit(),
        "`q` quits with success; the screen:\n{}",
        terminal.screen()
    );
}
