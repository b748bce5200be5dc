//! `cargo workshop verify`: the author's proof that the course works. Every solution
//! passes every test of both suites; every starter compiles, imports and fails every
//! graded test except the free ones; the demo passes its suites and its script runs;
//! the code is formatted, lint-free and ruff-clean; the book builds and works.
//! Solutions are graded in a venv of their own, so the learner's `.venv` is untouched.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::Result;

use crate::author::verdict_checks::{
    all_pass, authoring_rules, names_match, root_is_tidy, stages_match, starter_fails,
};
use crate::author::{code_checks, given_code, stubtest};
use crate::grade::{DEFAULT_LIMIT, Grader, Verdict};
use crate::manifest::{Demo, Exercise, Kind, Manifest};
use crate::process::{self, last_lines};
use crate::python_env::Venv;
use crate::{files, term};
use anstream::println;

struct Verifier {
    root: PathBuf,
    venv: Venv,
    work_dir: PathBuf,
    limit: Option<Duration>,
    held: usize,
    failed: Vec<String>,
}

impl Verifier {
    /// Report one check as soon as it is decided.
    fn check(&mut self, name: &str, outcome: Result<String, String>) {
        match outcome {
            Ok(detail) => {
                self.held += 1;
                println!("{} {name}: {}", term::green("✓"), term::dim(&detail));
            }
            Err(problem) => {
                println!("{} {name}: {problem}", term::red("✗"));
                self.failed.push(name.to_string());
            }
        }
    }

    /// A grader that builds in `work_dir/<folder>`. Starters and solutions get folders
    /// of their own: their libraries share a name (one suite grades both), so in one
    /// target folder each build overwrites the other's, and cargo, finding its own
    /// record fresh, would hand back the other crate's library.
    fn grader(&self, folder: &str) -> Grader<'_> {
        Grader {
            root: &self.root,
            venv: &self.venv,
            work_dir: self.work_dir.join(folder),
            quick: false,
            server: None,
            limit: self.limit,
        }
    }
}

/// Verify everything, or only the exercise (or `demo`) that `only` names.
pub fn run(
    root: &Path,
    only: Option<&str>,
    python: Option<&str>,
    limit: Option<Duration>,
) -> Result<bool> {
    let manifest = Manifest::load(root)?;
    // `verify demo` (the demo's folder, as workshop.toml names it) checks the demo only.
    let only_demo = only.is_some_and(|query| {
        manifest
            .demo
            .as_ref()
            .is_some_and(|demo| demo.folder == query.trim_end_matches('/'))
    });
    let exercises: Vec<&Exercise> = match only {
        _ if only_demo => Vec::new(),
        Some(query) => vec![manifest.find(query)?],
        None => manifest.exercises.iter().collect(),
    };
    let work_dir = files::runner_dir(root).join("verify");
    let mut verifier = Verifier {
        root: root.to_path_buf(),
        venv: Venv::at(work_dir.join("venv")),
        work_dir,
        limit,
        held: 0,
        failed: Vec::new(),
    };
    let mut groups = vec!["dev"];
    for exercise in &exercises {
        groups.extend(exercise.groups.iter().map(String::as_str));
    }
    groups.sort_unstable();
    groups.dedup();
    verifier.venv.ensure(root, python, &groups)?;

    for exercise in exercises {
        verify_exercise(&mut verifier, exercise)?;
    }
    if let Some(demo) = manifest
        .demo
        .as_ref()
        .filter(|_| only.is_none() || only_demo)
    {
        verify_demo(&mut verifier, demo)?;
    }
    if only.is_none() {
        let allowed = manifest
            .repository
            .as_ref()
            .map(|repository| repository.root.as_slice())
            .unwrap_or_default();
        verifier.check("repository root: no leftovers", root_is_tidy(root, allowed));
        for (name, mut command) in code_checks::commands(root, &manifest, &verifier.venv)? {
            let finished = process::run(&mut command, None)?;
            let outcome = if finished.success() {
                Ok("clean".to_string())
            } else {
                Err(last_lines(
                    &format!("{}{}", finished.stdout, finished.stderr),
                    20,
                ))
            };
            verifier.check(name, outcome);
        }
    }

    let total = verifier.held + verifier.failed.len();
    println!();
    if verifier.failed.is_empty() {
        println!(
            "{}",
            term::green(&format!("verify: all {total} checks held"))
        );
    } else {
        println!(
            "{}",
            term::red(&format!("failed: {}", verifier.failed.join("; ")))
        );
        println!(
            "{}",
            term::red(&format!("verify: {} of {total} checks held", verifier.held))
        );
    }
    Ok(verifier.failed.is_empty())
}

