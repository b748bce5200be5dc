//! `workshop.toml`: the list of exercises and everything the runner knows about each.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    #[serde(rename = "exercise")]
    pub exercises: Vec<Exercise>,
    /// The live demo: graded like an exercise by `verify`, but with no starter.
    #[serde(default)]
    pub demo: Option<Demo>,
    /// The book's tools.
    #[serde(default)]
    pub book: Option<Book>,
    /// What the repository's root may hold.
    #[serde(default)]
    pub repository: Option<Repository>,
}

/// `[repository]`: every entry allowed at the root; `verify` fails on any other (a
/// leftover of a manual run, committed by accident).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Repository {
    pub root: Vec<String>,
}

/// `[demo]`: the presenter's crate, its module, and the script that shows it off.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Demo {
    /// The crate's folder, relative to the repository root.
    pub folder: String,
    pub module: String,
    /// The demo script and its arguments, run with the venv's Python by `verify`.
    pub script: Vec<String>,
}

/// `[book]`: the mdBook version the book is written for.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Book {
    pub mdbook: String,
}

/// `bench = { … }` of an exercise: the harness that times it, and the crate of the
/// reference module the harness compares with.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bench {
    pub script: String,
    pub reference: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A PyO3 module: built into the venv, graded by `cargo test` and pytest.
    Extension,
    /// A Rust program: built with cargo, graded by `cargo test` and a pytest suite that runs it.
    Program,
    /// A plain Rust crate (no Python at all): graded by `cargo test` alone.
    Rust,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    pub name: String,
    /// Names this exercise had before the course was renumbered: progress saved under
    /// one of them is carried over to `name`.
    #[serde(default)]
    pub formerly: Vec<String>,
    pub title: String,
    pub chapter: String,
    pub level: String,
    pub kind: Kind,
    /// The Python module (extension), the binary (program) or the library (rust).
    pub module: String,
    /// program: every binary of the crate its suites run, `module` first; left out, the
    /// one binary `module`. See [`Exercise::programs`].
    #[serde(default)]
    pub programs: Vec<String>,
    #[serde(default)]
    pub groups: Vec<String>,
    /// Seconds a suite of this exercise may run (default 60); a program that embeds
    /// Python and starts it once per test needs more.
    #[serde(default)]
    pub timeout: Option<u64>,
    /// How many tests of a Rust test binary run at once (default 1, which lets the
    /// runner name a test that hangs): more for a suite whose tests mostly wait.
    #[serde(default)]
    pub test_threads: Option<std::num::NonZeroUsize>,
    #[serde(default)]
    pub free: Vec<String>,
    #[serde(default)]
    pub stretch: Vec<String>,
    pub hints: Vec<String>,
    /// Files besides `src/` that the learner changes (paths in the exercise's folder,
    /// such as `pyproject.toml`): `verify` lets them differ from the solution's, and
    /// `solve` copies them too.
    #[serde(default)]
    pub edits: Vec<String>,
    /// How `cargo workshop bench` times it, for exercises that have a benchmark.
    #[serde(default)]
    pub bench: Option<Bench>,
    /// `[[exercise.stage]]`: the steps of a long exercise, in course order. Every test
    /// belongs to exactly one (`verify` makes sure); none means one step, as before.
    #[serde(default, rename = "stage")]
    pub stages: Vec<Stage>,
}

/// One step of a long exercise: its tests are shown together, under its name, and the
/// first unfinished one is where the learner works next.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// A short name shown to the learner (`config`).
    pub name: String,
    /// The one file this stage is written in (`src/config.rs`), shown as where to work.
    #[serde(default)]
    pub file: Option<String>,
    /// Test-name patterns it owns, as in `free` and `stretch`.
    pub tests: Vec<String>,
}

impl Stage {
    pub fn owns(&self, test_name: &str) -> bool {
        self.tests
            .iter()
            .any(|pattern| glob_matches(pattern, test_name))
    }
}

/// What a test counts for, as the manifest says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Decides pass or fail; must fail on the untouched starter.
    Core,
    /// Core, but passes on the starter by design (PyO3 does the work).
    Free,
    /// The bonus level: a second star.
    Stretch,
}

impl Manifest {
    pub fn load(root: &Path) -> Result<Self> {
        let path = root.join("workshop.toml");
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let manifest: Manifest =
            toml::from_str(&text).with_context(|| format!("{} is not valid", path.display()))?;
        if manifest.exercises.is_empty() {
            bail!("{} lists no exercises", path.display());
        }
        for exercise in &manifest.exercises {
            exercise
                .check_programs()
                .with_context(|| format!("{} is not valid", path.display()))?;
        }
        Ok(manifest)
    }

