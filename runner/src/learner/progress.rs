//! The learner's progress, kept in `.workshop/progress.json`. It is written atomically,
//! and a file that cannot be read is set aside with a message, never lost or fatal.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Result;
use serde::{Deserialize, Serialize};

use crate::files;
use crate::grade::{GradedTest, Tally, Verdict};
use crate::manifest::{Exercise, Manifest};
use crate::term;
use anstream::eprintln;

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Progress {
    #[serde(default)]
    pub exercises: BTreeMap<String, ExerciseProgress>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct ExerciseProgress {
    /// Every required test passed at some point.
    #[serde(default)]
    pub done: bool,
    /// The stretch tests passed too: the second star.
    #[serde(default)]
    pub stretch_done: bool,
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

pub fn path(root: &Path) -> PathBuf {
    root.join(".workshop").join("progress.json")
}

impl Progress {
    pub fn load(root: &Path) -> Progress {
        let file = path(root);
        let Ok(text) = std::fs::read_to_string(&file) else {
            return Progress::default(); // first run
        };
        match serde_json::from_str(&text) {
            Ok(progress) => progress,
            Err(error) => {
                let stamp = SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or(0);
                let aside = file.with_file_name(format!("progress.json.unreadable-{stamp}"));
                let moved = std::fs::rename(&file, &aside).is_ok();
                eprintln!(
                    "{} {} could not be read ({error}); {}. Starting from fresh progress; \
                     your exercise files are untouched.",
                    term::yellow("warning:"),
                    file.display(),
                    if moved {
                        format!("it is kept as {}", aside.display())
                    } else {
                        "it was left in place".into()
                    }
                );
                Progress::default()
            }
        }
    }

    pub fn save(&self, root: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self)?;
        files::write_atomically(&path(root), text.as_bytes())
    }

    pub fn of(&self, exercise: &Exercise) -> ExerciseProgress {
        self.exercises
            .get(&exercise.name)
            .cloned()
            .unwrap_or_default()
    }

    pub fn entry(&mut self, exercise: &Exercise) -> &mut ExerciseProgress {
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
        entry.done |= tally.passed();
        entry.stretch_done |= tally.passed() && tally.stretch_done();
        entry.last = Some(tally);
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
