//! The learner's commands: start (no subcommand), `check` and `list`.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use anyhow::Result;

use crate::files;
use crate::grade::pytest_server::PytestServer;
use crate::grade::test_results::Outcome;
use crate::grade::{Grader, Verdict};
use crate::learner::progress::Progress;
use crate::learner::view;
use crate::manifest::{Exercise, Manifest, Role};
use crate::python_env::Venv;
use crate::term;
use anstream::println;

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
    pub fn grade(&mut self, exercise: &Exercise) -> Result<Verdict> {
        self.prepare(exercise)?;
        let position = self.manifest.position(exercise);
        view::exercise_header(exercise, position, self.manifest.exercises.len());
        let verdict = self.grader().grade(
            exercise,
            &exercise.starter_dir(&self.root),
            &exercise.tests_dir(&self.root),
        )?;
        view::verdict(&verdict);
        self.progress.record(exercise, &verdict);
        self.progress.save(&self.root)?;
        self.summary(exercise, &verdict);
        Ok(verdict)
    }

    /// One line on where the learner stands, then what to do next.
    fn summary(&self, exercise: &Exercise, verdict: &Verdict) {
        let tally = verdict.tally();
        let source = format!("exercises/{}/src/", exercise.name);
        println!();
        if tally.passed() {
            let star = if tally.stretch_done() {
                " ★ and every stretch test too!"
            } else {
                ""
            };
            println!(
                "{} {}: all {} required tests pass.{star}",
                term::green("Done!"),
                exercise.name,
                tally.required
            );
            if tally.stretch > 0 && !tally.stretch_done() {
                println!(
                    "Bonus: {}/{} stretch tests pass; they earn a second star.",
                    tally.stretch_passed, tally.stretch
                );
            }
            match self.manifest.next_after(exercise) {
                Some(next) => println!(
                    "Next: {} (chapter {}): run `cargo workshop check {}`.",
                    next.title, next.chapter, next.name
                ),
                None => println!("That was the last exercise. Congratulations!"),
            }
        } else if matches!(verdict, Verdict::CompileError { .. }) {
            println!(
                "Next: fix the error in {source}, then run `cargo workshop check {}` again.",
                exercise.name
            );
        } else {
            let not_run = match not_run_count(verdict) {
                0 => String::new(),
                count => format!(" ({count} did not run: see why above)"),
            };
            println!(
                "{} of {} required tests pass{not_run}. Next: edit {source}, then run `cargo workshop check {}` \
                 (or leave `cargo workshop watch` running). Stuck? `cargo workshop hint {}`.",
                tally.required_passed, tally.required, exercise.name, exercise.name
            );
        }
    }

    /// `cargo workshop setup`: only the environment, for a facilitator's pre-meetup
    /// message ("run this at home") or a slow network.
    pub fn setup(&self) -> Result<bool> {
        let current = self.progress.current(&self.manifest);
        self.prepare(current)?;
        println!(
            "{} .venv is ready. Start with `cargo workshop`.",
            term::green("Set up:")
        );
        Ok(true)
    }

    /// `cargo workshop`: set up on first use, show progress, grade the current exercise.
    pub fn start(&mut self) -> Result<bool> {
        let current = self.progress.current(&self.manifest).clone();
        self.prepare(&current)?;
        println!(
            "{} {}",
            term::bold("Rust for Pythonistas"),
            self.course_progress()
        );
        let verdict = self.grade(&current)?;
        Ok(verdict.tally().passed())
    }

    /// The exercise a command names, or the current one.
    pub fn pick(&self, query: Option<&str>) -> Result<Exercise> {
        Ok(match query {
            Some(query) => self.manifest.find(query)?.clone(),
            None => self.progress.current(&self.manifest).clone(),
        })
    }

    /// `cargo workshop hint`: the next hint, remembered in the progress file.
    pub fn hint(&mut self, exercise: &Exercise) -> Result<()> {
        let total = exercise.hints.len();
        let seen = self.progress.of(exercise).hints_seen;
        let level = seen.min(total.saturating_sub(1));
        println!(
            "{} {} ({}/{total})",
            term::bold("Hint for"),
            exercise.name,
            level + 1
        );
        println!("{}", exercise.hints[level]);
        if level + 1 < total {
            println!(
                "{}",
                term::dim("Still stuck? Ask again for a more specific hint.")
            );
        } else {
            println!(
                "{}",
                term::dim(&format!(
                    "That was the last hint. Compare with solutions/{} or catch up with `cargo workshop solve {}`.",
                    exercise.name, exercise.name
                ))
            );
        }
        self.progress.entry(exercise).hints_seen = (level + 1).max(seen);
        self.progress.save(&self.root)
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
        println!("{} {}", term::bold("Exercises"), self.course_progress());
        for exercise in &self.manifest.exercises {
            let progress = self.progress.of(exercise);
            let status = if progress.stretch_done {
                term::green("done ★")
            } else if progress.done {
                term::green("done  ")
            } else if exercise.name == current {
                term::yellow("next  ")
            } else {
                term::dim("todo  ")
            };
            let tests = match progress.last {
                Some(tally) => format!("{:>2}/{:<2} tests", tally.required_passed, tally.required),
                None => format!("{:<10}", "   ·"),
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
        Verdict::Tested { tests } => tests
            .iter()
            .filter(|test| test.role != Role::Stretch && test.case.outcome == Outcome::NotRun)
            .count(),
        Verdict::CompileError { .. } => 0,
    }
}
