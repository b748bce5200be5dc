//! The workshop's Python environment: finding an interpreter, creating the venv, and
//! installing the dependency groups of `pyproject.toml` into it.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::kit;
use crate::platform::Os;
use crate::process;
use crate::requirements;
use crate::sentences::environment;
use crate::sentences::setting_up as says;
use crate::term;

/// The oldest Python the extensions support (they are built for abi3-py310).
const MIN_MINOR: u32 = 10;

/// A virtual environment the runner builds into and tests with.
#[derive(Debug, Clone)]
pub struct Venv {
    pub dir: PathBuf,
    /// The system whose layout the venv has (tests pass another to check its arm).
    pub os: Os,
}

/// Whether to run the venv's python to learn its version, or trust `pyvenv.cfg`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// Run it every time (doctor: it also proves the interpreter still starts).
    Always,
    /// Only when `pyvenv.cfg` does not say (grading: saves a Python start-up per save).
    IfUnrecorded,
}

impl Venv {
    pub fn at(dir: PathBuf) -> Self {
        Venv {
            dir,
            os: Os::current(),
        }
    }

    /// `bin/python`, or `Scripts\python.exe` on Windows.
    pub fn python(&self) -> PathBuf {
        self.tool("python")
    }

    /// A program installed into the venv (`maturin`, `uv`).
    pub fn tool(&self, name: &str) -> PathBuf {
        self.os
            .venv_programs(&self.dir)
            .join(self.os.program_file(name))
    }

    /// Look at the venv folder (it is never changed here) and judge whether it is usable.
    pub fn state(&self, ask: Ask) -> VenvState {
        let config = std::fs::read_to_string(self.dir.join("pyvenv.cfg"))
            .ok()
            .map(|text| VenvConfig::parse(&text));
        let interpreter = Link::of(&self.python());
        let recorded = config.as_ref().and_then(|config| config.version.as_ref());
        let must_ask = ask == Ask::Always || recorded.is_none();
        let answer = (interpreter == Link::Present && must_ask)
            .then(|| ask_version(self.python().as_os_str()));
        VenvState::judge(&VenvFacts {
            interpreter,
            config,
            answer,
        })
    }

    /// Let a program linked to libpython (a Rust test binary, an exercise's program)
    /// find it when it starts: on Windows, by putting the folder of the venv's base
    /// Python, where `python3XY.dll` is, on PATH. Elsewhere the build's rpath does it.
    pub fn let_find_libpython(&self, command: &mut Command) {
        let home = std::fs::read_to_string(self.dir.join("pyvenv.cfg"))
            .ok()
            .and_then(|text| VenvConfig::parse(&text).home);
        if let Some(home) = home
            && let Some((variable, value)) =
                library_search_path(self.os, &home, std::env::var_os("PATH").as_deref())
        {
            command.env(variable, value);
        }
    }

    /// Records which groups are installed, and from which requirement lists.
    fn groups_stamp(&self) -> PathBuf {
        self.dir.join("workshop-groups.toml")
    }

    /// Create the venv if needed, then install every group in `groups` whose
    /// locked requirements changed since it was last installed. A lock that does not
    /// match pyproject.toml is refused before anything is installed.
    pub fn ensure(&self, root: &Path, interpreter: Option<&str>, groups: &[&str]) -> Result<()> {
        let state = self.state(Ask::IfUnrecorded);
        // The learner's venv is theirs: say what is wrong and how to make it anew,
        // never delete it behind their back.
        if let VenvState::Unusable(why) = &state {
            bail!(environment::venv_unusable(
                &relative(root, &self.dir),
                why,
                &recreate_fix(&self.dir, "run this command again"),
            ));
        }
        if state == VenvState::Missing {
            self.create(root, interpreter)?;
        }
        requirements::check(root)?;
        let wanted = requirements::LockInputs::of_pyproject(root)?.dependency_groups;
        let kit = kit::recorded(root)?;
        let mut installed = self.installed_groups();
        for &group in groups {
            let file = requirements::file(root, group);
            let (Some(listed), Ok(text)) = (wanted.get(group), std::fs::read_to_string(&file))
            else {
                bail!(says::group_not_locked(group));
            };
            let pins = requirements::pinned(&text);
            if installed.get(group) == Some(&pins) {
                continue;
            }
            term::step(&says::installing_group(
                group,
                &relative(root, &self.dir),
                &listed.join(", "),
            ));
            let source = match &kit {
                Some(kit) => requirements::Source::Folder(&kit.wheels),
                None => requirements::Source::Index,
            };
            self.install(root, &file, source)?;
            installed.insert(group.to_string(), pins);
            let text = toml::to_string(&installed).context("cannot record installed groups")?;
            crate::files::write_atomically(&self.groups_stamp(), text.as_bytes())?;
        }
        Ok(())
    }

