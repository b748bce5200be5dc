//! `verify` for the live demo (`demo/`, module `rust_demo`): it is not an exercise, so it
//! has no starter and no manifest entry, but its two suites must pass, its stub must
//! match, and `demo.py` must run from start to end.

use std::path::Path;
use std::process::Command;
use std::thread;
use std::time::Duration;

use anyhow::Result;

use crate::compile::{BuildPlan, last_lines};
use crate::process;
use crate::pytest_suite::PytestRun;
use crate::python_env::Venv;
use crate::rust_suite;
use crate::stubtest;
use crate::test_results::{Suite, TestCase};

const MODULE: &str = "rust_demo";

/// Each check's name and outcome, in order, for `verify` to report.
pub fn checks(
    root: &Path,
    venv: &Venv,
    work_dir: &Path,
    limit: Duration,
) -> Result<Vec<(String, Result<String, String>)>> {
    let demo = root.join("demo");
    let plan = BuildPlan {
        crate_dir: demo.clone(),
        venv,
        target_dir: work_dir.join("build"),
        test_target_dir: work_dir.join("test-build"),
    };
    let (built, rust_side) = thread::scope(|scope| {
        let rust_side = scope.spawn(|| -> Result<Result<Vec<TestCase>, String>> {
            Ok(match plan.build_rust_tests()? {
                Ok(executables) => Ok(rust_suite::run(&executables, venv, limit)?),
                Err(compile_error) => Err(compile_error.first),
            })
        });
        let built = plan.build_extension(MODULE);
        (
            built,
            rust_side.join().expect("the Rust-suite thread panicked"),
        )
    });
    if let Err(compile_error) = built? {
        return Ok(vec![(
            "demo: compiles".into(),
            Err(format!("does not compile:\n{}", compile_error.first)),
        )]);
    }
    let mut cases = match rust_side? {
        Ok(cases) => cases,
        Err(first) => {
            return Ok(vec![(
                "demo: compiles".into(),
                Err(format!("its Rust tests do not compile:\n{first}")),
            )]);
        }
    };
    cases.extend(
        PytestRun {
            root,
            venv,
            tests: demo.join("tests"),
            report: work_dir.join("pytest-demo.jsonl"),
            limit,
            env: Vec::new(),
        }
        .run()?,
    );

    Ok(vec![
        ("demo: both suites pass".into(), all_pass(&cases)),
        (
            "demo: stubs match".into(),
            stubtest::stubs_match(root, venv, work_dir, MODULE)?,
        ),
        (
            "demo: demo.py runs".into(),
            demo_script_runs(root, venv, limit)?,
        ),
    ])
}

fn all_pass(cases: &[TestCase]) -> Result<String, String> {
    let rust = cases
        .iter()
        .filter(|case| case.suite == Suite::Rust)
        .count();
    let pytest = cases.len() - rust;
    let failing: Vec<String> = cases
        .iter()
        .filter(|case| !case.passed())
        .map(|case| {
            format!(
                "{} ({:?}): {}",
                case.name,
                case.suite,
                crate::display::one_line_reason(&case.message)
            )
        })
        .collect();
    if rust == 0 || pytest == 0 {
        Err(format!(
            "both suites must have tests: {rust} Rust, {pytest} pytest"
        ))
    } else if failing.is_empty() {
        Ok(format!("{rust} Rust and {pytest} pytest tests pass"))
    } else {
        Err(format!("demo fails {}", failing.join("; ")))
    }
}

/// `python demo/demo.py --quick`: every example once, timings barely measured.
fn demo_script_runs(root: &Path, venv: &Venv, limit: Duration) -> Result<Result<String, String>> {
    let finished = process::run(
        Command::new(venv.python())
            .arg(root.join("demo").join("demo.py"))
            .arg("--quick")
            .current_dir(root)
            .env("VIRTUAL_ENV", &venv.dir),
        Some(limit),
    )?;
    let lines = finished.stdout.lines().count();
    Ok(if finished.success() {
        Ok(format!("python demo/demo.py --quick printed {lines} lines"))
    } else {
        Err(last_lines(
            &format!("{}{}", finished.stdout, finished.stderr),
            15,
        ))
    })
}
