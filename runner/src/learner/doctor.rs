//! `cargo workshop doctor`: checks every tool the workshop relies on and, for each
//! problem, prints the command that fixes it.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::manifest::Manifest;
use crate::platform::Os;
use crate::process;
use crate::python_env::{self, Ask, Interpreter, NoInterpreter, Venv, VenvState};
use crate::sentences::doctor as says;
use crate::term;
use anstream::println;

#[derive(Debug, PartialEq, Eq)]
enum Health {
    Good(String),
    /// Works, but something later may need attention.
    Note(String, String),
    /// Broken: what is wrong, and the command that fixes it.
    Bad(String, String),
}

/// Run a command and return its trimmed stdout, if it succeeded.
fn output_of(command: &mut Command) -> Option<String> {
    let finished = process::run(command, Some(Duration::from_secs(60))).ok()?;
    finished
        .success()
        .then(|| finished.stdout.trim().to_string())
}

pub fn run(root: &Path, python: Option<&str>) -> bool {
    let venv = Venv::at(root.join(".venv"));
    let mut checks: Vec<(&str, Health)> = Vec::new();

    checks.push((
        "cargo",
        match output_of(Command::new("cargo").arg("--version")) {
            Some(version) => Health::Good(version),
            None => Health::Bad(says::not_found(), says::get_rust()),
        },
    ));
    checks.push((
        "rustc",
        match output_of(Command::new("rustc").arg("--version")) {
            Some(version) if rustc_is_recent(&version) => Health::Good(version),
            Some(version) => Health::Bad(
                says::rustc_too_old(&version, OLDEST_RUST),
                says::update_rust(),
            ),
            None => Health::Bad(says::not_found(), says::get_rust()),
        },
    ));

    let interpreter = python_env::find_interpreter(python);
    checks.push(("python", interpreter_health(&interpreter)));
    if let Ok(found) = &interpreter {
        checks.push(("python headers", python_headers(&found.command)));
        checks.push(("libpython", shared_library(&found.command)));
    }

    let state = venv.state(Ask::Always);
    checks.push((".venv", venv_health(&state, &venv.dir)));
    if matches!(state, VenvState::Ready(_)) {
        for (tool, module) in [("maturin", "maturin"), ("pytest", "pytest")] {
            let version = output_of(Command::new(venv.python()).args(["-m", module, "--version"]));
            checks.push((
                tool,
                match version {
                    Some(version) => {
                        Health::Good(version.lines().next().unwrap_or_default().to_string())
                    }
                    None => Health::Bad(says::tool_missing(), says::reinstall_tools()),
                },
            ));
        }
        let dspy = output_of(
            Command::new(venv.python())
                .args(["-c", "import dspy; print(dspy.__version__)"])
                .env("LITELLM_LOCAL_MODEL_COST_MAP", "True"),
        );
        checks.push((
            "dspy",
            match dspy {
                Some(version) => Health::Good(version),
                None => Health::Note(
                    says::dspy_missing(),
                    says::install_dspy(&dspy_exercise(root)),
                ),
            },
        ));
    }
    checks.push((
        "redis-server",
        redis_health(output_of(Command::new("redis-server").arg("--version")).as_deref()),
    ));
    checks.push((
        "mdbook",
        match output_of(Command::new("mdbook").arg("--version")) {
            Some(version) => Health::Good(version),
            None => Health::Note(says::mdbook_missing(), says::install_mdbook()),
        },
    ));

    let mut healthy = true;
    for (name, health) in &checks {
        match health {
            Health::Good(detail) => {
                println!("{} {name:<15} {}", term::green("✓"), term::dim(detail))
            }
            Health::Note(detail, fix) => {
                println!("{} {name:<15} {detail}", term::yellow("!"));
                println!("  {:<15} {}", "", says::fix_line(fix));
            }
            Health::Bad(detail, fix) => {
                healthy = false;
                println!("{} {name:<15} {detail}", term::red("✗"));
                println!("  {:<15} {}", "", says::fix_line(fix));
            }
        }
    }
    println!();
    println!(
        "{}",
        if healthy {
            says::healthy()
        } else {
            says::unhealthy()
        }
    );
    healthy
}

