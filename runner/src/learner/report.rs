//! `cargo workshop report --json`: progress and per-test results of every exercise, for
//! a facilitator collecting a classroom's state (or a learner's own scripts).

use serde::Serialize;

use crate::grade::GradedTest;
use crate::grade::stages::{self, StageSummary};
use crate::learner::progress::SolvedBy;
use crate::learner::session::Session;

#[derive(Serialize)]
struct Report<'a> {
    current: &'a str,
    done: usize,
    total: usize,
    exercises: Vec<ExerciseReport<'a>>,
}

#[derive(Serialize)]
struct ExerciseReport<'a> {
    name: &'a str,
    title: &'a str,
    chapter: &'a str,
    level: &'a str,
    done: bool,
    /// `"learner"` or `"solve"` (caught up with `cargo workshop solve`); null when not done.
    solved_by: Option<SolvedBy>,
    stretch_done: bool,
    hints_seen: usize,
    /// Counts of the latest grading; absent when the exercise was never graded.
    required: Option<usize>,
    required_passed: Option<usize>,
    stretch: Option<usize>,
    stretch_passed: Option<usize>,
    /// The compiler's warnings about the learner's code, at the latest grading.
    warnings: Option<usize>,
    tests: Vec<GradedTest>,
    /// Per stage, in course order, at the latest grading; absent for an exercise
    /// without stages.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    stages: Vec<StageSummary>,
}

pub fn json(session: &Session) -> anyhow::Result<String> {
    let manifest = &session.manifest;
    let exercises = manifest
        .exercises
        .iter()
        .map(|exercise| {
            let progress = session.progress.of(exercise);
            ExerciseReport {
                name: &exercise.name,
                title: &exercise.title,
                chapter: &exercise.chapter,
                level: &exercise.level,
                done: progress.done,
                solved_by: progress.solved_by(),
                stretch_done: progress.stretch_done,
                hints_seen: progress.hints_seen,
                required: progress.last.map(|tally| tally.required),
                required_passed: progress.last.map(|tally| tally.required_passed),
                stretch: progress.last.map(|tally| tally.stretch),
                stretch_passed: progress.last.map(|tally| tally.stretch_passed),
                warnings: progress.last.map(|tally| tally.warnings),
                stages: if progress.last.is_some() {
                    stages::summaries(exercise, &progress.last_tests)
                } else {
                    Vec::new()
                },
                tests: progress.last_tests,
            }
        })
        .collect();
    let report = Report {
        current: &session.progress.current(manifest).name,
        done: session.progress.done_count(manifest),
        total: manifest.exercises.len(),
        exercises,
    };
    Ok(serde_json::to_string_pretty(&report)?)
}
