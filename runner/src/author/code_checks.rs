//! The workspace-wide checks of `verify`: formatting, lints, the benchmarks compile,
//! ruff, the book (includes, doctests, a real browser), and the runner's own tests.

use std::path::Path;
use std::process::Command;

use anyhow::{Result, bail};

use crate::grade::build::package_name;
use crate::manifest::Manifest;
use crate::mdbook;
use crate::python_env::Venv;

/// Each workspace-wide check: its name, and the command that must succeed.
pub fn commands(
    root: &Path,
    manifest: &Manifest,
    venv: &Venv,
) -> Result<Vec<(&'static str, Command)>> {
    let cargo = mdbook::cargo();
    // The benchmarks' crates are the reference crates the manifest's benches name.
    let mut bench_packages = Vec::new();
    for bench in manifest
        .exercises
        .iter()
        .filter_map(|exercise| exercise.bench.as_ref())
    {
        let package = package_name(&root.join(&bench.reference))?;
        if !bench_packages.contains(&package) {
            bench_packages.push(package);
        }
    }
    if bench_packages.is_empty() {
        bail!("workshop.toml names no exercise with a `bench`");
    }
    let mut bench_args = vec!["bench", "--no-run", "--quiet"];
    for package in &bench_packages {
        bench_args.extend(["-p", package.as_str()]);
    }
    let mut tools: Vec<(&str, Command)> = vec![
        (
            "cargo fmt --check",
            command_in(root, &cargo, &["fmt", "--all", "--check"]),
        ),
        (
            "cargo clippy -D warnings",
            command_in(
                root,
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
            command_in(root, &cargo, &bench_args),
        ),
        (
            "ruff check",
            command_in(root, venv.tool("ruff"), &["check", "--quiet", "."]),
        ),
        (
            "ruff format --check",
            command_in(
                root,
                venv.tool("ruff"),
                &["format", "--check", "--quiet", "."],
            ),
        ),
    ];
    let mdbook = mdbook::ensure(root, mdbook::wanted(manifest)?)?;
    tools.extend(book_commands(root, &mdbook, &venv.python()));
    // The runner's own tests: fixture exercises that fail in every way a learner's code
    // can, `watch` driven through a pseudo-terminal and through tmux (required when CI
    // is set), and .ci/run's plan on every system it knows.
    tools.push((
        "runner: survives bad learner code; watch works in a terminal; .ci/run per system",
        command_in(
            root,
            &cargo,
            &["test", "--quiet", "--package", "workshop-runner"],
        ),
    ));
    Ok(tools)
}

fn command_in(root: &Path, program: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> Command {
    let mut command = Command::new(program);
    command.args(args).current_dir(root);
    command
}

/// The book's checks for `cargo workshop verify`, each a command that must succeed:
/// every include and link resolves, the code-block and schedule rules hold, and
/// `mdbook build` prints no warning; the book's inline Rust compiles; and the built
/// book works in headless Chromium (skipped without Chromium, unless `CI` or
/// `WORKSHOP_REQUIRE_BROWSER` is set).
fn book_commands(root: &Path, mdbook: &Path, python: &Path) -> Vec<(&'static str, Command)> {
    let cargo = mdbook::cargo();

    let mut checker = Command::new(python);
    checker
        .args(["book/check_book.py", "--build"])
        .env("MDBOOK", mdbook)
        .current_dir(root);

    let mut doctests = Command::new(&cargo);
    doctests
        .args(["test", "--quiet", "--package", "book-doctests"])
        .env("PYO3_PYTHON", python)
        .current_dir(root);

    let mut browser = Command::new(python);
    browser
        .args(["-m", "pytest", "--quiet", "book/tests"])
        .env("MDBOOK", mdbook)
        // verify has just installed every solution and the demo: the chapters' Python
        // sessions must run against them, not be skipped.
        .env("WORKSHOP_REQUIRE_MODULES", "1")
        .current_dir(root);

    vec![
        ("book: includes, links, schedule, mdbook build", checker),
        ("book: its Rust compiles and runs (book-doctests)", doctests),
        ("book: every page in headless Chromium", browser),
    ]
}
