//! `cargo workshop bench [EX]`: "how much faster is Rust?", answered by measurement.
//! Builds the learner's exercise in release mode into the venv, builds the reference
//! next to it (the `sieve_bench` module of `benches/`), and runs the comparison
//! harness, which times both against pure Python and numpy in one process, then
//! draws the times it wrote (`--json`) as a chart in the terminal (`chart.rs`).
//!
//! Release builds go to a target folder of their own (`target/workshop/bench`), so
//! they never invalidate the quick debug builds of `check`; the next `check` puts its
//! own build back in place.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::learner::chart;
use crate::learner::session::Session;
use crate::manifest::Exercise;
use crate::process::{self, Ending};
use crate::sentences::bench as says;
use crate::term;
use anstream::println;

pub fn run(session: &Session, query: Option<&str>, harness_args: &[String]) -> Result<bool> {
    let with_bench: Vec<&Exercise> = session
        .manifest
        .exercises
        .iter()
        .filter(|exercise| exercise.bench.is_some())
        .collect();
    let exercise = match query {
        Some(query) => session.manifest.find(query)?,
        // Only some exercises have a benchmark: default to the first that does.
        None => *with_bench.first().with_context(says::no_exercise_has_one)?,
    };
    let Some(harness) = &exercise.bench else {
        let names: Vec<&str> = with_bench
            .iter()
            .map(|exercise| exercise.name.as_str())
            .collect();
        bail!(says::no_benchmark(&exercise.name, &names.join(", ")));
    };

    let mut groups = vec!["dev", "bench"];
    groups.extend(exercise.groups.iter().map(String::as_str));
    session
        .venv
        .ensure(&session.root, session.python.as_deref(), &groups)?;

    let target_dir = crate::files::runner_dir(&session.root).join("bench");
    term::step(&says::building_yours(&exercise.name));
    if let Err(problem) =
        develop_release(session, &exercise.starter_dir(&session.root), &target_dir)
    {
        bail!(says::yours_did_not_build(
            &exercise.name,
            &format!("{problem:#}")
        ));
    }
    term::step(&says::building_reference());
    develop_release(session, &session.root.join(&harness.reference), &target_dir)
        .with_context(says::reference_did_not_build)?;

    term::step(&says::timing(&exercise.module));
    let report = target_dir.join("results.md");
    let data = target_dir.join("results.json");
    // A chart from an earlier run would pass for this one's if the harness wrote none.
    let _ = std::fs::remove_file(&data);
    let ending = process::run_attached(
        Command::new(session.venv.python())
            .arg(session.root.join(&harness.script))
            .arg("--markdown")
            .arg(&report)
            .arg("--json")
            .arg(&data)
            .args(harness_args)
            // An unfinished `todo!()` panics: its message is enough, without a backtrace.
            .env("RUST_BACKTRACE", "0")
            .current_dir(&session.root),
    )?;
    if ending != Ending::Exited(0) {
        bail!("{} failed ({ending}; see its output above)", harness.script);
    }
    print_chart(&data);
    println!(
        "{}",
        says::compare_with_book(&exercise.title, &exercise.chapter)
    );
    Ok(true)
}

/// The harness's results as a chart. A chart that cannot be drawn is said in one
/// line: the harness has already printed its tables, so the run still counts.
fn print_chart(data: &Path) {
    let results = std::fs::read_to_string(data)
        .map_err(|error| error.to_string())
        .and_then(|text| {
            serde_json::from_str::<chart::Results>(&text).map_err(|error| error.to_string())
        });
    match results {
        Ok(results) => {
            println!();
            for line in chart::draw(&results, chart::Style::detect()) {
                println!("{line}");
            }
            println!();
        }
        Err(problem) => println!("{}", says::no_chart(&data.display().to_string(), &problem)),
    }
}

/// `maturin develop --release` of one crate into the learner's venv.
fn develop_release(session: &Session, crate_dir: &Path, target_dir: &Path) -> Result<()> {
    let finished = process::run(
        Command::new(session.venv.tool("maturin"))
            .args(["develop", "--release", "--manifest-path"])
            .arg(crate_dir.join("Cargo.toml"))
            .arg("--target-dir")
            .arg(target_dir)
            .env("VIRTUAL_ENV", &session.venv.dir)
            .env("PYO3_PYTHON", session.venv.python()),
        None,
    )?;
    if !finished.success() {
        bail!(says::release_build_failed(&process::last_lines(
            &finished.stderr,
            15
        )));
    }
    Ok(())
}
