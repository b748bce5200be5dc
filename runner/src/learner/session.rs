//! The learner's commands: start (no subcommand), `check` and `list`.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use anyhow::Result;

use crate::files;
use crate::grade::pytest_server::PytestServer;
use crate::grade::test_results::Outcome;
use crate::grade::{Grader, Verdict};
use crate::learner::progress::{Progress, SolvedBy};
use crate::learner::view;
use crate::manifest::{Exercise, Manifest, Role};
use crate::python_env::Venv;
use crate::sentences::{next_step, session as says};
use crate::term;
use anstream::println;

/// Where a verdict is shown, so that its next step names what the learner can do there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// `check` and `cargo workshop`: the next step is a command to type.
    Check,
    /// `watch`: the next step is a save or one of watch's keys. `moves_on` when watch
    /// goes to the next exercise by itself once this one passes.
    Watch { moves_on: bool },
}

/// Everything a learner's command needs: where the repository is, what the exercises
/// are, the learner's venv and progress.
pub struct Session {
    pub root: PathBuf,
    pub manifest: Manifest,
    pub venv: Venv,
    pub progress: Progress,
    pub python: Option<String>,
    pub limit: Option<Duration>,
    /// Set by `watch`: a pytest fork server that saves pytest's start-up on each save.
    pub pytest_server: Option<Mutex<PytestServer>>,
}

impl Session {
    pub fn open(root: PathBuf, python: Option<String>, limit: Option<Duration>) -> Result<Session> {
        let manifest = Manifest::load(&root)?;
        let progress = Progress::load(&root);
        let venv = Venv::at(root.join(".venv"));
        Ok(Session {
            root,
            manifest,
            venv,
            progress,
            python,
            limit,
            pytest_server: None,
        })
    }

    /// Create the venv and install what `exercise` needs (dev tools plus its groups).
    pub fn prepare(&self, exercise: &Exercise) -> Result<()> {
        let mut groups = vec!["dev"];
        groups.extend(exercise.groups.iter().map(String::as_str));
        self.venv
            .ensure(&self.root, self.python.as_deref(), &groups)
    }

