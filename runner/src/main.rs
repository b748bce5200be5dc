//! `cargo workshop`: the workshop's runner. It sets up the Python environment, grades
//! exercises with their Rust and pytest suites, and proves the whole course works.

mod author;
mod files;
mod grade;
mod kit;
mod learner;
mod manifest;
mod mdbook;
mod platform;
mod process;
mod python_env;
mod requirements;
mod sentences;
mod term;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use anstream::{eprintln, println};
use learner::session::{Session, Via};

#[derive(Parser)]
#[command(
    name = "cargo workshop",
    version,
    about = "Rust for Pythonistas: the workshop's runner"
)]
struct Cli {
    /// The Python (3.10 or newer) to create .venv with; default: $PYTHON, then the first on PATH.
    #[arg(long, global = true)]
    python: Option<String>,
    /// Seconds a test suite may run before it is stopped (catches endless loops).
    /// [default: 60, or the exercise's own `timeout` in workshop.toml]
    #[arg(long, global = true, env = "WORKSHOP_TIMEOUT")]
    timeout: Option<u64>,
    #[command(subcommand)]
    command: Option<Commands>,
}

#[derive(Subcommand)]
enum Commands {
    /// Grade one exercise (default: the current one); exit 0 only if it passes.
    Check {
        /// `05_factorial`, `05` or `factorial`.
        exercise: Option<String>,
    },
    /// Only create .venv and install the tools (what `cargo workshop` does first).
    Setup {
        /// Fill DIR with everything a learner on this system needs without network:
        /// the wheels of every group and the workspace's crates.
        #[arg(long, value_name = "DIR", conflicts_with = "offline")]
        download: Option<PathBuf>,
        /// Set up from the kit in DIR alone, and keep using it (no network).
        #[arg(long, value_name = "DIR")]
        offline: Option<PathBuf>,
    },
    /// Re-grade the current exercise on every save; moves on when it passes.
    ///
    /// With an exercise, stays on that one (stretch tests too) until you press `n`.
    Watch {
        /// `05_factorial`, `05` or `factorial`: watch this one and stay on it.
        exercise: Option<String>,
        /// Poll for changes instead of using file-system events.
        #[arg(long)]
        poll: bool,
    },
    /// Every exercise with its status, tests passed, level and chapter.
    List,
    /// The next hint for an exercise (default: the current one), one level deeper each time.
    Hint { exercise: Option<String> },
    /// Back up your files, then restore the exercise's starter.
    Reset {
        /// The exercise to reset.
        #[arg(required_unless_present = "all")]
        exercise: Option<String>,
        /// Reset every exercise (each one backed up first).
        #[arg(long, conflicts_with = "exercise")]
        all: bool,
    },
    /// Back up your files, then copy the reference solution in: catch up with the room.
    Solve { exercise: String },
    /// Check Rust, Python, the venv and the tools; say how to fix each problem.
    Doctor,
    /// Progress and per-test results of every exercise.
    Report {
        /// Print JSON (the only format so far).
        #[arg(long)]
        json: bool,
    },
    /// Build the book and serve it at http://localhost:3000 (installs mdBook 0.5 if missing).
    Book {
        /// Also open it in your web browser.
        #[arg(long)]
        open: bool,
        /// Build it into target/book without serving it.
        #[arg(long)]
        no_serve: bool,
    },
    /// Time your code against pure Python, numpy and the reference (release builds).
    Bench {
        /// `09_sieve`, `09` or `sieve` (default: the first exercise with a benchmark).
        exercise: Option<String>,
        /// Options for the harness, after `--` (e.g. `-- --sizes 1e6,1e7`).
        #[arg(last = true)]
        harness_args: Vec<String>,
    },
    /// For authors: after changing a dependency group of pyproject.toml, lock every
    /// group anew (uv.lock, and requirements/<group>.txt with hashes).
    Lock {
        /// Change nothing; fail when the lock does not match pyproject.toml.
        #[arg(long)]
        check: bool,
    },
    /// For authors and CI: solutions pass, starters fail, the code is clean.
    Verify {
        /// Verify one exercise, or `demo`, only (skips the workspace-wide style checks).
        exercise: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            // One line (plus its causes), never a backtrace: this is for people.
            eprintln!("{}", sentences::error(&error));
            if error
                .downcast_ref::<requirements::LockOutOfDate>()
                .is_some()
            {
                ExitCode::from(requirements::OUT_OF_DATE_STATUS)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

fn run(cli: Cli) -> Result<bool> {
    let root = workshop_root()?;
    let limit = cli
        .timeout
        .map(|seconds| Duration::from_secs(seconds.max(2)));
    let python = cli.python;
    // The learner's commands share one session: the manifest, the venv, the progress.
    let session = || Session::open(root.clone(), python.clone(), limit);
    match cli.command {
        None => session()?.start(),
        Some(Commands::Setup { download, offline }) => match (download, offline) {
            (Some(dir), _) => learner::offline::download(&session()?, &dir),
            (None, Some(dir)) => learner::offline::set_up_from(&session()?, &dir),
            (None, None) => session()?.setup(),
        },
        Some(Commands::Check { exercise }) => {
            let mut session = session()?;
            let exercise = session.pick(exercise.as_deref())?;
            Ok(session.grade(&exercise, Via::Check)?.tally().passed())
        }
        Some(Commands::Watch { exercise, poll }) => {
            learner::watch::run(&mut session()?, exercise.as_deref(), poll)
        }
        Some(Commands::List) => {
            session()?.list();
            Ok(true)
        }
        Some(Commands::Hint { exercise }) => {
            let mut session = session()?;
            let exercise = session.pick(exercise.as_deref())?;
            session.hint(&exercise)?;
            Ok(true)
        }
        Some(Commands::Reset { exercise, all: _ }) => {
            // clap makes `--all` and an exercise exclusive, and one of them required.
            let mut session = session()?;
            let chosen = match exercise {
                Some(query) => vec![session.manifest.find(&query)?.clone()],
                None => session.manifest.exercises.clone(),
            };
            for exercise in &chosen {
                learner::backup::reset(&mut session, exercise)?;
            }
            Ok(true)
        }
        Some(Commands::Solve { exercise }) => {
            let mut session = session()?;
            let exercise = session.manifest.find(&exercise)?.clone();
            learner::backup::solve(&mut session, &exercise)
        }
        Some(Commands::Report { json }) => {
            if !json {
                anyhow::bail!(sentences::command_line::say_json());
            }
            println!("{}", learner::report::json(&session()?)?);
            Ok(true)
        }
        Some(Commands::Bench {
            exercise,
            harness_args,
        }) => learner::bench::run(&session()?, exercise.as_deref(), &harness_args),
        Some(Commands::Doctor) => Ok(learner::doctor::run(&root, python.as_deref())),
        Some(Commands::Book { open, no_serve }) => {
            let manifest = manifest::Manifest::load(&root)?;
            learner::book::run(&root, &manifest, !no_serve, open).map(|()| true)
        }
        Some(Commands::Lock { check }) => author::lock::run(&root, python.as_deref(), check),
        Some(Commands::Verify { exercise }) => {
            author::verify::run(&root, exercise.as_deref(), python.as_deref(), limit)
        }
    }
}

/// The repository root: the nearest folder upwards with a `workshop.toml`, so the
/// runner works from any subfolder; else where the runner was built from.
fn workshop_root() -> Result<PathBuf> {
    let start = std::env::current_dir().context("cannot read the current folder")?;
    if let Some(found) = start
        .ancestors()
        .find(|dir| dir.join("workshop.toml").is_file())
    {
        return Ok(found.to_path_buf());
    }
    let built_from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .context("the runner has no parent folder")?;
    if built_from.join("workshop.toml").is_file() {
        return Ok(built_from.to_path_buf());
    }
    anyhow::bail!(sentences::command_line::no_workshop_here())
}
