//! The learner's progress, kept in `.workshop/progress.json`.
//!
//! Several runner processes share it: the book tells learners to leave `watch` running
//! in one terminal and ask for a `hint` in another. So no process saves the copy it read
//! at start: every change goes through [`Progress::update`], which takes a lock, reads
//! the file afresh, applies the change and writes the file atomically. A file that
//! cannot be read is set aside under a name of its own, with a message, never lost.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::files;
use crate::grade::{GradedTest, Tally, Verdict};
use crate::manifest::{Exercise, Manifest};
use crate::python_env;
use crate::sentences::progress as says;
use anstream::eprintln;

/// How long a process waits for another to finish its update. An update takes
/// milliseconds; this only turns a stopped process (Ctrl-Z) into a clear error.
const LOCK_WAIT: Duration = Duration::from_secs(20);

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Progress {
    #[serde(default)]
    pub exercises: BTreeMap<String, ExerciseProgress>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct ExerciseProgress {
    /// Every required test passed at some point, or `solve` copied the solution in.
    #[serde(default)]
    pub done: bool,
    /// The stretch tests passed too: the second star.
    #[serde(default)]
    pub stretch_done: bool,
    /// Who got the exercise done first; absent in files written before it was recorded
    /// (they count as the learner's).
    #[serde(default)]
    pub solved_by: Option<SolvedBy>,
    /// How many hints `cargo workshop hint` has shown.
    #[serde(default)]
    pub hints_seen: usize,
    /// The latest grading's counts.
    #[serde(default)]
    pub last: Option<Tally>,
    /// The latest grading's tests, for `report --json` (empty after a compile error).
    #[serde(default)]
    pub last_tests: Vec<GradedTest>,
}

/// Who got an exercise done: the learner's own code passed, or `solve` copied the
/// reference solution in (the follow-along catch-up).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SolvedBy {
    Learner,
    Solve,
}

impl ExerciseProgress {
    /// Who got it done; `None` while it is not done.
    pub fn solved_by(&self) -> Option<SolvedBy> {
        self.done
            .then(|| self.solved_by.unwrap_or(SolvedBy::Learner))
    }
}

pub fn path(root: &Path) -> PathBuf {
    root.join(".workshop").join("progress.json")
}

fn lock_path(root: &Path) -> PathBuf {
    root.join(".workshop").join("progress.lock")
}

impl Progress {
    /// The progress as it is now, for showing it. Reading needs no lock: every save
    /// renames a whole file into place. Only an unreadable file takes the lock, so that
    /// one runner sets it aside, once. A problem is a warning, not an error: showing no
    /// progress is better than refusing to grade.
    pub fn load(root: &Path) -> Progress {
        if let Ok(progress) = read(root) {
            return progress;
        }
        let set_aside = || -> Result<Progress> {
            let _lock = lock(root)?;
            read_or_set_aside(root)
        };
        set_aside().unwrap_or_else(|error| {
            eprintln!("{}", says::showing_none(&format!("{error:#}")));
            Progress::default()
        })
    }

    /// Change the progress on disk: lock it, read it afresh (another runner may have
    /// saved since this one started), apply `change`, write it atomically, unlock.
    /// Returns the progress as saved, for the caller to keep, and what `change` returned.
    pub fn update<T>(
        root: &Path,
        change: impl FnOnce(&mut Progress) -> T,
    ) -> Result<(Progress, T)> {
        let _lock = lock(root)?;
        let mut progress = read_or_set_aside(root)?;
        let result = change(&mut progress);
        let text = serde_json::to_string_pretty(&progress)?;
        files::write_atomically(&path(root), text.as_bytes())?;
        Ok((progress, result))
    }

    pub fn of(&self, exercise: &Exercise) -> ExerciseProgress {
        std::iter::once(&exercise.name)
            .chain(&exercise.formerly)
            .find_map(|name| self.exercises.get(name))
            .cloned()
            .unwrap_or_default()
    }

    /// The exercise's entry, to change it. Progress saved under a former name (before
    /// the course was renumbered) moves to the current name on the first change.
    pub fn entry(&mut self, exercise: &Exercise) -> &mut ExerciseProgress {
        if !self.exercises.contains_key(&exercise.name)
            && let Some(old) = exercise
                .formerly
                .iter()
                .find_map(|name| self.exercises.remove(name))
        {
            self.exercises.insert(exercise.name.clone(), old);
        }
        self.exercises.entry(exercise.name.clone()).or_default()
    }

