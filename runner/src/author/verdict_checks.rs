//! The checks `verify` makes of each exercise: the author's rules for its files, and
//! what its graded suites must say about the starter and the solution.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::files;
use crate::grade::build::binaries_of;
use crate::grade::test_results::Suite;
use crate::grade::{GradedTest, Verdict};
use crate::manifest::{Exercise, Kind, Role, glob_matches};
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
    if exercise.kind == Kind::Program {
        for crate_dir in [starter.clone(), exercise.solution_dir(root)] {
            let binaries = binaries_of(&crate_dir).map_err(|err| format!("{err:#}"))?;
            if let Some(missing) = exercise
                .programs()
                .into_iter()
                .find(|program| !binaries.iter().any(|binary| binary == program))
            {
                return Err(format!(
                    "{} has no binary `{missing}` (it has: {})",
                    crate_dir.display(),
                    binaries.join(", ")
                ));
            }
        }
    }
    let tests = starter.join("tests");
    let suites: Vec<PathBuf> = [
        files::rust_suite_files(&tests),
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
    // build.rs, must be one text: only the code in src/, the package name in
    // Cargo.toml and the files the manifest lists as `edits` may differ, and the tests
    // live with the starter alone.
    let mut shared = 0;
    for relative in files::under(&starter, Path::new("")) {
        let first = relative
            .components()
            .next()
            .map(|part| part.as_os_str().to_owned());
        if relative == Path::new("Cargo.toml")
            || first.is_some_and(|part| part == "src" || part == "tests")
            || exercise
                .edits
                .iter()
                .any(|edit| relative == Path::new(edit))
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
/// A plain Rust crate (`kind = "rust"`) has a Rust suite only.
pub fn all_pass(label: &str, kind: Kind, verdict: &Verdict) -> Result<String, String> {
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
    if kind == Kind::Rust {
        if rust == 0 {
            return Err("the Rust suite must have tests".into());
        }
    } else if rust == 0 || pytest == 0 {
        return Err(format!(
            "both suites must have tests: {rust} Rust, {pytest} pytest"
        ));
    }
    if !failing.is_empty() {
        return Err(format!("{label} fails {}", failing.join("; ")));
    }
    Ok(if kind == Kind::Rust {
        format!("{rust} Rust tests pass")
    } else {
        format!("{rust} Rust and {pytest} pytest tests pass")
    })
}

pub fn names_match(exercise: &Exercise, verdict: &Verdict) -> Result<String, String> {
    let Verdict::Tested { tests, .. } = verdict else {
        return Err("no tests ran".into());
    };
    let unmatched = unmatched(exercise.free.iter().chain(&exercise.stretch), tests);
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

/// The patterns that name no test of the grading: a misspelt or a renamed test.
fn unmatched<'p>(
    patterns: impl IntoIterator<Item = &'p String>,
    tests: &[GradedTest],
) -> Vec<&'p String> {
    patterns
        .into_iter()
        .filter(|pattern| {
            !tests
                .iter()
                .any(|test| glob_matches(pattern, &test.case.name))
        })
        .collect()
}

/// An exercise with stages gives every test of both suites to exactly one stage, and
/// each stage's every pattern names a test: the learner is shown each test once, under
/// the stage that teaches it.
pub fn stages_match(exercise: &Exercise, verdict: &Verdict) -> Result<String, String> {
    let Verdict::Tested { tests, .. } = verdict else {
        return Err("no tests ran".into());
    };
    let mut problems = Vec::new();
    for test in tests {
        let owners: Vec<&str> = exercise
            .stages
            .iter()
            .filter(|stage| stage.owns(&test.case.name))
            .map(|stage| stage.name.as_str())
            .collect();
        match owners.as_slice() {
            [_] => {}
            [] => problems.push(format!("{} belongs to no stage", test.case.name)),
            several => problems.push(format!(
                "{} belongs to {} stages: {}",
                test.case.name,
                several.len(),
                several.join(", ")
            )),
        }
    }
    for stage in &exercise.stages {
        let unmatched = unmatched(&stage.tests, tests);
        if !unmatched.is_empty() {
            problems.push(format!(
                "stage {} names tests that do not exist: {unmatched:?}",
                stage.name
            ));
        }
    }
    if problems.is_empty() {
        Ok(format!(
            "{} stages own the {} tests, one each",
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
    use super::{all_pass, stages_match, unexpected_entries};
    use crate::grade::stages::tests::{graded, staged_exercise};
    use crate::grade::test_results::{Outcome, Suite, TestCase};
    use crate::grade::{GradedTest, Verdict};
    use crate::manifest::{Kind, Role};

    #[test]
    fn a_plain_rust_crate_needs_only_its_rust_suite() {
        let passed = |name: &str| GradedTest {
            case: TestCase {
                suite: Suite::Rust,
                name: name.to_string(),
                outcome: Outcome::Passed,
                instances: 1,
                instances_passed: 1,
                message: String::new(),
                reason: None,
            },
            role: Role::Core,
        };
        let rust_only = Verdict::Tested {
            tests: vec![passed("drill_1"), passed("drill_2")],
            warnings: Vec::new(),
        };
        assert_eq!(
            all_pass("solutions/04_drills", Kind::Rust, &rust_only),
            Ok("2 Rust tests pass".to_string())
        );
        assert!(all_pass("solutions/05_factorial", Kind::Extension, &rust_only).is_err());
        let none = Verdict::Tested {
            tests: Vec::new(),
            warnings: Vec::new(),
        };
        assert!(all_pass("solutions/04_drills", Kind::Rust, &none).is_err());
    }

    /// The staged exercise's grading with one test per pattern, plus `extra`.
    fn grading(extra: &[&str]) -> Verdict {
        let exercise = staged_exercise();
        let names = [
            "config_reads",
            "test_config_named",
            "ask_returns",
            "test_ask_prints",
            "test_batch_in_order",
        ];
        let tests = names
            .iter()
            .chain(extra)
            .map(|name| graded(&exercise, Suite::Pytest, name, true))
            .collect();
        Verdict::Tested {
            tests,
            warnings: Vec::new(),
        }
    }

    #[test]
    fn stages_that_own_every_test_once_hold() {
        let outcome = stages_match(&staged_exercise(), &grading(&[]));
        assert!(outcome.is_ok(), "{outcome:?}");
    }

    #[test]
    fn a_test_in_no_stage_fails_verify() {
        let problem = stages_match(&staged_exercise(), &grading(&["find_venv_works"])).unwrap_err();
        assert!(
            problem.contains("find_venv_works belongs to no stage"),
            "{problem}"
        );
    }

    #[test]
    fn a_test_in_two_stages_fails_verify() {
        let mut exercise = staged_exercise();
        exercise.stages[1].tests.push("config_*".into());
        let problem = stages_match(&exercise, &grading(&[])).unwrap_err();
        assert!(
            problem.contains("config_reads belongs to 2 stages: config, ask"),
            "{problem}"
        );
    }

    #[test]
    fn a_stage_pattern_that_matches_nothing_fails_verify() {
        let mut exercise = staged_exercise();
        exercise.stages[2].tests.push("test_batch_typo*".into());
        let problem = stages_match(&exercise, &grading(&[])).unwrap_err();
        assert!(
            problem.contains("stage batch names tests that do not exist: [\"test_batch_typo*\"]"),
            "{problem}"
        );
    }

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
