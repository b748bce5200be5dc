//! `cargo workshop watch [EX]`: re-grade an exercise every time a file of it is saved.
//!
//! Two sources of "something changed" feed one channel: file-system events (fast) and a
//! poller that compares modification times twice a second (works where events never
//! arrive: WSL on a Windows drive, network drives, some containers). Whichever notices
//! first wins; the fingerprint of the files decides whether anything really changed, so
//! one save grades once. Files an editor writes beside the one it saves (swap files,
//! backups, locks) are no change at all. Keys are read a line at a time: type a letter,
//! then Enter; the reset question is answered the same way.

use std::ffi::OsStr;
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
use crate::learner::session::{Session, Via};
use crate::manifest::Exercise;
use crate::sentences::watch as says;
use anstream::println;

/// How long a burst of saves must be quiet before grading (editors write in steps).
const DEBOUNCE: Duration = Duration::from_millis(50);
const POLL_EVERY: Duration = Duration::from_millis(500);

enum Event {
    Changed,
    Key(String),
    InputClosed,
}

/// When watch leaves an exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pace {
    /// Plain `watch`: on to the next exercise as soon as the required tests pass.
    FollowCourse,
    /// `watch EX`: stay on the exercise, stretch tests included, until the learner
    /// presses `n` (and keep that pace on the next one).
    StayUntilNext,
}

impl Pace {
    fn via(self) -> Via {
        Via::Watch {
            moves_on: self == Pace::FollowCourse,
        }
    }
}

/// The files of an exercise as last graded: see [`fingerprint`].
type Fingerprint = Vec<(PathBuf, u64, Option<SystemTime>)>;

/// `chosen` is the `EX` of `watch EX`: watch that exercise and stay on it. Without it,
/// watch the current exercise and follow the course.
pub fn run(session: &mut Session, chosen: Option<&str>, poll_only: bool) -> Result<bool> {
    // A misspelt exercise ends here, before any thread starts.
    let (mut exercise, pace) = match chosen {
        Some(query) => (session.pick(Some(query))?, Pace::StayUntilNext),
        None => (session.pick(None)?, Pace::FollowCourse),
    };
    let (sender, events) = mpsc::channel();
    let exercises_dir = session.root.join("exercises");

    // Kept alive for the whole loop: dropping the watcher stops the events.
    let _watcher = if poll_only {
        None
    } else {
        start_file_events(&exercises_dir, sender.clone())
    };
    if _watcher.is_none() {
        println!("{}", says::polling());
    }
    start_poller(exercises_dir.clone(), sender.clone());
    start_key_reader(sender);

    session.prepare(&exercise)?;
    session.pytest_server = PytestServer::start(&session.root, &session.venv).map(Mutex::new);
    let mut graded_state = grade_and_show(session, &mut exercise, pace)?;
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
                    graded_state = grade_and_show(session, &mut exercise, pace)?;
                }
            }
            Ok(Event::Key(key)) => match key.as_str() {
                "q" => return Ok(true),
                "h" => session.hint(&exercise)?,
                "l" => session.list(),
                "n" => match session.manifest.next_after(&exercise).cloned() {
                    None => println!("{}", says::last_one(&exercise.name)),
                    Some(_) if !session.progress.of(&exercise).done => {
                        println!("{}", says::not_done_yet(&exercise.name));
                    }
                    Some(next) => {
                        exercise = next;
                        graded_state = grade_and_show(session, &mut exercise, pace)?;
                    }
                },
                "r" => {
                    println!("{}", says::confirm_reset(&exercise.name));
                    let answer = await_answer(&events);
                    if answer.yes {
                        backup::reset(session, &exercise)?;
                        graded_state = grade_and_show(session, &mut exercise, pace)?;
                    } else {
                        println!("{}", says::reset_cancelled(&exercise.name));
                        if answer.saved_meanwhile {
                            pending = Some(Event::Changed);
                        }
                    }
                }
                "" => {}
                other => println!("{}", says::unknown_key(other)),
            },
            Ok(Event::InputClosed) => {} // no keyboard (a pipe): keep watching files
            Err(_) => return Ok(true),
        }
    }
}

/// Grade `exercise` and show where the learner stands. Following the course, a pass
/// moves on to the next exercise and grades that too. Returns the fingerprint of the
/// files graded last, taken before grading them, so that a save made during a grading
/// still counts as a change.
fn grade_and_show(
    session: &mut Session,
    exercise: &mut Exercise,
    pace: Pace,
) -> Result<Fingerprint> {
    let mut graded = fingerprint(&exercise.starter_dir(&session.root));
    let verdict = session.grade(exercise, pace.via())?;
    if pace == Pace::FollowCourse
        && verdict.tally().passed()
        && let Some(next) = session.manifest.next_after(exercise).cloned()
    {
        println!("{}", says::moving_on(&next.name, &next.chapter));
        *exercise = next;
        graded = fingerprint(&exercise.starter_dir(&session.root));
        session.grade(exercise, pace.via())?;
    }
    println!(
        "{}\n{}",
        says::progress(&session.course_progress()),
        says::keys()
    );
    Ok(graded)
}