    /// Make the venv with the interpreter named (or the first suitable one found).
    pub fn create(&self, root: &Path, interpreter: Option<&str>) -> Result<()> {
        let python = find_interpreter(interpreter).map_err(|problem| {
            anyhow::anyhow!(environment::with_fix(&problem.to_string(), &problem.fix()))
        })?;
        term::step(&says::creating_venv(
            &relative(root, &self.dir),
            &python.command,
            &python.version.to_string(),
        ));
        let finished = process::run(
            Command::new(&python.command)
                .args(["-m", "venv"])
                .arg(&self.dir),
            None,
        )?;
        if !finished.success() {
            // A missing venv module was ruled out above; this is rarer (a full disk, a
            // folder without write access), and venv's own message says which.
            bail!(says::venv_failed(
                &python.command,
                &self.dir.display().to_string(),
                finished.stderr.trim()
            ));
        }
        Ok(())
    }

    /// Which group installed which pinned requirements. (A record in an older format
    /// reads as nothing installed: the groups are installed again, which is harmless.)
    fn installed_groups(&self) -> BTreeMap<String, Vec<String>> {
        std::fs::read_to_string(self.groups_stamp())
            .ok()
            .and_then(|text| toml::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// The installer this venv is given: uv when there is one, else pip.
    pub fn installer(&self) -> requirements::Installer {
        let wanted = std::env::var("WORKSHOP_INSTALLER").ok();
        requirements::choose_installer(wanted.as_deref(), self.tool("uv"), |uv| {
            process::run(Command::new(uv).arg("--version"), Some(PROBE_LIMIT))
                .is_ok_and(|finished| finished.success())
        })
    }

    /// Install one hashed requirement file, from `source`, with uv or pip.
    pub fn install(&self, root: &Path, file: &Path, source: requirements::Source) -> Result<()> {
        let invocation =
            requirements::install_command(&self.installer(), &self.python(), file, source);
        let ending = process::run_attached(invocation.command().current_dir(root))
            .with_context(|| format!("could not run `{}`", invocation.shown()))?;
        if ending != process::Ending::Exited(0) {
            bail!(says::install_failed(
                &invocation.shown(),
                &ending.to_string()
            ));
        }
        Ok(())
    }
}

/// What `bin/python` of a venv is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    Absent,
    /// A symlink whose end is gone; holds the missing path it ends at.
    Dangling(PathBuf),
    Present,
}

impl Link {
    fn of(path: &Path) -> Link {
        if std::fs::symlink_metadata(path).is_err() {
            Link::Absent
        } else if std::fs::metadata(path).is_err() {
            Link::Dangling(last_link_target(path))
        } else {
            Link::Present
        }
    }
}

/// Follow a chain of symlinks (`python -> python3 -> /…/bin/python3`) to where it ends.
fn last_link_target(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    // A bound, so that a loop of links cannot hang the runner.
    for _ in 0..40 {
        let Ok(target) = std::fs::read_link(&current) else {
            break;
        };
        current = match current.parent() {
            Some(folder) => folder.join(target),
            None => target,
        };
    }
    current
}

/// The facts `pyvenv.cfg` records about a venv.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VenvConfig {
    /// The Python version it was made with (`version`, or uv's `version_info`).
    pub version: Option<PythonVersion>,
    /// The folder of the Python it was made from (`home`).
    pub home: Option<PathBuf>,
}

impl VenvConfig {
    /// `pyvenv.cfg` is `key = value` lines.
    pub fn parse(text: &str) -> VenvConfig {
        let value = |keys: &[&str]| {
            text.lines()
                .filter_map(|line| line.split_once('='))
                .find(|(key, _)| keys.contains(&key.trim()))
                .map(|(_, value)| value.trim().to_string())
        };
        VenvConfig {
            version: value(&["version", "version_info"])
                .and_then(|version| PythonVersion::parse(&version)),
            home: value(&["home"]).map(PathBuf::from),
        }
    }
}

