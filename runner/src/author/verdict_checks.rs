//! The checks `verify` makes of each exercise: the author's rules for its files, and
//! what its graded suites must say about the starter and the solution.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::files;
use crate::grade::Verdict;
use crate::grade::test_results::Suite;
use crate::manifest::{Exercise, Role, glob_matches};
use crate::process;

/// The line every test file opens with (case does not matter).
const DO_NOT_CHANGE: &str = "do not change the tests";

/// rustlings' author rules: a starter has a TODO, the exercise has hints, and every
/// test file tells the learner to change the code, not the tests.
pub fn authoring_rules(root: &Path, exercise: &Exercise) -> Result<String, String> {
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

/// Every test of both suites passes; `label` names the crate (`solutions/05_factorial`).
pub fn all_pass(label: &str, verdict: &Verdict) -> Result<String, String> {
    let tests = match verdict {
        Verdict::CompileError { first, .. } => return Err(format!("does not compile:\n{first}")),
        Verdict::Tested { tests, .. } => tests,
    };
    let failing: Vec<String> = tests
        .iter()
        .filter(|test| !test.case.passed())
        .map(|test| {
            format!(
                "{} ({:?}): {}",
                test.case.name,
                test.case.suite,
                test.case.one_line()
            )
        })
        .collect();
    let rust = tests
        .iter()
        .filter(|test| test.case.suite == Suite::Rust)
        .count();
    let pytest = tests.len() - rust;
    if rust == 0 || pytest == 0 {
        return Err(format!(
            "both suites must have tests: {rust} Rust, {pytest} pytest"
        ));
    }
    if !failing.is_empty() {
        return Err(format!("{label} fails {}", failing.join("; ")));
    }
    Ok(format!("{rust} Rust and {pytest} pytest tests pass"))
}

pub fn names_match(exercise: &Exercise, verdict: &Verdict) -> Result<String, String> {
    let Verdict::Tested { tests, .. } = verdict else {
        return Err("no tests ran".into());
    };
    let unmatched: Vec<&String> = exercise
        .free
        .iter()
        .chain(&exercise.stretch)
        .filter(|pattern| {
            !tests
                .iter()
                .any(|test| glob_matches(pattern, &test.case.name))
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

/// With `[[exercise.stage]]`s, every test belongs to exactly one stage, and each stage
/// names a file of the starter.
pub fn stages_cover(root: &Path, exercise: &Exercise, verdict: &Verdict) -> Result<String, String> {
    if exercise.stages.is_empty() {
        return Ok("no stages".into());
    }
    let Verdict::Tested { tests, .. } = verdict else {
        return Err("no tests ran".into());
    };
    let starter = exercise.starter_dir(root);
    if let Some(stage) = exercise
        .stages
        .iter()
        .find(|stage| !starter.join(&stage.file).is_file())
    {
        return Err(format!("stage {}: no file {}", stage.name, stage.file));
    }
    let mut problems = Vec::new();
    for test in tests {
        let owners: Vec<&str> = exercise
            .stages
            .iter()
            .filter(|stage| {
                stage
                    .tests
                    .iter()
                    .any(|pattern| glob_matches(pattern, &test.case.name))
            })
            .map(|stage| stage.name.as_str())
            .collect();
        if owners.len() != 1 {
            problems.push(format!(
                "{} is in {} stages {owners:?}",
                test.case.name,
                owners.len()
            ));
        }
    }
    if problems.is_empty() {
        Ok(format!(
            "{} stages own the {} tests",
            exercise.stages.len(),
            tests.len()
        ))
    } else {
        Err(problems.join("; "))
    }
}

pub fn starter_fails(verdict: &Verdict) -> Result<String, String> {
    let tests = match verdict {
        Verdict::CompileError { first, .. } => {
            return Err(format!("the starter must compile:\n{first}"));
        }
        Verdict::Tested { tests, .. } => tests,
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

/// The root holds only the entries the manifest allows: files git tracks, and files
/// it would track (not ignored), so that a leftover fails before it is committed.
pub fn root_is_tidy(root: &Path, allowed: &[String]) -> Result<String, String> {
    let listed = process::run(
        Command::new("git")
            .args(["ls-files", "--cached", "--others", "--exclude-standard"])
            .current_dir(root),
        None,
    )
    .map_err(|error| format!("{error:#}"))?;
    if !listed.success() {
        return Err(format!("`git ls-files` failed: {}", listed.stderr.trim()));
    }
    let strays = unexpected_entries(&listed.stdout, allowed);
    if strays.is_empty() {
        Ok(format!("{} entries, each one allowed", allowed.len()))
    } else {
        Err(format!(
            "not in workshop.toml's [repository] root: {}: remove it, or add it there",
            strays.join(", ")
        ))
    }
}

/// The first path component of each listed file that `allowed` does not name.
fn unexpected_entries(listing: &str, allowed: &[String]) -> Vec<String> {
    let mut strays: Vec<String> = listing
        .lines()
        .filter_map(|path| path.split('/').next())
        .filter(|entry| !entry.is_empty() && !allowed.iter().any(|name| name == entry))
        .map(str::to_string)
        .collect();
    strays.sort();
    strays.dedup();
    strays
}

#[cfg(test)]
mod tests {
    use super::unexpected_entries;

    #[test]
    fn a_leftover_at_the_root_is_named_once() {
        let allowed = ["README.md".to_string(), "runner".to_string()];
        let listing = "README.md\nrunner/src/main.rs\nrunner/Cargo.toml\nq.txt\nslow.toml\nq.txt\n";
        assert_eq!(
            unexpected_entries(listing, &allowed),
            ["q.txt", "slow.toml"]
        );
        assert!(unexpected_entries("README.md\nrunner/x\n", &allowed).is_empty());
    }
}
