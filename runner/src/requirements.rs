//! The lock of the workshop's Python tools. `uv.lock` is the source: `cargo workshop
//! lock` makes it from pyproject.toml's dependency groups and exports each group to
//! `requirements/<group>.txt`, every package pinned with its hashes, so that uv and pip
//! install the very same files. `requirements/locked-from.toml` keeps the pyproject.toml
//! tables the lock was made from: set-up compares them with pyproject.toml's and
//! refuses a lock that no longer matches (the author forgot to refresh it).

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::sentences::setting_up as says;

/// The uv that makes the lock (the lock's format and its resolution are uv's).
pub const UV_VERSION: &str = "0.13.9";

/// The folder of the exported requirement files and the stamp.
pub const FOLDER: &str = "requirements";

/// The command that refreshes the lock, as an author types it.
pub const REFRESH: &str = "cargo workshop lock";

/// What the lock depends on in pyproject.toml: the Python versions it is for and the
/// dependency groups.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockInputs {
    #[serde(rename = "requires-python", default)]
    pub requires_python: Option<String>,
    #[serde(rename = "dependency-groups", default)]
    pub dependency_groups: BTreeMap<String, Vec<String>>,
}

impl LockInputs {
    /// The tables of the root `pyproject.toml`.
    pub fn of_pyproject(root: &Path) -> Result<LockInputs> {
        #[derive(Deserialize)]
        struct Project {
            #[serde(rename = "requires-python")]
            requires_python: Option<String>,
        }
        #[derive(Deserialize)]
        struct PyProject {
            project: Option<Project>,
            #[serde(rename = "dependency-groups", default)]
            dependency_groups: BTreeMap<String, Vec<String>>,
        }
        let path = root.join("pyproject.toml");
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let project: PyProject =
            toml::from_str(&text).with_context(|| format!("{} is not valid", path.display()))?;
        Ok(LockInputs {
            requires_python: project.project.and_then(|project| project.requires_python),
            dependency_groups: project.dependency_groups,
        })
    }

    /// The tables the lock was made from, if there is a lock.
    pub fn recorded(root: &Path) -> Result<Option<LockInputs>> {
        let path = stamp(root);
        let Ok(text) = std::fs::read_to_string(&path) else {
            return Ok(None);
        };
        toml::from_str(&text)
            .map(Some)
            .with_context(|| format!("{} is not valid", path.display()))
    }

    /// The stamp file's text: these tables, under a comment that says where they come from.
    pub fn stamp_text(&self) -> Result<String> {
        let tables = toml::to_string(self).context("cannot write the lock's stamp")?;
        Ok(format!(
            "# Written by `{REFRESH}`: the tables of pyproject.toml that uv.lock and the\n\
             # files beside this one were made from. Set-up refuses the lock when\n\
             # pyproject.toml's differ. Do not edit: run `{REFRESH}`.\n{tables}"
        ))
    }

    /// What differs from `other`, as a phrase (`the group `bench``), or `None`.
    pub fn differences(&self, other: &LockInputs) -> Option<String> {
        let mut changed = Vec::new();
        if self.requires_python != other.requires_python {
            changed.push("requires-python".to_string());
        }
        let names: std::collections::BTreeSet<&String> = self
            .dependency_groups
            .keys()
            .chain(other.dependency_groups.keys())
            .collect();
        for name in names {
            if self.dependency_groups.get(name) != other.dependency_groups.get(name) {
                changed.push(format!("the group `{name}`"));
            }
        }
        (!changed.is_empty()).then(|| changed.join(", "))
    }
}

/// A lock that does not match pyproject.toml: `cargo workshop` exits with status 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockOutOfDate(pub String);

impl fmt::Display for LockOutOfDate {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl std::error::Error for LockOutOfDate {}

/// The exit status of a refused lock (1 is a failing exercise or a failed step).
pub const OUT_OF_DATE_STATUS: u8 = 2;

/// Refuse a lock made from other tables than pyproject.toml's.
pub fn check(root: &Path) -> Result<()> {
    let wanted = LockInputs::of_pyproject(root)?;
    let recorded = LockInputs::recorded(root)?;
    judge(&wanted, recorded.as_ref())?;
    Ok(())
}

/// [`check`]'s decision.
pub fn judge(wanted: &LockInputs, recorded: Option<&LockInputs>) -> Result<(), LockOutOfDate> {
    match recorded {
        None => Err(LockOutOfDate(says::never_locked())),
        Some(recorded) => match wanted.differences(recorded) {
            Some(differs) => Err(LockOutOfDate(says::lock_out_of_date(&differs))),
            None => Ok(()),
        },
    }
}

pub fn stamp(root: &Path) -> PathBuf {
    root.join(FOLDER).join("locked-from.toml")
}

/// The hashed requirement file of `group`.
pub fn file(root: &Path, group: &str) -> PathBuf {
    root.join(FOLDER).join(format!("{group}.txt"))
}

/// The requirements a file pins, one per package (`numpy==2.4.6 ; python_full_version
/// >= '3.11'`), without their hashes and comments: what a venv records as installed.
pub fn pinned(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| !line.starts_with([' ', '\t', '#']) && !line.trim().is_empty())
        .map(|line| line.trim_end_matches('\\').trim().to_string())
        .collect()
}

