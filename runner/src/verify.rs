//! `cargo workshop verify`: the author's proof that the course works. Every solution
//! passes every test of both suites; every starter compiles, imports and fails every
//! graded test except the free ones; the code is formatted, lint-free and ruff-clean.
//! Solutions are graded in a venv of their own, so the learner's `.venv` is untouched.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::Result;

use crate::files;
use crate::grading::{Grader, Verdict};
use crate::manifest::{Exercise, Kind, Manifest, Role};
use crate::process;
use crate::python_env::Venv;
use crate::style;

/// The line every test file opens with (case does not matter).
const DO_NOT_CHANGE: &str = "do not change the tests";

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
                println!("{} {name}: {}", style::green("✓"), style::dim(&detail));
            }
            Err(problem) => {
                println!("{} {name}: {problem}", style::red("✗"));
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

pub fn run(
    root: &Path,
    only: Option<&str>,
    python: Option<&str>,
    limit: Option<Duration>,
) -> Result<bool> {
    let manifest = Manifest::load(root)?;
    let exercises: Vec<&Exercise> = match only {
        Some("demo") => Vec::new(),
        Some(query) => vec![manifest.find(query)?],
        None => manifest.exercises.iter().collect(),
    };
    let work_dir = crate::session::runner_dir(root).join("verify");
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
    if only.is_none() || only == Some("demo") {
        let outcomes = crate::verify_demo::checks(
            root,
            &verifier.venv,
            &verifier.work_dir.join("solutions"),
            verifier.limit.unwrap_or(crate::grading::DEFAULT_LIMIT),
        )?;
        for (name, outcome) in outcomes {
            verifier.check(&name, outcome);
        }
    }
    if only.is_none() {
        verify_code_style(&mut verifier)?;
    }

    let total = verifier.held + verifier.failed.len();
    println!();
    if verifier.failed.is_empty() {
        println!(
            "{}",
            style::green(&format!("verify: all {total} checks held"))
        );
    } else {
        println!(
            "{}",
            style::red(&format!("failed: {}", verifier.failed.join("; ")))
        );
        println!(
            "{}",
            style::red(&format!("verify: {} of {total} checks held", verifier.held))
        );
    }
    Ok(verifier.failed.is_empty())
}

fn verify_exercise(verifier: &mut Verifier, exercise: &Exercise) -> Result<()> {
    let root = verifier.root.clone();
    let name = &exercise.name;
    verifier.check(
        &format!("{name}: manifest and files"),
        authoring_rules(&root, exercise),
    );

    // The starter first, then the solution: a verify leaves the solutions installed in
    // its venv, which is what the book's examples and the stub check run against.
    let starter = verifier
        .grader("exercises")
        .grade(exercise, &exercise.starter_dir(&root))?;
    verifier.check(
        &format!("{name}: starter fails every graded test"),
        starter_fails(&starter),
    );

    let solution = verifier
        .grader("solutions")
        .grade(exercise, &exercise.solution_dir(&root))?;
    verifier.check(
        &format!("{name}: solution passes every test"),
        solution_passes(exercise, &solution),
    );
    verifier.check(
        &format!("{name}: free and stretch names match tests"),
        names_match(exercise, &solution),
    );
    if exercise.kind == Kind::Extension && matches!(solution, Verdict::Tested { .. }) {
        // The solution is the installed module right now: check its stub against it.
        let stubs = crate::stubtest::stubs_match(
            &root,
            &verifier.venv,
            &verifier.work_dir,
            &exercise.module,
        )?;
        verifier.check(&format!("{name}: stubs match the solution"), stubs);
    }
    Ok(())
}

/// rustlings' author rules: a starter has a TODO, the exercise has hints, and every
/// test file tells the learner to change the code, not the tests.
fn authoring_rules(root: &Path, exercise: &Exercise) -> Result<String, String> {
    if exercise.hints.len() < 2 {
        return Err("needs at least two hints, from vague to specific".into());
    }
    let starter = exercise.starter_dir(root);
    let sources = files::with_extension(&starter.join("src"), "rs");
    if !sources
        .iter()
        .any(|file| std::fs::read_to_string(file).is_ok_and(|text| text.contains("TODO")))
    {
        return Err(format!("no `TODO` in {}/src", starter.display()));
    }
    let tests = starter.join("tests");
    let suites: Vec<PathBuf> = [
        files::with_extension(&tests, "rs"),
        files::with_extension(&tests, "py"),
    ]
    .concat();
    for suite in &suites {
        let text = std::fs::read_to_string(suite).unwrap_or_default();
        let opening: String = text
            .lines()
            .take(8)
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        if !opening.contains(DO_NOT_CHANGE) {
            return Err(format!(
                "{} must open by telling the learner: {DO_NOT_CHANGE}",
                suite.display()
            ));
        }
    }
    // Files the two crates both have, such as the type stub, pyproject.toml and
    // build.rs, must be one text: only the code in src/ (and the package name in
    // Cargo.toml) may differ, and the tests live with the starter alone.
    let mut shared = 0;
    for relative in files::under(&starter, Path::new("")) {
        let first = relative
            .components()
            .next()
            .map(|part| part.as_os_str().to_owned());
        if relative == Path::new("Cargo.toml")
            || first.is_some_and(|part| part == "src" || part == "tests")
        {
            continue;
        }
        let twin = exercise.solution_dir(root).join(&relative);
        if !twin.exists() {
            continue;
        }
        shared += 1;
        if std::fs::read(starter.join(&relative)).ok() != std::fs::read(&twin).ok() {
            return Err(format!(
                "{} differs between the starter and the solution",
                relative.display()
            ));
        }
    }
    Ok(format!(
        "{} hints, {} test files, {shared} files identical in the solution",
        exercise.hints.len(),
        suites.len(),
    ))
}

fn solution_passes(exercise: &Exercise, verdict: &Verdict) -> Result<String, String> {
    let tests = match verdict {
        Verdict::CompileError { first, .. } => return Err(format!("does not compile:\n{first}")),
        Verdict::Tested { tests } => tests,
    };
    let failing: Vec<String> = tests
        .iter()
        .filter(|test| !test.case.passed())
        .map(|test| {
            format!(
                "{} ({:?}): {}",
                test.case.name,
                test.case.suite,
                crate::display::one_line_reason(&test.case.message)
            )
        })
        .collect();
    let rust = tests
        .iter()
        .filter(|test| test.case.suite == crate::test_results::Suite::Rust)
        .count();
    let pytest = tests.len() - rust;
    if rust == 0 || pytest == 0 {
        return Err(format!(
            "both suites must have tests: {rust} Rust, {pytest} pytest"
        ));
    }
    if !failing.is_empty() {
        return Err(format!(
            "solutions/{} fails {}",
            exercise.name,
            failing.join("; ")
        ));
    }
    Ok(format!("{rust} Rust and {pytest} pytest tests pass"))
}

fn names_match(exercise: &Exercise, verdict: &Verdict) -> Result<String, String> {
    let Verdict::Tested { tests } = verdict else {
        return Err("no tests ran".into());
    };
    let unmatched: Vec<&String> = exercise
        .free
        .iter()
        .chain(&exercise.stretch)
        .filter(|pattern| {
            !tests
                .iter()
                .any(|test| crate::manifest::glob_matches(pattern, &test.case.name))
        })
        .collect();
    if unmatched.is_empty() {
        Ok(format!(
            "{} free, {} stretch",
            exercise.free.len(),
            exercise.stretch.len()
        ))
    } else {
        Err(format!(
            "workshop.toml names tests that do not exist: {unmatched:?}"
        ))
    }
}

fn starter_fails(verdict: &Verdict) -> Result<String, String> {
    let tests = match verdict {
        Verdict::CompileError { first, .. } => {
            return Err(format!("the starter must compile:\n{first}"));
        }
        Verdict::Tested { tests } => tests,
    };
    let mut problems = Vec::new();
    let mut graded = 0;
    for test in tests {
        match (test.role, test.case.passed()) {
            (Role::Free, false) => problems.push(format!(
                "free test {} should pass on the starter",
                test.case.name
            )),
            (Role::Core | Role::Stretch, true) => problems.push(format!(
                "{} passes on the untouched starter",
                test.case.name
            )),
            (Role::Core | Role::Stretch, false) => graded += 1,
            (Role::Free, true) => {}
        }
    }
    if graded == 0 {
        problems.push("no graded test ran".into());
    }
    if problems.is_empty() {
        Ok(format!("{graded} graded tests fail as they should"))
    } else {
        Err(problems.join("; "))
    }
}

fn verify_code_style(verifier: &mut Verifier) -> Result<()> {
    let root = verifier.root.clone();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut tools: Vec<(&str, Command)> = vec![
        (
            "cargo fmt --check",
            command_in(&root, &cargo, &["fmt", "--all", "--check"]),
        ),
        (
            "cargo clippy -D warnings",
            command_in(
                &root,
                &cargo,
                &[
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--quiet",
                    "--",
                    "-D",
                    "warnings",
                ],
            ),
        ),
        (
            // Benchmarks are not run here (no timings in verify), but they must compile.
            "benchmarks compile",
            command_in(
                &root,
                &cargo,
                &["bench", "--no-run", "--quiet", "-p", "sieve-benches"],
            ),
        ),
        (
            "ruff check",
            command_in(
                &root,
                verifier.venv.tool("ruff"),
                &["check", "--quiet", "."],
            ),
        ),
        (
            "ruff format --check",
            command_in(
                &root,
                verifier.venv.tool("ruff"),
                &["format", "--check", "--quiet", "."],
            ),
        ),
    ];
    tools.extend(crate::book::verify_commands(
        &root,
        &verifier.venv.python(),
    )?);
    // The runner's own tests: fixture exercises that fail in every way a learner's code
    // can, and `watch` driven through tmux (required when CI is set).
    tools.push((
        "runner: survives bad learner code; watch works in tmux",
        command_in(
            &root,
            &cargo,
            &["test", "--quiet", "--package", "workshop-runner"],
        ),
    ));
    for (name, mut command) in tools {
        let finished = process::run(&mut command, None)?;
        let outcome = if finished.success() {
            Ok("clean".to_string())
        } else {
            Err(crate::compile::last_lines(
                &format!("{}{}", finished.stdout, finished.stderr),
                20,
            ))
        };
        verifier.check(name, outcome);
    }
    Ok(())
}

fn command_in(root: &Path, program: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> Command {
    let mut command = Command::new(program);
    command.args(args).current_dir(root);
    command
}