/// The interpreter `.venv` is (or would be) made with: `--python`, `$PYTHON`, or PATH's.
fn interpreter_health(found: &Result<Interpreter, NoInterpreter>) -> Health {
    match found {
        Ok(found) => Health::Good(format!("{} ({})", found.version, found.command)),
        Err(problem) => Health::Bad(problem.to_string(), problem.fix()),
    }
}

fn venv_health(state: &VenvState, dir: &Path) -> Health {
    match state {
        VenvState::Missing => Health::Bad(says::venv_not_created(), says::make_venv()),
        VenvState::Ready(version) => Health::Good(says::venv_ready(
            &dir.display().to_string(),
            version.as_ref().map(ToString::to_string).as_deref(),
        )),
        VenvState::Unusable(why) => Health::Bad(
            why.clone(),
            python_env::recreate_fix(dir, "`cargo workshop`"),
        ),
    }
}

/// The oldest Rust the workshop builds with: the workspace's `rust-version`.
const OLDEST_RUST: &str = env!("CARGO_PKG_RUST_VERSION");

/// `rustc 1.95.0 (…)` is at least [`OLDEST_RUST`].
fn rustc_is_recent(version: &str) -> bool {
    let major_minor = |number: &str| {
        let mut parts = number
            .split('.')
            .map(|part| part.parse::<u32>().unwrap_or(0));
        (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
    };
    let number = version.split_whitespace().nth(1).unwrap_or("");
    major_minor(number) >= major_minor(OLDEST_RUST)
}

/// The exercise whose dependency groups install DSPy, as `check` accepts it.
fn dspy_exercise(root: &Path) -> String {
    Manifest::load(root)
        .ok()
        .and_then(|manifest| {
            manifest
                .exercises
                .into_iter()
                .find(|exercise| exercise.groups.iter().any(|group| group == "dspy"))
        })
        .map_or_else(|| "<the DSPy exercise>".into(), |exercise| exercise.name)
}

/// The task-queue exercise's tests start a real `redis-server`; nothing else needs it.
fn redis_health(version: Option<&str>) -> Health {
    match version {
        Some(version) => Health::Good(version.to_string()),
        None => Health::Note(says::redis_missing(), says::install_redis()),
    }
}

fn python_headers(python: &str) -> Health {
    let script = "import sysconfig, pathlib; print(pathlib.Path(sysconfig.get_paths()['include'], 'Python.h').is_file())";
    match output_of(Command::new(python).args(["-c", script])).as_deref() {
        Some("True") => Health::Good(says::headers_found()),
        _ => Health::Note(says::headers_missing(), says::install_headers()),
    }
}

/// Embedding Python (the Rust test suites, exercise 05) links libpython.
fn shared_library(python: &str) -> Health {
    let script = "import sysconfig; print(sysconfig.get_config_var('Py_ENABLE_SHARED') or 0, \
                  sysconfig.get_config_var('LIBDIR'), sysconfig.get_config_var('LDLIBRARY'))";
    match output_of(Command::new(python).args(["-c", script])) {
        Some(line) if line.starts_with('1') => Health::Good(says::shared_libpython(
            &line
                .split_whitespace()
                .skip(1)
                .collect::<Vec<_>>()
                .join("/"),
        )),
        Some(_) => static_libpython_health(Os::current()),
        None => Health::Bad(says::cannot_ask_python(), says::name_a_python()),
    }
}

/// A Python built without a shared libpython: normal on Windows, where every CPython
/// ships `python3XY.dll` however it is built; elsewhere embedding it needs another.
fn static_libpython_health(os: Os) -> Health {
    if os.is_windows() {
        Health::Good("python3.dll".into())
    } else {
        Health::Note(says::static_libpython(), says::get_shared_libpython())
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::python_env::{Named, PythonVersion};

    fn version(text: &str) -> PythonVersion {
        PythonVersion::parse(text).expect("a version")
    }

    fn fix_of(health: &Health) -> &str {
        match health {
            Health::Bad(_, fix) => fix,
            other => panic!("expected a ✗, got {other:?}"),
        }
    }

    #[test]
    fn a_static_libpython_is_fine_on_windows_only() {
        assert!(matches!(
            static_libpython_health(Os::Windows),
            Health::Good(_)
        ));
        assert!(matches!(
            static_libpython_health(Os::Linux),
            Health::Note(..)
        ));
        assert!(matches!(
            static_libpython_health(Os::Macos),
            Health::Note(..)
        ));
    }

    #[test]
    fn an_unusable_venv_is_a_cross_whose_fix_makes_it_anew() {
        let dir = PathBuf::from("/home/me/workshop/.venv");
        let why = "it was made with Python 3.9.18; the workshop needs 3.10 or newer";
        let health = venv_health(&VenvState::Unusable(why.into()), &dir);
        assert!(matches!(&health, Health::Bad(detail, _) if detail == why));
        let fix = fix_of(&health);
        assert!(fix.contains("/home/me/workshop/.venv"), "{fix}");
        assert!(fix.contains("cargo workshop"), "{fix}");
        assert_ne!(fix, "cargo workshop", "the plain command would fail again");
    }

    #[test]
    fn rust_is_judged_against_the_workspace_rust_version() {
        assert!(rustc_is_recent("rustc 1.95.0 (59807616e 2026-04-14)"));
        assert!(rustc_is_recent(&format!("rustc {OLDEST_RUST}.0 (x)")));
        assert!(!rustc_is_recent("rustc 1.70.0 (90c541806 2023-05-31)"));
        assert!(!rustc_is_recent("garbage"));
    }

    #[test]
    fn a_missing_redis_server_says_how_to_install_it() {
        let Health::Note(detail, fix) = redis_health(None) else {
            panic!("a missing redis-server is a note, not a tick or a cross");
        };
        assert!(detail.contains("task-queue"), "{detail}");
        let wanted = if cfg!(target_os = "macos") {
            "brew install redis"
        } else if cfg!(windows) {
            "Memurai"
        } else {
            "sudo apt install redis-server"
        };
        assert!(fix.contains(wanted), "{fix}");
        assert_eq!(
            redis_health(Some("Redis server v=7.0.15")),
            Health::Good("Redis server v=7.0.15".into())
        );
    }

    #[test]
    fn a_missing_venv_is_made_by_cargo_workshop() {
        let health = venv_health(&VenvState::Missing, Path::new(".venv"));
        assert_eq!(
            health,
            Health::Bad("not created yet".into(), "cargo workshop".into())
        );
    }

    #[test]
    fn a_ready_venv_shows_its_python_version() {
        let health = venv_health(
            &VenvState::Ready(Some(version("3.11.7"))),
            Path::new("/w/.venv"),
        );
        assert_eq!(health, Health::Good("/w/.venv (Python 3.11.7)".into()));
    }

    #[test]
    fn a_python_variable_naming_nothing_is_blamed_not_the_machine() {
        let problem = NoInterpreter::Missing {
            command: "/nonexistent".into(),
            named: Named::Env,
        };
        let health = interpreter_health(&Err(problem));
        assert!(
            matches!(&health, Health::Bad(detail, _) if detail.contains("PYTHON=/nonexistent"))
        );
        let fix = fix_of(&health);
        assert!(fix.contains("PYTHON"), "{fix}");
        assert!(!fix.contains("python.org"), "{fix}");
    }

    #[test]
    fn a_python_without_venv_is_a_cross_with_the_install_command() {
        let problem = NoInterpreter::NoVenv {
            command: "python3".into(),
            version: version("3.11.2"),
        };
        let health = interpreter_health(&Err(problem));
        assert!(fix_of(&health).contains("sudo apt install python3-venv"));
    }

    #[test]
    fn a_good_python_is_a_tick_with_its_version_and_command() {
        let found = Interpreter {
            command: "python3.12".into(),
            version: version("3.12.1"),
        };
        assert_eq!(
            interpreter_health(&Ok(found)),
            Health::Good("3.12.1 (python3.12)".into())
        );
    }
}