/// What installs a requirement file into the venv.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Installer {
    /// uv, at this path (much faster than pip; installs the same pinned files).
    Uv(PathBuf),
    Pip,
}

/// Where the packages come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source<'a> {
    /// The package index (PyPI, or whatever pip and uv are configured to use).
    Index,
    /// Only this folder of downloaded wheels: no network at all.
    Folder(&'a Path),
}

/// A program and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    pub program: OsString,
    pub args: Vec<OsString>,
}

impl Invocation {
    /// The command as a person would type it, for messages.
    pub fn shown(&self) -> String {
        std::iter::once(&self.program)
            .chain(&self.args)
            .map(|part| part.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn command(&self) -> std::process::Command {
        let mut command = std::process::Command::new(&self.program);
        command
            .args(&self.args)
            // uv would otherwise download a Python of its own when it finds none.
            .env("UV_PYTHON_DOWNLOADS", "never");
        command
    }
}

/// The command that installs `requirements` into the venv whose interpreter is
/// `python`, with every hash checked, from `source`.
pub fn install_command(
    installer: &Installer,
    python: &Path,
    requirements: &Path,
    source: Source,
) -> Invocation {
    let mut args: Vec<OsString> = Vec::new();
    let program = match installer {
        Installer::Uv(uv) => {
            args.extend(["pip", "install", "--python"].map(OsString::from));
            args.push(python.into());
            uv.clone().into_os_string()
        }
        Installer::Pip => {
            args.extend(
                ["-m", "pip", "--disable-pip-version-check", "install"].map(OsString::from),
            );
            python.to_path_buf().into_os_string()
        }
    };
    args.extend(["--require-hashes", "-r"].map(OsString::from));
    args.push(requirements.into());
    if let Source::Folder(wheels) = source {
        if matches!(installer, Installer::Uv(_)) {
            args.push("--offline".into());
        }
        args.extend(["--no-index", "--find-links"].map(OsString::from));
        args.push(wheels.into());
    }
    Invocation { program, args }
}

/// Which installer to use: `WORKSHOP_INSTALLER=pip` chooses pip; otherwise uv when it
/// runs (the venv's own first, then the one on PATH), else pip.
pub fn choose_installer(
    wanted: Option<&str>,
    venv_uv: PathBuf,
    runs: impl Fn(&Path) -> bool,
) -> Installer {
    if wanted == Some("pip") {
        return Installer::Pip;
    }
    [venv_uv, PathBuf::from("uv")]
        .into_iter()
        .find(|uv| runs(uv))
        .map_or(Installer::Pip, Installer::Uv)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(groups: &[(&str, &[&str])]) -> LockInputs {
        LockInputs {
            requires_python: Some(">=3.10".into()),
            dependency_groups: groups
                .iter()
                .map(|(name, pins)| {
                    (
                        name.to_string(),
                        pins.iter().map(|pin| pin.to_string()).collect(),
                    )
                })
                .collect(),
        }
    }

    #[test]
    fn a_lock_made_from_the_same_tables_is_accepted() {
        let tables = inputs(&[("dev", &["pytest==9.2.0"]), ("bench", &["numpy==2.4.6"])]);
        assert_eq!(judge(&tables, Some(&tables.clone())), Ok(()));
    }

    #[test]
    fn a_changed_added_or_removed_group_refuses_the_lock_and_says_how_to_refresh_it() {
        let locked = inputs(&[("dev", &["pytest==9.2.0"]), ("bench", &["numpy==2.4.6"])]);
        let changed = inputs(&[("dev", &["pytest==9.3.0"]), ("bench", &["numpy==2.4.6"])]);
        let added = inputs(&[
            ("dev", &["pytest==9.2.0"]),
            ("bench", &["numpy==2.4.6"]),
            ("queue", &["redis==6.0.0"]),
        ]);
        let removed = inputs(&[("dev", &["pytest==9.2.0"])]);
        for (wanted, group) in [(changed, "dev"), (added, "queue"), (removed, "bench")] {
            let LockOutOfDate(message) = judge(&wanted, Some(&locked)).unwrap_err();
            assert!(message.contains(&format!("`{group}`")), "{message}");
            assert!(message.contains("`cargo workshop lock`"), "{message}");
        }
        let mut newer_python = locked.clone();
        newer_python.requires_python = Some(">=3.11".into());
        let LockOutOfDate(message) = judge(&newer_python, Some(&locked)).unwrap_err();
        assert!(message.contains("requires-python"), "{message}");
    }

    #[test]
    fn no_lock_at_all_is_refused_too() {
        let LockOutOfDate(message) = judge(&inputs(&[]), None).unwrap_err();
        assert!(message.contains("`cargo workshop lock`"), "{message}");
    }

    #[test]
    fn the_stamp_reads_back_as_the_tables_it_was_written_from() {
        let tables = inputs(&[(
            "dev",
            &["ruff==0.17.6", "numpy==2.2.6; python_version < '3.11'"],
        )]);
        let text = tables.stamp_text().unwrap();
        assert!(
            text.starts_with("# Written by `cargo workshop lock`"),
            "{text}"
        );
        assert_eq!(toml::from_str::<LockInputs>(&text).unwrap(), tables);
    }

    #[test]
    fn pinned_lines_are_the_requirements_without_hashes_or_comments() {
        let exported = "# exported from uv.lock\n\
            numpy==2.2.6 ; python_full_version < '3.11' \\\n    --hash=sha256:aa \\\n    --hash=sha256:bb\n    # via bench\n\
            ruff==0.17.6 \\\n    --hash=sha256:cc\n";
        assert_eq!(
            pinned(exported),
            [
                "numpy==2.2.6 ; python_full_version < '3.11'",
                "ruff==0.17.6"
            ]
        );
    }

    fn shown(invocation: &Invocation) -> String {
        invocation.shown()
    }

    #[test]
    fn pip_installs_the_file_with_every_hash_required() {
        let command = install_command(
            &Installer::Pip,
            Path::new("/w/.venv/bin/python"),
            Path::new("/w/requirements/dev.txt"),
            Source::Index,
        );
        assert_eq!(
            shown(&command),
            "/w/.venv/bin/python -m pip --disable-pip-version-check install --require-hashes -r /w/requirements/dev.txt"
        );
    }

    #[test]
    fn uv_installs_the_same_file_into_the_venvs_python() {
        let command = install_command(
            &Installer::Uv(PathBuf::from("/w/.venv/bin/uv")),
            Path::new("/w/.venv/bin/python"),
            Path::new("/w/requirements/dev.txt"),
            Source::Index,
        );
        assert_eq!(
            shown(&command),
            "/w/.venv/bin/uv pip install --python /w/.venv/bin/python --require-hashes -r /w/requirements/dev.txt"
        );
        let envs: Vec<_> = command
            .command()
            .get_envs()
            .map(|(key, _)| key.to_owned())
            .collect();
        assert!(envs.contains(&OsString::from("UV_PYTHON_DOWNLOADS")));
    }

    #[test]
    fn from_a_folder_neither_installer_asks_an_index() {
        let folder = Path::new("/kit/wheels");
        let pip = shown(&install_command(
            &Installer::Pip,
            Path::new("python"),
            Path::new("dev.txt"),
            Source::Folder(folder),
        ));
        assert!(
            pip.ends_with("--require-hashes -r dev.txt --no-index --find-links /kit/wheels"),
            "{pip}"
        );
        let uv = shown(&install_command(
            &Installer::Uv("uv".into()),
            Path::new("python"),
            Path::new("dev.txt"),
            Source::Folder(folder),
        ));
        assert!(
            uv.ends_with("-r dev.txt --offline --no-index --find-links /kit/wheels"),
            "{uv}"
        );
    }

    #[test]
    fn uv_is_chosen_when_it_runs_and_pip_otherwise_or_when_asked_for() {
        let venv_uv = PathBuf::from("/w/.venv/bin/uv");
        let everywhere = |_: &Path| true;
        let on_path_only = |uv: &Path| uv == Path::new("uv");
        let nowhere = |_: &Path| false;
        assert_eq!(
            choose_installer(None, venv_uv.clone(), everywhere),
            Installer::Uv(venv_uv.clone())
        );
        assert_eq!(
            choose_installer(None, venv_uv.clone(), on_path_only),
            Installer::Uv("uv".into())
        );
        assert_eq!(
            choose_installer(None, venv_uv.clone(), nowhere),
            Installer::Pip
        );
        assert_eq!(
            choose_installer(Some("pip"), venv_uv, everywhere),
            Installer::Pip
        );
    }
}