    fn grader(&self) -> Grader<'_> {
        Grader {
            root: &self.root,
            venv: &self.venv,
            work_dir: files::runner_dir(&self.root).join("learner"),
            quick: true,
            server: self.pytest_server.as_ref(),
            limit: self.limit,
        }
    }

    /// Grade the learner's copy of `exercise`, show the verdict, record it.
    pub fn grade(&mut self, exercise: &Exercise, via: Via) -> Result<Verdict> {
        self.prepare(exercise)?;
        let position = self.manifest.position(exercise);
        view::exercise_header(exercise, position, self.manifest.exercises.len());
        let verdict = self.grader().grade(
            exercise,
            &exercise.starter_dir(&self.root),
            &exercise.tests_dir(&self.root),
        )?;
        let layout = match via {
            Via::Check => view::Stages::InOrder,
            Via::Watch { .. } => view::Stages::NextFirst,
        };
        view::verdict(exercise, &verdict, layout);
        self.update_progress(|progress| progress.record(exercise, &verdict))?;
        self.summary(exercise, &verdict, via);
        Ok(verdict)
    }

    /// Change the progress on disk (merged with what other runners saved meanwhile) and
    /// keep the result as this session's copy.
    pub fn update_progress<T>(&mut self, change: impl FnOnce(&mut Progress) -> T) -> Result<T> {
        let (progress, result) = Progress::update(&self.root, change)?;
        self.progress = progress;
        Ok(result)
    }

    /// One line on where the learner stands, then what to do next.
    fn summary(&self, exercise: &Exercise, verdict: &Verdict, via: Via) {
        let tally = verdict.tally();
        println!();
        if tally.passed() {
            println!(
                "{}",
                next_step::done(&exercise.name, tally.required, tally.stretch_done())
            );
            if tally.stretch > 0 && !tally.stretch_done() {
                println!("{}", next_step::bonus(tally.stretch_passed, tally.stretch));
            }
        }
        println!("{}", self.next_step(exercise, verdict, via));
    }

    /// What to do next, in the words of the command that showed the verdict.
    fn next_step(&self, exercise: &Exercise, verdict: &Verdict, via: Via) -> String {
        let tally = verdict.tally();
        let name = &exercise.name;
        if tally.passed() {
            let Some(next) = self.manifest.next_after(exercise) else {
                return next_step::last_exercise();
            };
            match via {
                Via::Check => next_step::next_exercise(&next.title, &next.chapter, &next.name),
                Via::Watch { moves_on } => {
                    next_step::in_watch::next_exercise(&next.title, &next.chapter, moves_on)
                }
            }
        } else if matches!(verdict, Verdict::CompileError { .. }) {
            match via {
                Via::Check => next_step::fix_compile_error(name),
                Via::Watch { .. } => next_step::in_watch::fix_compile_error(name),
            }
        } else {
            let (passed, required) = (tally.required_passed, tally.required);
            let not_run = not_run_count(verdict);
            match via {
                Via::Check => next_step::keep_going(name, passed, required, not_run),
                Via::Watch { .. } => {
                    next_step::in_watch::keep_going(name, passed, required, not_run)
                }
            }
        }
    }

    /// `cargo workshop setup`: only the environment, for a facilitator's pre-meetup
    /// message ("run this at home") or a slow network.
    pub fn setup(&self) -> Result<bool> {
        let current = self.progress.current(&self.manifest);
        self.prepare(current)?;
        println!("{}", says::set_up());
        Ok(true)
    }

    /// `cargo workshop`: set up on first use, show progress, grade the current exercise.
    pub fn start(&mut self) -> Result<bool> {
        let current = self.progress.current(&self.manifest).clone();
        self.prepare(&current)?;
        println!("{}", says::welcome(&self.course_progress()));
        let verdict = self.grade(&current, Via::Check)?;
        Ok(verdict.tally().passed())
    }

    /// The exercise a command names, or the current one.
    pub fn pick(&self, query: Option<&str>) -> Result<Exercise> {
        Ok(match query {
            Some(query) => self.manifest.find(query)?.clone(),
            None => self.progress.current(&self.manifest).clone(),
        })
    }

    /// `cargo workshop hint`: the next hint, remembered in the progress file. The level
    /// is taken from the file as saved, so hints asked for in two terminals both count.
    pub fn hint(&mut self, exercise: &Exercise) -> Result<()> {
        let total = exercise.hints.len();
        let level = self.update_progress(|progress| {
            let entry = progress.entry(exercise);
            let level = entry.hints_seen.min(total.saturating_sub(1));
            entry.hints_seen = entry.hints_seen.max(level + 1);
            level
        })?;
        println!("{}", says::hint_title(&exercise.name, level + 1, total));
        println!("{}", exercise.hints[level]);
        if level + 1 < total {
            println!("{}", says::more_hints());
        } else {
            println!("{}", says::last_hint(&exercise.name));
        }
        Ok(())
    }

    /// `[####------] 2/5`: exercises done out of the whole course.
    pub fn course_progress(&self) -> String {
        term::progress_bar(
            self.progress.done_count(&self.manifest),
            self.manifest.exercises.len(),
        )
    }

    /// `cargo workshop list`.
    pub fn list(&self) {
        let current = self.progress.current(&self.manifest).name.clone();
        println!("{}", says::list_title(&self.course_progress()));
        for exercise in &self.manifest.exercises {
            let progress = self.progress.of(exercise);
            let status = says::status(
                progress.solved_by() == Some(SolvedBy::Solve),
                progress.done,
                progress.stretch_done,
                exercise.name == current,
            );
            let tests = match progress.last {
                Some(tally) => format!("{:>2}/{:<2} tests", tally.required_passed, tally.required),
                None => format!("{:<11}", "   ·"),
            };
            println!(
                "  {status} {:<14} {tests}  {:<12} {:<22} {}",
                exercise.name, exercise.level, exercise.chapter, exercise.title
            );
        }
    }
}

/// Required tests the suites should have run and never did (counted as failing).
fn not_run_count(verdict: &Verdict) -> usize {
    match verdict {
        Verdict::Tested { tests, .. } => tests
            .iter()
            .filter(|test| test.role != Role::Stretch && test.case.outcome == Outcome::NotRun)
            .count(),
        Verdict::CompileError { .. } => 0,
    }
}