    /// Record a grading: once done, an exercise stays done (a later experiment that
    /// breaks it does not take the learner backwards).
    pub fn record(&mut self, exercise: &Exercise, verdict: &Verdict) {
        let tally = verdict.tally();
        let entry = self.entry(exercise);
        entry.last_tests = match verdict {
            Verdict::Tested { tests, .. } => tests.clone(),
            Verdict::CompileError { .. } => Vec::new(),
        };
        if tally.passed() && !entry.done {
            entry.done = true;
            entry.solved_by = Some(SolvedBy::Learner);
        }
        // A pass after `solve` grades the reference solution, so it stays solved by
        // `solve` and earns no star: the runner cannot tell the learner's later edits
        // from the copied code. `reset` is how a learner says "this one is mine now".
        if entry.solved_by() != Some(SolvedBy::Solve) {
            entry.stretch_done |= tally.passed() && tally.stretch_done();
        }
        entry.last = Some(tally);
    }

    /// Record `solve`: the exercise counts as done (the reference solution passes its
    /// suites; `verify` proves it), by `solve` unless the learner had done it already.
    /// The latest grading described the learner's code, now in the backup: forget it.
    pub fn record_solve(&mut self, exercise: &Exercise) {
        let entry = self.entry(exercise);
        if !entry.done {
            entry.done = true;
            entry.solved_by = Some(SolvedBy::Solve);
        }
        entry.last = None;
        entry.last_tests.clear();
    }

    /// Forget everything about `exercise` (`reset`): done, stars, hints, last grading.
    pub fn forget(&mut self, exercise: &Exercise) {
        for name in std::iter::once(&exercise.name).chain(&exercise.formerly) {
            self.exercises.remove(name);
        }
    }

    /// The first exercise not yet done; the last one when all are.
    pub fn current<'m>(&self, manifest: &'m Manifest) -> &'m Exercise {
        manifest
            .exercises
            .iter()
            .find(|exercise| !self.of(exercise).done)
            .unwrap_or_else(|| {
                manifest
                    .exercises
                    .last()
                    .expect("the manifest is never empty")
            })
    }

    pub fn done_count(&self, manifest: &Manifest) -> usize {
        manifest
            .exercises
            .iter()
            .filter(|exercise| self.of(exercise).done)
            .count()
    }
}

/// Take the progress lock: an exclusive lock on `.workshop/progress.lock`, a file of
/// its own because `progress.json` is replaced (renamed over) on every save. The lock
/// is released when the returned file is closed. Where the file system cannot lock at
/// all, the runner carries on without it (with a warning) rather than refuse to work.
fn lock(root: &Path) -> Result<File> {
    let path = lock_path(root);
    let folder = path.parent().expect("the lock file is in .workshop");
    std::fs::create_dir_all(folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    let deadline = Instant::now() + LOCK_WAIT;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(TryLockError::WouldBlock) => bail!(says::lock_held(
                &python_env::relative(root, &path),
                LOCK_WAIT.as_secs()
            )),
            Err(TryLockError::Error(error)) => {
                eprintln!(
                    "{}",
                    says::cannot_lock(&python_env::relative(root, &path), &error.to_string())
                );
                return Ok(file);
            }
        }
    }
}

/// Read the progress file; a missing one is a first run. The error says what is wrong.
fn read(root: &Path) -> Result<Progress, String> {
    match std::fs::read(path(root)) {
        Ok(bytes) => parse(&bytes),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Progress::default()),
        Err(error) => Err(error.to_string()),
    }
}

/// Read the progress file with the lock held. One that is not JSON progress (invalid
/// UTF-8 included) is set aside with a one-line message and progress starts afresh.
/// Fails only if it cannot be set aside: writing over it then would lose it.
fn read_or_set_aside(root: &Path) -> Result<Progress> {
    let problem = match read(root) {
        Ok(progress) => return Ok(progress),
        Err(problem) => problem,
    };
    let file = path(root);
    let shown = python_env::relative(root, &file);
    let aside = set_aside(&file).with_context(|| says::cannot_set_aside(&shown, &problem))?;
    eprintln!(
        "{}",
        says::set_aside(&shown, &problem, &python_env::relative(root, &aside))
    );
    Ok(Progress::default())
}

fn parse(bytes: &[u8]) -> Result<Progress, String> {
    let text = std::str::from_utf8(bytes).map_err(|error| says::not_utf8(&error.to_string()))?;
    serde_json::from_str(text).map_err(|error| error.to_string())
}

