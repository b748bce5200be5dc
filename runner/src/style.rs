//! Terminal output: colour on a terminal, plain lines in CI and pipes.

use std::io::IsTerminal;
use std::sync::OnceLock;

/// Colour only for a terminal, and never when `NO_COLOR` is set (https://no-color.org).
pub fn colour_enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED
        .get_or_init(|| std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none())
}

fn paint(code: &str, text: &str) -> String {
    if colour_enabled() {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

pub fn green(text: &str) -> String {
    paint("32", text)
}

pub fn red(text: &str) -> String {
    paint("31", text)
}

pub fn yellow(text: &str) -> String {
    paint("33", text)
}

pub fn bold(text: &str) -> String {
    paint("1", text)
}

pub fn dim(text: &str) -> String {
    paint("2", text)
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
