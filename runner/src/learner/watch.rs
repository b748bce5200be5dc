//! `cargo workshop watch`: re-grade the current exercise every time a file of it is saved.
//!
//! Two sources of "something changed" feed one channel: file-system events (fast) and a
//! poller that compares modification times twice a second (works where events never
//! arrive: WSL on a Windows drive, network drives, some containers). Whichever notices
//! first wins; the fingerprint of the files decides whether anything really changed, so
//! one save grades once. Keys are read a line at a time: type a letter, then Enter.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, SystemTime};

use anyhow::Result;
use notify::{RecursiveMode, Watcher};

use crate::grade::pytest_server::PytestServer;
use crate::learner::backup;
use crate::learner::session::Session;
use crate::manifest::Exercise;
use crate::term;
use anstream::println;

/// How long a burst of saves must be quiet before grading (editors write in steps).
const DEBOUNCE: Duration = Duration::from_millis(50);
const POLL_EVERY: Duration = Duration::from_millis(500);

enum Event {
    Changed,
    Key(String),
    InputClosed,
}

pub fn run(session: &mut Session, poll_only: bool) -> Result<bool> {
    let (sender, events) = mpsc::channel();
    let exercises_dir = session.root.join("exercises");

    // Kept alive for the whole loop: dropping the watcher stops the events.
    let _watcher = if poll_only {
        None
    } else {
        start_file_events(&exercises_dir, sender.clone())
    };
    if _watcher.is_none() {
        println!("{}", term::dim("Watching by polling every 0.5 s."));
    }
    start_poller(exercises_dir.clone(), sender.clone());
    start_key_reader(sender);

    let mut exercise = session.progress.current(&session.manifest).clone();
    session.prepare(&exercise)?;
    session.pytest_server = PytestServer::start(&session.root, &session.venv).map(Mutex::new);
    let mut graded_state = fingerprint(&exercise.starter_dir(&session.root));
    grade_and_show(session, &mut exercise)?;
    // A key pressed while a burst of saves settles is kept here, not lost.
    let mut pending = None;
    loop {
        let event = match pending.take() {
            Some(event) => Ok(event),
            None => events.recv(),
        };
        match event {
            Ok(Event::Changed) => {
                pending = drain_burst(&events);
                if fingerprint(&exercise.starter_dir(&session.root)) != graded_state {
                    grade_and_show(session, &mut exercise)?;
                    graded_state = fingerprint(&exercise.starter_dir(&session.root));
                }
            }
            Ok(Event::Key(key)) => match key.as_str() {
                "q" => return Ok(true),
                "h" => session.hint(&exercise)?,
                "l" => session.list(),
                "n" => {
                    if session.progress.of(&exercise).done {
                        advance(session, &mut exercise);
                        graded_state = fingerprint(&exercise.starter_dir(&session.root));
                        grade_and_show(session, &mut exercise)?;
                    } else {
                        println!(
                            "{} is not done yet: its required tests must pass first.",
                            exercise.name
                        );
                    }
                }
                "r" => {
                    backup::reset(session, &exercise)?;
                    graded_state = fingerprint(&exercise.starter_dir(&session.root));
                    grade_and_show(session, &mut exercise)?;
                }
                "" => {}
                other => println!("Unknown key `{other}`. {}", keys_line()),
            },
            Ok(Event::InputClosed) => {} // no keyboard (a pipe): keep watching files
            Err(_) => return Ok(true),
        }
    }
}

fn grade_and_show(session: &mut Session, exercise: &mut Exercise) -> Result<()> {
    let verdict = session.grade(exercise)?;
    if verdict.tally().passed()
        && let Some(next) = session.manifest.next_after(exercise).cloned()
    {
        println!(
            "{}",
            term::green(&format!("Moving on to {} ({}).", next.name, next.chapter))
        );
        *exercise = next;
        session.grade(exercise)?;
    }
    println!(
        "\n{} {}\n{}",
        term::bold("Progress"),
        session.course_progress(),
        keys_line()
    );
    Ok(())
}

fn advance(session: &Session, exercise: &mut Exercise) {
    if let Some(next) = session.manifest.next_after(exercise) {
        *exercise = next.clone();
    }
}

fn keys_line() -> String {
    term::dim(
        "Watching for saves. Keys (then Enter): [n] next  [h] hint  [l] list  [r] reset  [q] quit",
    )
}

/// Wait until no change has arrived for [`DEBOUNCE`]. Returns any other event that
/// arrived meanwhile, for the main loop to handle next.
fn drain_burst(events: &Receiver<Event>) -> Option<Event> {
    loop {
        match events.recv_timeout(DEBOUNCE) {
            Ok(Event::Changed) => continue,
            Ok(other) => return Some(other),
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
        }
    }
}

fn start_file_events(folder: &Path, sender: Sender<Event>) -> Option<notify::RecommendedWatcher> {
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|event| !event.kind.is_access()) {
            let _ = sender.send(Event::Changed);
        }
    })
    .ok()?;
    watcher.watch(folder, RecursiveMode::Recursive).ok()?;
    Some(watcher)
}

fn start_poller(folder: PathBuf, sender: Sender<Event>) {
    thread::spawn(move || {
        let mut last = fingerprint(&folder);
        loop {
            thread::sleep(POLL_EVERY);
            let now = fingerprint(&folder);
            if now != last {
                last = now;
                if sender.send(Event::Changed).is_err() {
                    return;
                }
            }
        }
    });
}

fn start_key_reader(sender: Sender<Event>) {
    thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if sender.send(Event::Key(line.trim().to_lowercase())).is_err() {
                return;
            }
        }
        let _ = sender.send(Event::InputClosed);
    });
}

/// Names, sizes and modification times of every file under `folder`: cheap to compute
/// for an exercise's handful of files, and different after any save.
fn fingerprint(folder: &Path) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
    let mut files = Vec::new();
    collect(folder, &mut files);
    files.sort();
    files
}

fn collect(folder: &Path, files: &mut Vec<(PathBuf, u64, Option<SystemTime>)>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            if entry.file_name() != "__pycache__" {
                collect(&path, files);
            }
        } else {
            files.push((path, meta.len(), meta.modified().ok()));
        }
    }
}