    /// Find an exercise by `05_factorial`, `05`, `5` or `factorial`.
    pub fn find(&self, query: &str) -> Result<&Exercise> {
        let query = query.trim().trim_end_matches('/');
        let query = query.rsplit('/').next().unwrap_or(query);
        let found = self.exercises.iter().find(|ex| {
            let (number, topic) = ex.name.split_once('_').unwrap_or((&ex.name, ""));
            ex.name == query
                || ex.formerly.iter().any(|old| old == query)
                || number == query
                || number.trim_start_matches('0') == query
                || topic == query
        });
        found.with_context(|| {
            let names: Vec<&str> = self.exercises.iter().map(|ex| ex.name.as_str()).collect();
            format!(
                "no exercise called `{query}`; there are: {}",
                names.join(", ")
            )
        })
    }

    /// The exercise after `exercise` in the course, if any.
    pub fn next_after(&self, exercise: &Exercise) -> Option<&Exercise> {
        self.exercises.get(self.position(exercise) + 1)
    }

    pub fn position(&self, exercise: &Exercise) -> usize {
        self.exercises
            .iter()
            .position(|ex| ex.name == exercise.name)
            .unwrap_or(0)
    }
}

impl Demo {
    pub fn crate_dir(&self, root: &Path) -> PathBuf {
        root.join(&self.folder)
    }

    /// The demo as the grader sees it: an extension whose every test is core.
    pub fn as_exercise(&self) -> Exercise {
        Exercise {
            name: "demo".into(),
            formerly: Vec::new(),
            title: "The live demo".into(),
            chapter: String::new(),
            level: String::new(),
            kind: Kind::Extension,
            module: self.module.clone(),
            programs: Vec::new(),
            groups: Vec::new(),
            timeout: None,
            test_threads: None,
            free: Vec::new(),
            stretch: Vec::new(),
            hints: Vec::new(),
            edits: Vec::new(),
            bench: None,
            stages: Vec::new(),
        }
    }
}

impl Exercise {
    pub fn starter_dir(&self, root: &Path) -> PathBuf {
        root.join("exercises").join(&self.name)
    }

    pub fn solution_dir(&self, root: &Path) -> PathBuf {
        root.join("solutions").join(&self.name)
    }

    /// Both suites live with the starter and grade the starter and the solution alike.
    pub fn tests_dir(&self, root: &Path) -> PathBuf {
        self.starter_dir(root).join("tests")
    }

    pub fn role_of(&self, test_name: &str) -> Role {
        if self
            .stretch
            .iter()
            .any(|pattern| glob_matches(pattern, test_name))
        {
            Role::Stretch
        } else if self
            .free
            .iter()
            .any(|pattern| glob_matches(pattern, test_name))
        {
            Role::Free
        } else {
            Role::Core
        }
    }
}

impl Exercise {
    /// The binaries a program exercise's suites run, the first one `module`:
    /// `programs` when the manifest lists them, else `module` alone.
    pub fn programs(&self) -> Vec<&str> {
        if self.programs.is_empty() {
            vec![self.module.as_str()]
        } else {
            self.programs.iter().map(String::as_str).collect()
        }
    }

    /// `programs` belongs to program exercises, starts with `module`, names each once.
    fn check_programs(&self) -> Result<()> {
        let name = &self.name;
        if self.programs.is_empty() {
            return Ok(());
        }
        if self.kind != Kind::Program {
            bail!("{name}: `programs` is for kind = \"program\" only");
        }
        if self.programs[0] != self.module {
            bail!(
                "{name}: `programs` must start with the exercise's `module` ({:?}), the \
                 program WORKSHOP_PROGRAM names",
                self.module
            );
        }
        for (at, program) in self.programs.iter().enumerate() {
            if self.programs[..at].contains(program) {
                bail!("{name}: `programs` names {program:?} twice");
            }
        }
        Ok(())
    }
}

/// The environment variable that holds the path of `program` for the suites:
/// `dspy-serve` → `WORKSHOP_PROGRAM_DSPY_SERVE`. (The first program is also in
/// `WORKSHOP_PROGRAM`.)
pub fn program_variable(program: &str) -> String {
    let name: String = program
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("WORKSHOP_PROGRAM_{name}")
}

impl Exercise {
    /// The stage that owns `test_name`: the first, should two claim it (`verify` fails
    /// then); `None` when no stage does, or the exercise has none.
    pub fn stage_of(&self, test_name: &str) -> Option<usize> {
        self.stages.iter().position(|stage| stage.owns(test_name))
    }

