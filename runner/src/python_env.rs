//! The workshop's Python environment: finding an interpreter, creating the venv, and
//! installing the dependency groups of `pyproject.toml` into it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::process;
use crate::term;

/// The oldest Python the extensions support (they are built for abi3-py310).
const MIN_MINOR: u32 = 10;

/// A virtual environment the runner builds into and tests with.
#[derive(Debug, Clone)]
pub struct Venv {
    pub dir: PathBuf,
}

impl Venv {
    pub fn at(dir: PathBuf) -> Self {
        Venv { dir }
    }

    pub fn python(&self) -> PathBuf {
        if cfg!(windows) {
            self.dir.join("Scripts").join("python.exe")
        } else {
            self.dir.join("bin").join("python")
        }
    }

    pub fn tool(&self, name: &str) -> PathBuf {
        let bin = if cfg!(windows) { "Scripts" } else { "bin" };
        let file = if cfg!(windows) {
            format!("{name}.exe")
        } else {
            name.to_string()
        };
        self.dir.join(bin).join(file)
    }

    pub fn exists(&self) -> bool {
        self.python().is_file()
    }

    /// Records which groups are installed, and from which requirement lists.
    fn groups_stamp(&self) -> PathBuf {
        self.dir.join("workshop-groups.toml")
    }

    /// Create the venv if needed, then install every group in `groups` whose
    /// requirements changed since it was last installed.
    pub fn ensure(&self, root: &Path, interpreter: Option<&str>, groups: &[&str]) -> Result<()> {
        if !self.exists() {
            let python = find_interpreter(interpreter)?;
            term::step(&format!(
                "Creating the Python environment {} with {} ({})",
                relative(root, &self.dir),
                python.command,
                python.version
            ));
            let finished = process::run(
                Command::new(&python.command)
                    .args(["-m", "venv"])
                    .arg(&self.dir),
                None,
            )?;
            if !finished.success() {
                bail!(
                    "`{} -m venv` failed: {}\nOn Debian or Ubuntu, `sudo apt install python3-venv` provides it.",
                    python.command,
                    finished.stderr.trim()
                );
            }
        }
        let wanted = dependency_groups(root)?;
        let mut installed = self.installed_groups();
        for &group in groups {
            let requirements = wanted
                .get(group)
                .with_context(|| format!("pyproject.toml has no dependency group `{group}`"))?;
            if installed.get(group) == Some(requirements) {
                continue;
            }
            self.install_group(root, group, requirements)?;
            installed.insert(group.to_string(), requirements.clone());
            let text = toml::to_string(&installed).context("cannot record installed groups")?;
            crate::files::write_atomically(&self.groups_stamp(), text.as_bytes())?;
        }
        Ok(())
    }

    fn installed_groups(&self) -> BTreeMap<String, Vec<String>> {
        std::fs::read_to_string(self.groups_stamp())
            .ok()
            .and_then(|text| toml::from_str(&text).ok())
            .unwrap_or_default()
    }

    fn install_group(&self, root: &Path, group: &str, requirements: &[String]) -> Result<()> {
        term::step(&format!(
            "Installing the `{group}` tools into {}: {} (this takes a little while, once)",
            relative(root, &self.dir),
            requirements.join(", ")
        ));
        // pip reads dependency groups from version 25.1 on; the pip inside a fresh venv
        // may be older, so upgrade it first.
        let pip = |args: &[&str]| -> Result<()> {
            let ending = process::run_attached(
                Command::new(self.python())
                    .args(["-m", "pip", "--disable-pip-version-check"])
                    .args(args)
                    .current_dir(root),
            )
            .context("could not run pip")?;
            if ending != process::Ending::Exited(0) {
                bail!(
                    "`pip {}` failed ({ending}; see its output above)",
                    args.join(" ")
                );
            }
            Ok(())
        };
        pip(&["install", "--quiet", "--upgrade", "pip>=25.1"])?;
        pip(&["install", "--progress-bar", "on", "--group", group])
    }
}

/// `[dependency-groups]` of the root `pyproject.toml`.
pub fn dependency_groups(root: &Path) -> Result<BTreeMap<String, Vec<String>>> {
    #[derive(serde::Deserialize)]
    struct PyProject {
        #[serde(rename = "dependency-groups", default)]
        dependency_groups: BTreeMap<String, Vec<String>>,
    }
    let path = root.join("pyproject.toml");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let project: PyProject =
        toml::from_str(&text).with_context(|| format!("{} is not valid", path.display()))?;
    Ok(project.dependency_groups)
}

pub struct Interpreter {
    pub command: String,
    pub version: String,
}

/// The interpreter to build the venv with: `--python`, else `$PYTHON`, else the first
/// Python >= 3.10 on PATH.
pub fn find_interpreter(chosen: Option<&str>) -> Result<Interpreter> {
    let from_env = std::env::var("PYTHON")
        .ok()
        .filter(|value| !value.is_empty());
    if let Some(command) = chosen.map(str::to_string).or(from_env) {
        return match probe(&command) {
            Some((minor, version)) if minor >= MIN_MINOR => Ok(Interpreter { command, version }),
            Some((_, version)) => {
                bail!("{command} is Python {version}; the workshop needs 3.10 or newer")
            }
            None => bail!("`{command}` does not run as a Python interpreter"),
        };
    }
    let candidates = [
        "python3",
        "python",
        "python3.14",
        "python3.13",
        "python3.12",
        "python3.11",
        "python3.10",
    ];
    for command in candidates {
        if let Some((minor, version)) = probe(command)
            && minor >= MIN_MINOR
        {
            return Ok(Interpreter {
                command: command.to_string(),
                version,
            });
        }
    }
    bail!(
        "found no Python 3.10 or newer on PATH. Install one (https://www.python.org/downloads/), \
         or name it: `cargo workshop --python /path/to/python3`"
    )
}

/// Ask an interpreter for its version: (minor, "3.x.y"), or None if it is not Python 3.
fn probe(command: &str) -> Option<(u32, String)> {
    let finished = process::run(
        Command::new(command).args([
            "-c",
            "import sys; print(sys.version_info[0], sys.version_info[1], sys.version.split()[0])",
        ]),
        Some(std::time::Duration::from_secs(30)),
    )
    .ok()?;
    let text = finished.stdout;
    let mut words = text.split_whitespace();
    let major: u32 = words.next()?.parse().ok()?;
    let minor: u32 = words.next()?.parse().ok()?;
    let version = words.next()?.to_string();
    (major == 3).then_some((minor, version))
}

pub fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}