/// The variable and value that let a program find the libpython of the Python in
/// `home`, on `os`; `None` where nothing needs to be set.
pub fn library_search_path(
    os: Os,
    home: &Path,
    path: Option<&OsStr>,
) -> Option<(&'static str, std::ffi::OsString)> {
    if !os.is_windows() {
        return None;
    }
    // Windows looks for a program's DLLs beside it, then in the folders of PATH.
    let mut value = home.as_os_str().to_os_string();
    if let Some(path) = path.filter(|path| !path.is_empty()) {
        value.push(";");
        value.push(path);
    }
    Some(("PATH", value))
}

/// What a look at a venv folder found; [`VenvState::judge`] says what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VenvFacts {
    pub interpreter: Link,
    /// `pyvenv.cfg`, if the folder has one.
    pub config: Option<VenvConfig>,
    /// What the venv's python said when asked for its version; `None` if not asked.
    pub answer: Option<Answer>,
}

/// Whether a venv can be used, must be made, or must be made anew.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VenvState {
    /// Nothing there yet: `python -m venv` can make it.
    Missing,
    /// Usable; the Python version it runs, when known.
    Ready(Option<PythonVersion>),
    /// There, but it cannot work: made by a Python older than 3.10, or its interpreter
    /// is gone (an upgrade removed the Python it links to). Says why, as a clause.
    Unusable(String),
}

impl VenvState {
    pub fn judge(facts: &VenvFacts) -> VenvState {
        let recorded = facts
            .config
            .as_ref()
            .and_then(|config| config.version.clone());
        match (&facts.interpreter, &facts.answer) {
            (Link::Absent, _) if facts.config.is_none() => VenvState::Missing,
            (Link::Absent, _) => VenvState::Unusable(environment::venv_without_python()),
            (Link::Dangling(end), _) => VenvState::Unusable(environment::venv_python_gone(
                &end.display().to_string(),
                recorded.map(|version| version.to_string()).as_deref(),
            )),
            (Link::Present, Some(Answer::Version(now))) => match recorded {
                // The Python it links to was replaced by another minor version (a
                // system upgrade): the installed packages sit in the old version's folder.
                Some(made) if (made.major, made.minor) != (now.major, now.minor) => {
                    VenvState::Unusable(environment::venv_python_changed(
                        &made.to_string(),
                        &now.to_string(),
                    ))
                }
                _ => Self::by_version(now.clone()),
            },
            (Link::Present, Some(Answer::NotFound | Answer::NotPython)) => {
                VenvState::Unusable(environment::venv_python_does_not_start())
            }
            (Link::Present, None) => match recorded {
                Some(version) => Self::by_version(version),
                None => VenvState::Ready(None),
            },
        }
    }

    fn by_version(version: PythonVersion) -> VenvState {
        if version.is_supported() {
            VenvState::Ready(Some(version))
        } else {
            VenvState::Unusable(environment::venv_too_old(&version.to_string()))
        }
    }
}

/// How to make the venv at `dir` anew; `then` is the step that makes it.
pub fn recreate_fix(dir: &Path, then: &str) -> String {
    let mut shown = dir.display().to_string();
    if shown.contains(' ') {
        shown = format!("'{shown}'");
    }
    environment::recreate(&Os::current().remove_folder_command(&shown), then)
}

/// A Python version as Python prints it, e.g. `3.11.7`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PythonVersion {
    pub major: u32,
    pub minor: u32,
    pub text: String,
}

impl PythonVersion {
    /// Reads `3.11.7`, `3.13.0rc1`, or uv's `3.11.7.final.0`; `None` for anything else.
    pub fn parse(text: &str) -> Option<PythonVersion> {
        let text = text.trim();
        let mut parts = text.split('.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next()?.parse().ok()?;
        Some(PythonVersion {
            major,
            minor,
            text: text.to_string(),
        })
    }

    pub fn is_supported(&self) -> bool {
        (self.major, self.minor) >= (3, MIN_MINOR)
    }
}

impl fmt::Display for PythonVersion {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.text)
    }
}

/// What a program said when asked, as a Python, for its version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// There is no such program.
    NotFound,
    /// It is there, but did not answer as a Python does.
    NotPython,
    Version(PythonVersion),
}