    /// A stretch stage: every one of its `tests` (given, or as graded) is a stretch test.
    pub fn is_stretch_stage<'t>(&self, tests: impl IntoIterator<Item = &'t str>) -> bool {
        let mut tests = tests.into_iter().peekable();
        tests.peek().is_some() && tests.all(|name| self.role_of(name) == Role::Stretch)
    }
}

/// Match `text` against `pattern`, where `*` stands for any run of characters.
pub fn glob_matches(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty(); // no `*` at all: an exact match
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::{Kind, Manifest, glob_matches, program_variable};

    fn program_exercise(extra: &str) -> String {
        format!(
            "[[exercise]]\nname = \"11_dspy\"\ntitle = \"t\"\nchapter = \"c\"\n\
             level = \"advanced\"\nkind = \"program\"\nmodule = \"dspy-ask\"\n\
             hints = []\n{extra}"
        )
    }

    fn parse(text: &str) -> anyhow::Result<Manifest> {
        let dir = std::env::temp_dir().join(format!(
            "workshop-manifest-{}-{}",
            std::process::id(),
            text.len()
        ));
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("workshop.toml"), text)?;
        let parsed = Manifest::load(&dir);
        std::fs::remove_dir_all(&dir)?;
        parsed
    }

    #[test]
    fn one_program_is_the_module() {
        let manifest = parse(&program_exercise("")).unwrap();
        assert_eq!(manifest.exercises[0].programs(), ["dspy-ask"]);
    }

    #[test]
    fn test_threads_is_one_unless_said_and_never_zero() {
        let default = parse(&program_exercise("")).unwrap();
        assert_eq!(default.exercises[0].test_threads, None);
        let four = parse(&program_exercise("test_threads = 4\n")).unwrap();
        assert_eq!(four.exercises[0].test_threads.map(|n| n.get()), Some(4));
        let err = parse(&program_exercise("test_threads = 0\n")).expect_err("zero threads");
        assert!(format!("{err:#}").contains("test_threads"), "{err:#}");
    }

    #[test]
    fn programs_lists_every_binary_module_first() {
        let manifest = parse(&program_exercise(
            "programs = [\"dspy-ask\", \"dspy-serve\"]\n",
        ))
        .unwrap();
        assert_eq!(manifest.exercises[0].programs(), ["dspy-ask", "dspy-serve"]);
    }

    #[test]
    fn programs_that_do_not_start_with_the_module_are_refused() {
        for programs in [
            "[\"dspy-serve\"]",
            "[\"dspy-serve\", \"dspy-ask\"]",
            "[\"dspy-ask\", \"dspy-ask\"]",
        ] {
            let err =
                parse(&program_exercise(&format!("programs = {programs}\n"))).expect_err(programs);
            assert!(format!("{err:#}").contains("programs"), "{err:#}");
        }
    }

    #[test]
    fn programs_belong_to_program_exercises() {
        let text = program_exercise("programs = [\"dspy-ask\"]\n")
            .replace("kind = \"program\"", "kind = \"rust\"");
        let err = parse(&text).expect_err("a rust exercise with programs");
        assert!(format!("{err:#}").contains("kind"), "{err:#}");
    }

    #[test]
    fn program_variables_are_upper_case_with_underscores() {
        assert_eq!(
            program_variable("dspy-serve"),
            "WORKSHOP_PROGRAM_DSPY_SERVE"
        );
        assert_eq!(
            program_variable("queue_worker"),
            "WORKSHOP_PROGRAM_QUEUE_WORKER"
        );
        assert_eq!(
            program_variable("text-stats"),
            "WORKSHOP_PROGRAM_TEXT_STATS"
        );
    }

    #[test]
    fn kinds_are_spelt_in_lowercase() {
        #[derive(serde::Deserialize)]
        struct One {
            kind: Kind,
        }
        for (text, kind) in [
            ("extension", Kind::Extension),
            ("program", Kind::Program),
            ("rust", Kind::Rust),
        ] {
            let parsed: One = toml::from_str(&format!("kind = {text:?}")).unwrap();
            assert_eq!(parsed.kind, kind, "kind = {text:?}");
        }
        assert!(toml::from_str::<One>("kind = \"Rust\"").is_err());
    }

    #[test]
    fn globs() {
        assert!(glob_matches("test_a", "test_a"));
        assert!(!glob_matches("test_a", "test_ab"));
        assert!(glob_matches("test_*", "test_ab"));
        assert!(glob_matches("*_overflow", "count_overflow"));
        assert!(glob_matches("a*b*c", "a_x_b_y_c"));
        assert!(!glob_matches("a*b*c", "a_x_c"));
        assert!(glob_matches("*", ""));
    }
}
