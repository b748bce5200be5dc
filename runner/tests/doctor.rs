//! `cargo workshop doctor`, and the set-up that creates `.venv`, in environments a clean
//! machine cannot have: a venv made by Python 3.9, a venv whose Python was uninstalled,
//! a `PYTHON` that names nothing, a Python without its `venv` module. Each fault is
//! faked with a few files and shell scripts, so no test needs a real venv, builds an
//! exercise or reaches the network.

#![cfg(unix)]

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A workshop folder of its own: the repository's `workshop.toml` and nothing else
/// until a test adds its fault. (No `pyproject.toml`: were the runner to take a faulty
/// venv for a good one, it would stop there instead of calling pip.)
struct Workshop {
    root: PathBuf,
}

impl Workshop {
    fn new(name: &str) -> Workshop {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("doctor")
            .join(name);
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        let repository = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        std::fs::copy(repository.join("workshop.toml"), root.join("workshop.toml")).unwrap();
        Workshop { root }
    }

    fn venv(&self) -> PathBuf {
        self.root.join(".venv")
    }

    /// Write `file` (under the workshop) with `text`, making its folder as needed.
    fn write(&self, file: &str, text: &str) -> PathBuf {
        let path = self.root.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    /// An executable shell script at `file`, standing in for a Python.
    fn script(&self, file: &str, body: &str) -> PathBuf {
        let path = self.write(file, &format!("#!/bin/sh\n{body}\n"));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    /// The runner, in this workshop, with plain output and only the `PYTHON` given.
    fn run(&self, args: &[&str], python: Option<&str>) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_workshop"));
        command
            .args(args)
            .current_dir(&self.root)
            .env("NO_COLOR", "1")
            .env_remove("PYTHON");
        if let Some(python) = python {
            command.env("PYTHON", python);
        }
        command.output().expect("the runner starts")
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Doctor's verdict on `check`: its mark and detail line, and the fix below it.
fn check_in(doctor: &Output, check: &str) -> (String, String) {
    let stdout = text(&doctor.stdout);
    let mut lines = stdout.lines();
    let line = lines
        .find(|line| line.split_whitespace().nth(1) == Some(check))
        .unwrap_or_else(|| panic!("doctor has no `{check}` line:\n{stdout}"));
    let fix = lines
        .next()
        .map(str::trim)
        .filter(|next| next.starts_with("fix:"))
        .unwrap_or_default();
    (line.to_string(), fix.to_string())
}

/// The first word of a doctor line: ✓, ! or ✗.
fn mark(line: &str) -> &str {
    line.split_whitespace().next().unwrap_or_default()
}

#[test]
fn a_venv_made_by_python_3_9_is_to_be_made_anew() {
    let workshop = Workshop::new("python_3_9_venv");
    workshop.write(
        ".venv/pyvenv.cfg",
        "home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.9.18\n",
    );
    workshop.script(".venv/bin/python", "echo 3.9.18");

    let doctor = workshop.run(&["doctor"], None);
    let (line, fix) = check_in(&doctor, ".venv");
    assert_eq!(mark(&line), "✗", "{line}");
    assert!(line.contains("3.9.18") && line.contains("3.10"), "{line}");
    let remove = format!("rm -rf {}", workshop.venv().display());
    assert!(
        fix.contains(&remove) && fix.contains("cargo workshop"),
        "{fix}"
    );
    assert!(!doctor.status.success());

    let setup = workshop.run(&["setup"], None);
    let error = text(&setup.stderr);
    assert!(!setup.status.success());
    assert!(
        error.contains("3.9.18") && error.contains(&remove),
        "{error}"
    );
    assert!(
        workshop.venv().join("pyvenv.cfg").is_file(),
        "the learner's venv was deleted"
    );
}

#[test]
fn a_venv_whose_python_was_uninstalled_says_so() {
    let workshop = Workshop::new("dangling_python");
    workshop.write(".venv/pyvenv.cfg", "home = /gone/bin\nversion = 3.11.7\n");
    // As venv makes them: python -> python3 -> the base interpreter, here removed.
    let gone = workshop.root.join("pyenv/versions/3.11.7/bin/python3");
    std::fs::create_dir_all(workshop.venv().join("bin")).unwrap();
    symlink("python3", workshop.venv().join("bin/python")).unwrap();
    symlink(&gone, workshop.venv().join("bin/python3")).unwrap();

    let doctor = workshop.run(&["doctor"], None);
    let (line, fix) = check_in(&doctor, ".venv");
    assert_eq!(mark(&line), "✗", "{line}");
    assert!(!line.contains("not created"), "{line}");
    assert!(
        line.contains(&gone.display().to_string()) && line.contains("no longer exists"),
        "{line}"
    );
    let remove = format!("rm -rf {}", workshop.venv().display());
    assert!(fix.contains(&remove), "{fix}");

    let setup = workshop.run(&["setup"], None);
    let error = text(&setup.stderr);
    assert!(!setup.status.success());
    assert!(
        error.contains("no longer exists") && error.contains(&remove),
        "{error}"
    );
    assert!(
        workshop
            .venv()
            .join("bin/python")
            .symlink_metadata()
            .is_ok(),
        "the learner's venv was changed"
    );
}

#[test]
fn a_python_variable_that_names_nothing_is_blamed() {
    let workshop = Workshop::new("python_names_nothing");

    let doctor = workshop.run(&["doctor"], Some("/nonexistent"));
    let (line, fix) = check_in(&doctor, "python");
    assert_eq!(mark(&line), "✗", "{line}");
    assert!(line.contains("PYTHON=/nonexistent"), "{line}");
    assert!(fix.contains("unset PYTHON"), "{fix}");
    assert!(!fix.contains("python.org"), "{fix}");

    let by_flag = workshop.run(&["doctor", "--python", "/nonexistent"], None);
    let (line, fix) = check_in(&by_flag, "python");
    assert_eq!(mark(&line), "✗", "{line}");
    assert!(line.contains("--python /nonexistent"), "{line}");
    assert!(fix.contains("--python"), "{fix}");

    let setup = workshop.run(&["setup"], Some("/nonexistent"));
    let error = text(&setup.stderr);
    assert!(!setup.status.success());
    assert!(
        error.contains("PYTHON=/nonexistent") && error.contains("unset PYTHON"),
        "{error}"
    );
    assert!(!workshop.venv().exists());
}

#[test]
fn a_python_without_its_venv_module_is_a_cross_with_the_install_command() {
    let workshop = Workshop::new("python_without_venv");
    // Answers the version question as Python 3.11 does, but, like Debian's python3
    // without python3-venv, cannot import venv and ensurepip.
    let python = workshop.script(
        "fake/python3",
        r#"case "$2" in
    *"import venv"*) echo "ModuleNotFoundError: No module named 'ensurepip'" >&2; exit 1 ;;
    *) echo 3.11.7 ;;
esac"#,
    );
    let python = python.to_str().unwrap();

    let doctor = workshop.run(&["doctor"], Some(python));
    let (line, fix) = check_in(&doctor, "python");
    assert_eq!(mark(&line), "✗", "{line}");
    assert!(line.contains("3.11.7"), "{line}");
    assert!(fix.contains("sudo apt install python3-venv"), "{fix}");
    assert!(fix.contains("python.org"), "{fix}");

    let setup = workshop.run(&["setup"], Some(python));
    let error = text(&setup.stderr);
    assert!(!setup.status.success());
    assert!(error.contains("sudo apt install python3-venv"), "{error}");
    assert!(!workshop.venv().exists());
}

/// A workshop whose venv looks ready (so set-up goes straight to the lock) and whose
/// lock was made from `locked` while pyproject.toml now says `wanted`.
fn workshop_with_lock(name: &str, wanted: &str, locked: Option<&str>) -> Workshop {
    let workshop = Workshop::new(name);
    workshop.write(".venv/pyvenv.cfg", "home = /usr/bin\nversion = 3.11.7\n");
    // Never asked: pyvenv.cfg records the version, and nothing may be installed.
    workshop.script(".venv/bin/python", "echo 'pip ran' >&2; exit 1");
    let tables = |project: &str, groups: &str| {
        format!("{project}requires-python = \">=3.10\"\n\n[dependency-groups]\n{groups}\n")
    };
    workshop.write("pyproject.toml", &tables("[project]\n", wanted));
    // The stamp holds the same tables, requires-python at its top level.
    if let Some(locked) = locked {
        workshop.write("requirements/locked-from.toml", &tables("", locked));
    }
    workshop.write(
        "requirements/dev.txt",
        "pytest==9.2.0 \\\n    --hash=sha256:00\n",
    );
    workshop
}

#[test]
fn a_lock_that_disagrees_with_pyproject_is_refused_with_the_command_that_refreshes_it() {
    let workshop = workshop_with_lock(
        "stale_lock",
        "dev = [\"pytest==9.2.0\"]\nqueue = [\"redis==6.0.0\"]",
        Some("dev = [\"pytest==9.2.0\"]"),
    );
    let setup = workshop.run(&["setup"], None);
    let error = text(&setup.stderr);
    assert_eq!(setup.status.code(), Some(2), "{error}");
    assert!(error.contains("`queue`"), "{error}");
    assert!(error.contains("cargo workshop lock"), "{error}");
    assert!(!error.contains("pip ran"), "{error}");

    let never_locked = workshop_with_lock("no_lock", "dev = [\"pytest==9.2.0\"]", None);
    let setup = never_locked.run(&["setup"], None);
    assert_eq!(setup.status.code(), Some(2), "{}", text(&setup.stderr));
    assert!(text(&setup.stderr).contains("cargo workshop lock"));
}

#[test]
fn a_matching_lock_goes_on_to_install_the_locked_file() {
    let groups = "dev = [\"pytest==9.2.0\"]";
    let workshop = workshop_with_lock("matching_lock", groups, Some(groups));
    let setup = workshop.run(&["setup"], None);
    let error = text(&setup.stderr);
    // The stand-in python is what would install: it ran, and failed as it was told to.
    assert_eq!(setup.status.code(), Some(1), "{error}");
    assert!(error.contains("--require-hashes -r"), "{error}");
    assert!(error.contains("requirements/dev.txt"), "{error}");
}