/// How long a Python may take to answer a one-line question (a cold start on a slow
/// laptop takes a second or two).
const PROBE_LIMIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Ask `command` for its Python version (Python 2 can run this line too).
fn ask_version(command: &OsStr) -> Answer {
    let script = "import sys; print(sys.version.split()[0])";
    match process::run(
        Command::new(command).args(["-c", script]),
        Some(PROBE_LIMIT),
    ) {
        Err(error) if process::not_found(&error) => Answer::NotFound,
        Err(_) => Answer::NotPython,
        Ok(finished) if !finished.success() => Answer::NotPython,
        Ok(finished) => {
            PythonVersion::parse(&finished.stdout).map_or(Answer::NotPython, Answer::Version)
        }
    }
}

/// Whether `command` can make a venv: Debian and Ubuntu ship `venv` and `ensurepip`
/// in a package of their own (python3-venv).
fn can_make_venvs(command: &str) -> bool {
    process::run(
        Command::new(command).args(["-c", "import venv, ensurepip"]),
        Some(PROBE_LIMIT),
    )
    .is_ok_and(|finished| finished.success())
}

pub struct Interpreter {
    pub command: String,
    pub version: PythonVersion,
}

/// Where the learner named the Python to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    Flag,
    Env,
}

/// Why no interpreter to make the venv with was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoInterpreter {
    /// `--python` or `$PYTHON` names a program that does not exist.
    Missing { command: String, named: Named },
    /// … names a program that does not run as a Python.
    NotPython { command: String, named: Named },
    /// … names a Python older than 3.10.
    TooOld {
        command: String,
        version: PythonVersion,
        named: Named,
    },
    /// A Python 3.10+ that cannot make venvs (its `venv` module is not installed).
    NoVenv {
        command: String,
        version: PythonVersion,
    },
    /// Nothing named, and no Python 3.10 or newer on PATH.
    NoneOnPath,
}

impl fmt::Display for NoInterpreter {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoInterpreter::Missing { command, named } => {
                formatter.write_str(&environment::names_nothing(&named_as(command, *named)))
            }
            NoInterpreter::NotPython { command, named } => {
                formatter.write_str(&environment::not_python(&named_as(command, *named)))
            }
            NoInterpreter::TooOld {
                command,
                version,
                named,
            } => formatter.write_str(&environment::too_old(
                &named_as(command, *named),
                &version.to_string(),
            )),
            NoInterpreter::NoVenv { command, version } => formatter.write_str(
                &environment::cannot_make_venvs(command, &version.to_string()),
            ),
            NoInterpreter::NoneOnPath => formatter.write_str(&environment::none_on_path()),
        }
    }
}

impl std::error::Error for NoInterpreter {}

/// `--python X` or `PYTHON=X`, as the learner wrote it.
fn named_as(command: &str, named: Named) -> String {
    environment::named_as(command, named == Named::Flag)
}

impl NoInterpreter {
    /// The command (or step) that mends it.
    pub fn fix(&self) -> String {
        match self {
            NoInterpreter::Missing { named, .. }
            | NoInterpreter::NotPython { named, .. }
            | NoInterpreter::TooOld { named, .. } => name_another(*named),
            NoInterpreter::NoVenv { .. } => environment::install_venv_module(),
            NoInterpreter::NoneOnPath => environment::install_python(),
        }
    }
}

/// How to name a better Python the way the learner named this one, or stop naming it.
fn name_another(named: Named) -> String {
    let unset = Os::current().unset_command("PYTHON");
    environment::name_another(named == Named::Flag, &unset)
}

/// The interpreter to build the venv with: `--python`, else `$PYTHON`, else the first
/// Python >= 3.10 on PATH that can make venvs.
pub fn find_interpreter(chosen: Option<&str>) -> Result<Interpreter, NoInterpreter> {
    let from_env = std::env::var("PYTHON")
        .ok()
        .filter(|value| !value.is_empty());
    let named = match (chosen, from_env) {
        (Some(command), _) => Some((command.to_string(), Named::Flag)),
        (None, Some(command)) => Some((command, Named::Env)),
        (None, None) => None,
    };
    choose_interpreter(
        named,
        |command| ask_version(OsStr::new(command)),
        can_make_venvs,
    )
}

/// The Python names tried, in order, when none is named.
const CANDIDATES: [&str; 7] = [
    "python3",
    "python",
    "python3.14",
    "python3.13",
    "python3.12",
    "python3.11",
    "python3.10",
];