fn verify_exercise(verifier: &mut Verifier, exercise: &Exercise) -> Result<()> {
    let root = verifier.root.clone();
    let name = &exercise.name;
    let tests = exercise.tests_dir(&root);
    verifier.check(
        &format!("{name}: manifest and files"),
        authoring_rules(&root, exercise),
    );

    verifier.check(
        &format!("{name}: given code written once"),
        given_code::given_code_matches(&exercise.starter_dir(&root), &exercise.solution_dir(&root)),
    );

    // The starter first, then the solution: a verify leaves the solutions installed in
    // its venv, which is what the book's examples and the stub check run against.
    let starter =
        verifier
            .grader("exercises")
            .grade(exercise, &exercise.starter_dir(&root), &tests)?;
    verifier.check(
        &format!("{name}: starter fails every graded test"),
        starter_fails(&starter),
    );

    let solution =
        verifier
            .grader("solutions")
            .grade(exercise, &exercise.solution_dir(&root), &tests)?;
    verifier.check(
        &format!("{name}: solution passes every test"),
        all_pass(&format!("solutions/{name}"), exercise.kind, &solution),
    );
    verifier.check(
        &format!("{name}: free and stretch names match tests"),
        names_match(exercise, &solution),
    );
    if !exercise.stages.is_empty() {
        verifier.check(
            &format!("{name}: every test in one stage"),
            stages_match(exercise, &solution),
        );
    }
    if exercise.kind == Kind::Extension && matches!(solution, Verdict::Tested { .. }) {
        // The solution is the installed module right now: check its stub against it.
        let stubs =
            stubtest::stubs_match(&root, &verifier.venv, &verifier.work_dir, &exercise.module)?;
        verifier.check(&format!("{name}: stubs match the solution"), stubs);
    }
    Ok(())
}

/// The live demo has no starter: it is graded like a solution, then its stub is
/// checked and its script must run from start to end.
fn verify_demo(verifier: &mut Verifier, demo: &Demo) -> Result<()> {
    let crate_dir = demo.crate_dir(&verifier.root);
    let verdict = verifier.grader("solutions").grade(
        &demo.as_exercise(),
        &crate_dir,
        &crate_dir.join("tests"),
    )?;
    let passed = matches!(verdict, Verdict::Tested { .. });
    verifier.check(
        "demo: both suites pass",
        all_pass(&demo.folder, Kind::Extension, &verdict),
    );
    if passed {
        let stubs = stubtest::stubs_match(
            &verifier.root,
            &verifier.venv,
            &verifier.work_dir,
            &demo.module,
        )?;
        verifier.check("demo: stubs match", stubs);
    }
    let script = demo_script_runs(verifier, demo)?;
    verifier.check("demo: its script runs", script);
    Ok(())
}

/// The demo script with its arguments (`demo/demo.py --quick`: every example once).
fn demo_script_runs(verifier: &Verifier, demo: &Demo) -> Result<Result<String, String>> {
    let finished = process::run(
        Command::new(verifier.venv.python())
            .args(&demo.script)
            .current_dir(&verifier.root)
            .env("VIRTUAL_ENV", &verifier.venv.dir),
        Some(verifier.limit.unwrap_or(DEFAULT_LIMIT)),
    )?;
    let lines = finished.stdout.lines().count();
    Ok(if finished.success() {
        Ok(format!(
            "python {} printed {lines} lines",
            demo.script.join(" ")
        ))
    } else {
        Err(last_lines(
            &format!("{}{}", finished.stdout, finished.stderr),
            15,
        ))
    })
}