/// The answer to a yes/no question, and whether a save arrived while it was open.
struct Answer {
    yes: bool,
    saved_meanwhile: bool,
}

/// Wait for the next line typed: only `y` means yes. Saves made meanwhile are not
/// graded in the middle of the question, only remembered; a closed keyboard is a no.
fn await_answer(events: &Receiver<Event>) -> Answer {
    let mut saved_meanwhile = false;
    loop {
        match events.recv() {
            Ok(Event::Changed) => saved_meanwhile = true,
            Ok(Event::Key(key)) => {
                return Answer {
                    yes: key == "y",
                    saved_meanwhile,
                };
            }
            Ok(Event::InputClosed) | Err(_) => {
                return Answer {
                    yes: false,
                    saved_meanwhile,
                };
            }
        }
    }
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
        if event.is_ok_and(|event| !event.kind.is_access() && touches_learner_files(&event)) {
            let _ = sender.send(Event::Changed);
        }
    })
    .ok()?;
    watcher.watch(folder, RecursiveMode::Recursive).ok()?;
    Some(watcher)
}

/// An event that names only editor temp files is no save; one that names no file at
/// all (a rescan) might be, and the fingerprint decides.
fn touches_learner_files(event: &notify::Event) -> bool {
    event.paths.is_empty() || event.paths.iter().any(|path| !is_editor_temp_file(path))
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

/// Names, sizes and modification times of every file under `folder` but editor temp
/// files: cheap to compute for an exercise's handful of files, and different after any
/// save.
fn fingerprint(folder: &Path) -> Fingerprint {
    let mut files = Vec::new();
    collect(folder, &mut files);
    files.sort();
    files
}

fn collect(folder: &Path, files: &mut Fingerprint) {
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
        } else if !is_editor_temp_file(&path) {
            files.push((path, meta.len(), meta.modified().ok()));
        }
    }
}

/// A file an editor writes beside the one being saved, which comes and goes with every
/// save and is never the learner's code: vim's swap files (`.lib.rs.swp`, `.swo`, …)
/// and its `4913` probe of whether the folder is writable, backups (`lib.rs~`), emacs's
/// locks (`.#lib.rs`) and auto-saves (`#lib.rs#`), `*.tmp`, and JetBrains' safe-write
/// copies (`lib.rs___jb_tmp___`, `lib.rs___jb_old___`).
fn is_editor_temp_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(OsStr::to_str) else {
        return false;
    };
    let extension = path.extension().and_then(OsStr::to_str).unwrap_or("");
    let vim_swap = name.starts_with('.') && extension.len() == 3 && extension.starts_with("sw");
    // vim tries 4913, then adds 123 while the name is taken: only digits either way.
    let vim_probe = name.bytes().all(|byte| byte.is_ascii_digit());
    let emacs =
        name.starts_with(".#") || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'));
    vim_swap
        || vim_probe
        || emacs
        || name.ends_with('~')
        || extension.eq_ignore_ascii_case("tmp")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> bool {
        is_editor_temp_file(&Path::new("exercises/05_factorial/src").join(name))
    }

    #[test]
    fn editor_swap_backup_lock_and_probe_files_are_temp_files() {
        for name in [
            ".lib.rs.swp",
            ".lib.rs.swo",
            ".lib.rs.swx",
            "4913",
            "5036",
            "lib.rs~",
            ".#lib.rs",
            "#lib.rs#",
            "lib.rs.tmp",
            "LIB.RS.TMP",
            "lib.rs___jb_tmp___",
            "lib.rs___jb_old___",
        ] {
            assert!(temp(name), "{name} is an editor's temp file");
        }
    }

    #[test]
    fn a_learners_own_files_are_not_temp_files() {
        for name in [
            "lib.rs",
            "main.rs",
            "Cargo.toml",
            "test_factorial.py",
            "factorial.pyi",
            ".gitignore",
            "swp.rs",
            "lib.swp.rs",
            "v2.rs",
            "#notes",
            "#",
        ] {
            assert!(!temp(name), "{name} is the learner's");
        }
    }

    #[test]
    fn a_folder_or_a_path_without_a_name_is_not_a_temp_file() {
        assert!(!is_editor_temp_file(Path::new(
            "exercises/05_factorial/src"
        )));
        assert!(!is_editor_temp_file(Path::new("/")));
        assert!(!is_editor_temp_file(Path::new("")));
    }
}