/// [`find_interpreter`]'s decision, given how to ask a program for its version and
/// whether it can make venvs (tests pass stand-ins).
fn choose_interpreter(
    named: Option<(String, Named)>,
    ask: impl Fn(&str) -> Answer,
    makes_venvs: impl Fn(&str) -> bool,
) -> Result<Interpreter, NoInterpreter> {
    if let Some((command, named)) = named {
        return match ask(&command) {
            Answer::NotFound => Err(NoInterpreter::Missing { command, named }),
            Answer::NotPython => Err(NoInterpreter::NotPython { command, named }),
            Answer::Version(version) if !version.is_supported() => Err(NoInterpreter::TooOld {
                command,
                version,
                named,
            }),
            Answer::Version(version) if !makes_venvs(&command) => {
                Err(NoInterpreter::NoVenv { command, version })
            }
            Answer::Version(version) => Ok(Interpreter { command, version }),
        };
    }
    // A Python that cannot make venvs is passed over for a later one that can, but
    // named if no other is found: it is what the learner has to mend.
    let mut without_venv = None;
    for command in CANDIDATES {
        if let Answer::Version(version) = ask(command)
            && version.is_supported()
        {
            let command = command.to_string();
            if makes_venvs(&command) {
                return Ok(Interpreter { command, version });
            }
            without_venv.get_or_insert(NoInterpreter::NoVenv { command, version });
        }
    }
    Err(without_venv.unwrap_or(NoInterpreter::NoneOnPath))
}

