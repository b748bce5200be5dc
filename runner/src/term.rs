//! Terminal output: colour on a terminal, plain lines in CI and pipes, and no panic
//! when the reader of a pipe goes away (`cargo workshop list | head -1`): every
//! module prints with anstream's macros, which ignore a closed pipe.

use std::io::IsTerminal;

use anstream::{ColorChoice, print, println};
use anstyle::{AnsiColor, Style};

/// Whether stdout shows colour: a terminal, and no `NO_COLOR` (https://no-color.org).
/// The text itself always carries its styles; anstream's `println!` drops them
/// where colour is off, so callers never need to ask, except to tell a child
/// process (cargo) which of its formats to use.
pub fn colour_enabled() -> bool {
    anstream::AutoStream::choice(&std::io::stdout()) != ColorChoice::Never
}

fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

pub fn green(text: &str) -> String {
    paint(AnsiColor::Green.on_default(), text)
}

pub fn red(text: &str) -> String {
    paint(AnsiColor::Red.on_default(), text)
}

pub fn yellow(text: &str) -> String {
    paint(AnsiColor::Yellow.on_default(), text)
}

pub fn bold(text: &str) -> String {
    paint(Style::new().bold(), text)
}

pub fn dim(text: &str) -> String {
    paint(Style::new().dimmed(), text)
}

/// A long step is starting: say so before the wait, not after.
pub fn step(text: &str) {
    println!("{} {text}", bold("==>"));
}

/// `[#####-----] 2/5`: a progress bar that reads the same with or without colour.
pub fn progress_bar(done: usize, total: usize) -> String {
    const WIDTH: usize = 20;
    let filled = (done * WIDTH).checked_div(total).unwrap_or(0);
    format!(
        "[{}{}] {done}/{total}",
        green(&"#".repeat(filled)),
        dim(&"-".repeat(WIDTH - filled))
    )
}

/// While a long step runs, show on a terminal how long it has taken so far, so that a
/// first build never looks frozen. Without a terminal (CI, pipes) it prints nothing.
/// The line is cleared when the ticker is dropped, however the step ends.
pub struct Ticker {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Ticker {
    pub fn start(label: &str) -> Ticker {
        use std::sync::atomic::{AtomicBool, Ordering};
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let thread = std::io::stdout().is_terminal().then(|| {
            let stop = stop.clone();
            let label = label.to_string();
            std::thread::spawn(move || {
                let start = std::time::Instant::now();
                while !stop.load(Ordering::Relaxed) {
                    print!("\r    {label}: {} s ", start.elapsed().as_secs());
                    let _ = std::io::Write::flush(&mut std::io::stdout());
                    std::thread::sleep(std::time::Duration::from_millis(250));
                }
                print!("\r\x1b[2K");
                let _ = std::io::Write::flush(&mut std::io::stdout());
            })
        });
        Ticker { stop, thread }
    }
}

impl Drop for Ticker {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