/// Rename `file` to `<name>.unreadable-<seconds>`, or `…-<seconds>-2`, `-3`… when that
/// name is taken: two set-asides in one second must both be kept. The lock is held, so
/// no other runner picks the same name meanwhile.
fn set_aside(file: &Path) -> Result<PathBuf> {
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|since| since.as_secs())
        .unwrap_or(0);
    let name = file
        .file_name()
        .context("the progress file has a name")?
        .to_string_lossy();
    let aside = (1..)
        .map(|attempt| {
            let suffix = if attempt == 1 {
                format!("{stamp}")
            } else {
                format!("{stamp}-{attempt}")
            };
            file.with_file_name(format!("{name}.unreadable-{suffix}"))
        })
        .find(|candidate| std::fs::symlink_metadata(candidate).is_err())
        .expect("some name is free");
    std::fs::rename(file, &aside)?;
    Ok(aside)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::test_results::{Outcome, Suite, TestCase};
    use crate::manifest::Role;

    fn exercise(name: &str) -> Exercise {
        toml::from_str(&format!(
            r#"name = "{name}"
               title = "t"
               chapter = "c"
               level = "beginner"
               kind = "extension"
               module = "m"
               hints = ["one"]"#
        ))
        .unwrap()
    }

    /// A grading with one core test and one stretch test.
    fn verdict(core_passed: bool, stretch_passed: bool) -> Verdict {
        let test = |name: &str, passed: bool, role| GradedTest {
            case: TestCase {
                suite: Suite::Pytest,
                name: name.into(),
                outcome: if passed {
                    Outcome::Passed
                } else {
                    Outcome::Failed
                },
                instances: 1,
                instances_passed: usize::from(passed),
                message: String::new(),
                reason: None,
            },
            role,
        };
        Verdict::Tested {
            tests: vec![
                test("test_core", core_passed, Role::Core),
                test("test_stretch", stretch_passed, Role::Stretch),
            ],
            warnings: Vec::new(),
        }
    }

    #[test]
    fn an_update_keeps_what_another_runner_saved_since_this_one_started() {
        let root = files::scratch_folder("progress-merge");
        let (first, second) = (exercise("01_a"), exercise("02_b"));
        // This runner starts (say `watch`) and keeps its copy...
        let started_with = Progress::load(&root);
        // ...another runner (`hint` in a second terminal) saves meanwhile...
        Progress::update(&root, |progress| progress.entry(&first).hints_seen = 2).unwrap();
        // ...and this one's save merges with it instead of writing its old copy.
        let (saved, ()) = Progress::update(&root, |progress| {
            progress.record(&second, &verdict(true, false))
        })
        .unwrap();
        assert_eq!(started_with.of(&first).hints_seen, 0);
        for progress in [saved, Progress::load(&root)] {
            assert_eq!(progress.of(&first).hints_seen, 2, "the other runner's hint");
            assert!(progress.of(&second).done, "this runner's grading");
        }
    }

    #[test]
    fn updates_from_many_threads_at_once_all_count() {
        let root = files::scratch_folder("progress-threads");
        let updaters: Vec<_> = (0..6)
            .map(|_| {
                let root = root.clone();
                std::thread::spawn(move || {
                    let shared = exercise("01_a");
                    for _ in 0..25 {
                        Progress::update(&root, |progress| progress.entry(&shared).hints_seen += 1)
                            .unwrap();
                    }
                })
            })
            .collect();
        for updater in updaters {
            updater.join().unwrap();
        }
        assert_eq!(Progress::load(&root).of(&exercise("01_a")).hints_seen, 150);
    }

    fn set_aside_files(root: &Path) -> Vec<Vec<u8>> {
        let mut found: Vec<(String, Vec<u8>)> = std::fs::read_dir(root.join(".workshop"))
            .unwrap()
            .filter_map(Result::ok)
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with("progress.json.unreadable-"))
            .map(|name| {
                let bytes = std::fs::read(root.join(".workshop").join(&name)).unwrap();
                (name, bytes)
            })
            .collect();
        found.sort();
        found.into_iter().map(|(_, bytes)| bytes).collect()
    }

    #[test]
    fn unreadable_files_are_set_aside_each_under_its_own_name() {
        let root = files::scratch_folder("progress-aside");
        let file = path(&root);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        let not_utf8 =
            b"{\"exercises\": {\"01_a\": {\"hints_seen\": 1}}, \"x\": \"\xff\"}".to_vec();
        std::fs::write(&file, &not_utf8).unwrap();
        assert!(Progress::load(&root).exercises.is_empty());
        assert!(
            !file.exists(),
            "the unreadable file is moved, not left to be overwritten"
        );

        // A second one straight away: in the same second, under another name.
        let not_json = b"{ not json".to_vec();
        std::fs::write(&file, &not_json).unwrap();
        let (saved, ()) = Progress::update(&root, |progress| {
            progress.entry(&exercise("01_a")).hints_seen = 1
        })
        .unwrap();
        assert_eq!(saved.of(&exercise("01_a")).hints_seen, 1);

        let mut kept = set_aside_files(&root);
        kept.sort();
        let mut expected = vec![not_utf8, not_json];
        expected.sort();
        assert_eq!(
            kept, expected,
            "both unreadable files are kept byte for byte"
        );
    }

    #[test]
    fn invalid_utf8_is_named_as_the_problem() {
        assert!(
            parse(b"\"\xff\"")
                .unwrap_err()
                .starts_with("it is not UTF-8 text")
        );
        assert!(parse(b"{}").unwrap().exercises.is_empty());
    }

    #[test]
    fn a_learners_pass_is_theirs_and_earns_the_star() {
        let mut progress = Progress::default();
        let one = exercise("01_a");
        assert_eq!(progress.of(&one).solved_by(), None);
        progress.record(&one, &verdict(false, false));
        assert_eq!(progress.of(&one).solved_by(), None, "not done yet");
        progress.record(&one, &verdict(true, true));
        assert_eq!(progress.of(&one).solved_by(), Some(SolvedBy::Learner));
        assert!(progress.of(&one).stretch_done);
        // `solve` afterwards (to compare) does not take the learner's pass away.
        progress.record_solve(&one);
        assert_eq!(progress.of(&one).solved_by(), Some(SolvedBy::Learner));
        assert!(
            progress.of(&one).last.is_none(),
            "that grading was of the old code"
        );
    }

    #[test]
    fn a_pass_after_solve_stays_solved_by_solve_without_a_star() {
        let mut progress = Progress::default();
        let one = exercise("01_a");
        progress.entry(&one).hints_seen = 1;
        progress.record_solve(&one);
        assert!(progress.of(&one).done);
        assert_eq!(progress.of(&one).solved_by(), Some(SolvedBy::Solve));
        assert_eq!(progress.of(&one).hints_seen, 1, "hints seen are history");
        progress.record(&one, &verdict(true, true));
        assert_eq!(progress.of(&one).solved_by(), Some(SolvedBy::Solve));
        assert!(!progress.of(&one).stretch_done);
        assert!(progress.of(&one).last.is_some());
    }

    #[test]
    fn progress_saved_under_a_former_name_carries_over_and_moves_on_the_next_change() {
        // A learner's progress.json from before the renumbering, and the new manifest.
        let mut progress: Progress = serde_json::from_str(
            r#"{"exercises": {"01_factorial": {"done": true, "hints_seen": 2}}}"#,
        )
        .unwrap();
        let mut renamed = exercise("05_factorial");
        renamed.formerly = vec!["01_factorial".into()];
        assert!(progress.of(&renamed).done, "read under the old name");
        assert_eq!(progress.of(&renamed).hints_seen, 2);
        progress.entry(&renamed).hints_seen += 1;
        assert_eq!(progress.of(&renamed).hints_seen, 3);
        assert!(progress.of(&renamed).done, "nothing lost in the move");
        let names: Vec<&String> = progress.exercises.keys().collect();
        assert_eq!(names, ["05_factorial"], "saved under the new name only");
    }

    #[test]
    fn forgetting_an_exercise_clears_all_of_it_and_nothing_else() {
        let mut progress = Progress::default();
        let (one, two) = (exercise("01_a"), exercise("02_b"));
        progress.record(&one, &verdict(true, true));
        progress.entry(&one).hints_seen = 3;
        progress.entry(&two).hints_seen = 1;
        progress.forget(&one);
        let forgotten = progress.of(&one);
        assert!(!forgotten.done && !forgotten.stretch_done);
        assert_eq!(forgotten.hints_seen, 0);
        assert!(forgotten.last.is_none() && forgotten.last_tests.is_empty());
        assert_eq!(forgotten.solved_by(), None);
        assert_eq!(progress.of(&two).hints_seen, 1);
    }

    #[test]
    fn files_from_before_solved_by_count_as_the_learners() {
        let progress = parse(br#"{"exercises": {"01_a": {"done": true}}}"#).unwrap();
        assert_eq!(
            progress.of(&exercise("01_a")).solved_by(),
            Some(SolvedBy::Learner)
        );
    }
}