pub fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(text: &str) -> PythonVersion {
        PythonVersion::parse(text).expect("a version")
    }

    fn config(text: &str) -> Option<VenvConfig> {
        Some(VenvConfig::parse(text))
    }

    #[test]
    fn versions_are_read_in_every_spelling_python_and_uv_write() {
        assert_eq!((version("3.11.7").major, version("3.11.7").minor), (3, 11));
        assert_eq!(version("3.12.3.final.0").minor, 12);
        assert_eq!(version(" 3.13.0rc1\n").text, "3.13.0rc1");
        assert_eq!(PythonVersion::parse("Python 3.11"), None);
        assert_eq!(PythonVersion::parse(""), None);
    }

    #[test]
    fn only_python_3_10_and_newer_is_supported() {
        assert!(!version("3.9.18").is_supported());
        assert!(version("3.10.0").is_supported());
        assert!(version("3.14.1").is_supported());
        assert!(!version("2.7.18").is_supported());
        assert!(version("4.0.0").is_supported());
    }

    #[test]
    fn pyvenv_cfg_gives_its_version_or_uvs_version_info() {
        let made_by_venv =
            "home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.9.18\n";
        assert_eq!(
            VenvConfig::parse(made_by_venv).version,
            Some(version("3.9.18"))
        );
        let made_by_uv = "home = /usr/bin\nimplementation = CPython\nversion_info = 3.12.3\n";
        assert_eq!(
            VenvConfig::parse(made_by_uv).version,
            Some(version("3.12.3"))
        );
        assert_eq!(VenvConfig::parse("home = /usr/bin\n").version, None);
    }

    #[test]
    fn no_folder_and_no_python_is_a_venv_still_to_make() {
        let facts = VenvFacts {
            interpreter: Link::Absent,
            config: None,
            answer: None,
        };
        assert_eq!(VenvState::judge(&facts), VenvState::Missing);
    }

    #[test]
    fn a_venv_made_by_python_3_9_must_be_made_anew() {
        let facts = VenvFacts {
            interpreter: Link::Present,
            config: config("version = 3.9.18"),
            answer: None,
        };
        let VenvState::Unusable(why) = VenvState::judge(&facts) else {
            panic!("a 3.9 venv was judged usable");
        };
        assert!(why.contains("3.9.18"), "{why}");
        assert!(why.contains("3.10 or newer"), "{why}");
    }

    #[test]
    fn a_venv_whose_python_changed_version_underneath_must_be_made_anew() {
        let facts = VenvFacts {
            interpreter: Link::Present,
            config: config("version = 3.10.12"),
            answer: Some(Answer::Version(version("3.12.3"))),
        };
        let VenvState::Unusable(why) = VenvState::judge(&facts) else {
            panic!("a venv whose Python changed was judged usable");
        };
        assert!(why.contains("3.10.12") && why.contains("3.12.3"), "{why}");
    }

    #[test]
    fn without_a_recorded_version_the_pythons_answer_decides() {
        let old = VenvFacts {
            interpreter: Link::Present,
            config: config("home = /usr/bin"),
            answer: Some(Answer::Version(version("3.9.2"))),
        };
        assert!(
            matches!(VenvState::judge(&old), VenvState::Unusable(why) if why.contains("3.9.2"))
        );
        let new = VenvFacts {
            answer: Some(Answer::Version(version("3.12.1"))),
            ..old
        };
        assert_eq!(
            VenvState::judge(&new),
            VenvState::Ready(Some(version("3.12.1")))
        );
        let same_minor = VenvFacts {
            config: config("version = 3.12.0"),
            ..new
        };
        assert_eq!(
            VenvState::judge(&same_minor),
            VenvState::Ready(Some(version("3.12.1")))
        );
    }

    #[test]
    fn a_dangling_python_link_names_the_python_that_is_gone() {
        let facts = VenvFacts {
            interpreter: Link::Dangling(PathBuf::from("/pyenv/versions/3.11.6/bin/python3")),
            config: config("version = 3.11.6"),
            answer: None,
        };
        let VenvState::Unusable(why) = VenvState::judge(&facts) else {
            panic!("a venv without its Python was judged usable");
        };
        assert!(why.contains("/pyenv/versions/3.11.6/bin/python3"), "{why}");
        assert!(why.contains("no longer exists"), "{why}");
    }

    #[test]
    fn a_python_that_does_not_start_or_is_missing_makes_the_venv_unusable() {
        let silent = VenvFacts {
            interpreter: Link::Present,
            config: config("version = 3.11.7"),
            answer: Some(Answer::NotPython),
        };
        assert!(
            matches!(VenvState::judge(&silent), VenvState::Unusable(why) if why.contains("does not start"))
        );
        let emptied = VenvFacts {
            interpreter: Link::Absent,
            config: config("version = 3.11.7"),
            answer: None,
        };
        assert!(matches!(VenvState::judge(&emptied), VenvState::Unusable(_)));
    }

    #[test]
    fn a_good_venv_is_ready_with_its_version() {
        let facts = VenvFacts {
            interpreter: Link::Present,
            config: config("version = 3.11.7"),
            answer: None,
        };
        assert_eq!(
            VenvState::judge(&facts),
            VenvState::Ready(Some(version("3.11.7")))
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_chain_of_links_is_followed_to_its_missing_end() {
        let folder = std::env::temp_dir().join(format!("workshop-links-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).unwrap();
        let python = folder.join("python");
        std::os::unix::fs::symlink("python3", &python).unwrap();
        std::os::unix::fs::symlink("/gone/bin/python3", folder.join("python3")).unwrap();
        assert_eq!(
            Link::of(&python),
            Link::Dangling(PathBuf::from("/gone/bin/python3"))
        );
        std::fs::remove_file(folder.join("python3")).unwrap();
        std::fs::write(folder.join("python3"), "").unwrap();
        assert_eq!(Link::of(&python), Link::Present);
        std::fs::remove_dir_all(&folder).unwrap();
        assert_eq!(Link::of(&python), Link::Absent);
    }

    #[test]
    fn a_venvs_python_and_tools_are_in_scripts_on_windows_and_in_bin_elsewhere() {
        let dir = PathBuf::from("w").join(".venv");
        let windows = Venv {
            dir: dir.clone(),
            os: Os::Windows,
        };
        assert_eq!(windows.python(), dir.join("Scripts").join("python.exe"));
        assert_eq!(windows.tool("uv"), dir.join("Scripts").join("uv.exe"));
        for os in [Os::Linux, Os::Macos] {
            let unix = Venv {
                dir: dir.clone(),
                os,
            };
            assert_eq!(unix.python(), dir.join("bin").join("python"));
            assert_eq!(unix.tool("maturin"), dir.join("bin").join("maturin"));
        }
    }

    #[test]
    fn on_windows_the_base_pythons_folder_goes_first_on_path_for_its_dll() {
        let home = Path::new(r"C:\Python311");
        let (variable, value) =
            library_search_path(Os::Windows, home, Some(OsStr::new(r"C:\Windows"))).unwrap();
        assert_eq!(variable, "PATH");
        assert_eq!(value, OsStr::new(r"C:\Python311;C:\Windows"));
        let (_, alone) = library_search_path(Os::Windows, home, None).unwrap();
        assert_eq!(alone, OsStr::new(r"C:\Python311"));
        assert_eq!(library_search_path(Os::Linux, home, None), None);
        assert_eq!(library_search_path(Os::Macos, home, None), None);
        let config = VenvConfig::parse("home = C:\\Python311\nversion = 3.11.9\n");
        assert_eq!(config.home, Some(PathBuf::from(r"C:\Python311")));
    }

    #[test]
    fn recreating_says_to_remove_the_folder_and_how_to_choose_a_python() {
        let fix = recreate_fix(Path::new("/home/me/workshop/.venv"), "`cargo workshop`");
        assert!(fix.contains("/home/me/workshop/.venv"), "{fix}");
        assert!(fix.contains("`cargo workshop`"), "{fix}");
        assert!(fix.contains("--python"), "{fix}");
        assert!(recreate_fix(Path::new("/my files/.venv"), "x").contains("'/my files/.venv'"));
    }

    /// A stand-in for running programs: `python3.9` is old, `python3` lacks venv,
    /// `python3.12` is good, `notpython` runs but is no Python, the rest do not exist.
    fn ask(command: &str) -> Answer {
        match command {
            "python3.9" => Answer::Version(version("3.9.18")),
            "python3" | "python3.12" => Answer::Version(version("3.12.1")),
            "notpython" => Answer::NotPython,
            _ => Answer::NotFound,
        }
    }

    fn makes_venvs(command: &str) -> bool {
        command != "python3"
    }

    fn named(command: &str, named: Named) -> Option<(String, Named)> {
        Some((command.to_string(), named))
    }

    #[test]
    fn a_named_python_that_does_not_exist_is_reported_as_named() {
        let problem = choose_interpreter(named("/nonexistent", Named::Env), ask, makes_venvs)
            .err()
            .expect("a missing program was accepted");
        assert_eq!(
            problem,
            NoInterpreter::Missing {
                command: "/nonexistent".into(),
                named: Named::Env
            }
        );
        assert!(problem.to_string().contains("`PYTHON=/nonexistent`"));
        assert!(problem.fix().contains("PYTHON"));
        assert!(!problem.fix().contains("python.org"), "{}", problem.fix());
        let by_flag = choose_interpreter(named("/nonexistent", Named::Flag), ask, makes_venvs)
            .err()
            .expect("a missing program was accepted");
        assert!(by_flag.to_string().contains("`--python /nonexistent`"));
        assert!(by_flag.fix().contains("--python"));
    }

    #[test]
    fn a_named_program_that_is_no_python_or_too_old_is_refused() {
        assert!(matches!(
            choose_interpreter(named("notpython", Named::Flag), ask, makes_venvs),
            Err(NoInterpreter::NotPython { .. })
        ));
        assert!(matches!(
            choose_interpreter(named("python3.9", Named::Env), ask, makes_venvs),
            Err(NoInterpreter::TooOld { .. })
        ));
    }

    #[test]
    fn a_named_python_without_venv_says_how_to_install_it() {
        let problem = choose_interpreter(named("python3", Named::Flag), ask, makes_venvs)
            .err()
            .expect("a Python without venv was accepted");
        assert!(matches!(problem, NoInterpreter::NoVenv { .. }));
        assert!(problem.fix().contains("sudo apt install python3-venv"));
    }

    #[test]
    fn on_path_a_python_that_makes_venvs_is_preferred() {
        let found = choose_interpreter(None, ask, makes_venvs).expect("python3.12 is there");
        assert_eq!(found.command, "python3.12");
    }

    #[test]
    fn on_path_a_python_without_venv_is_named_if_it_is_the_only_one() {
        let only_python3 = |command: &str| match command {
            "python3" => Answer::Version(version("3.11.2")),
            _ => Answer::NotFound,
        };
        assert_eq!(
            choose_interpreter(None, only_python3, makes_venvs).err(),
            Some(NoInterpreter::NoVenv {
                command: "python3".into(),
                version: version("3.11.2")
            })
        );
        let only_old = |command: &str| match command {
            "python3" => Answer::Version(version("3.9.18")),
            _ => Answer::NotFound,
        };
        assert_eq!(
            choose_interpreter(None, only_old, makes_venvs).err(),
            Some(NoInterpreter::NoneOnPath)
        );
    }
}
