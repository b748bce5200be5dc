//! Building an exercise: the extension into a venv, or the program; and the Rust test
//! binaries. Everything is built in the runner's own target folders, so a learner's own
//! `cargo build` or `maturin develop` never forces a rebuild of pyo3 here, nor the reverse.
//!
//! The route for an extension is the one that makes edit→verdict fast without
//! cutting corners:
//! 1. The first time (and whenever Cargo.toml, pyproject.toml or a `.pyi` changes)
//!    `maturin develop` installs the module into the venv: its dist-info, its package
//!    folder and its type stubs, exactly as a learner's own `maturin develop` would.
//! 2. After an edit to the Rust code only, `cargo rustc --crate-type cdylib` rebuilds
//!    the library with the same pyo3 configuration maturin used, and the new library
//!    replaces the installed one, atomically. That is the same file maturin would have
//!    written, minus maturin's start-up and packaging (about 1.1 s of its 1.5 s).

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::files;
use crate::grade::cargo_messages::{Built, CargoRun, CompileError, Compiled};
use crate::kit::Kit;
use crate::process::{self, last_lines};
use crate::python_env::Venv;
use crate::sentences::setting_up;
use crate::term;

/// The runner's builds carry no debug info: nobody attaches a debugger to them, and
/// compiling and linking an edit without it is about a sixth faster (edit→verdict of
/// exercise 01 on a 2-core machine: 0.68 s against 0.56 s, medians of 9). Panic
/// messages keep their file and line, which come from the code, not from debug info.
const NO_DEBUG_INFO: (&str, &str) = ("CARGO_PROFILE_DEV_DEBUG", "0");

/// Where and into what an exercise crate is built.
pub struct BuildPlan<'a> {
    pub crate_dir: PathBuf,
    pub venv: &'a Venv,
    /// Target folder for the extension or program.
    pub target_dir: PathBuf,
    /// Target folder for the Rust test binaries (kept apart: other pyo3 settings).
    pub test_target_dir: PathBuf,
    /// The offline kit this clone was set up from: cargo and maturin build from it.
    pub kit: Option<Kit>,
}

/// The package name in a crate's Cargo.toml.
pub fn package_name(crate_dir: &Path) -> Result<String> {
    #[derive(Deserialize)]
    struct CargoToml {
        package: Package,
    }
    #[derive(Deserialize)]
    struct Package {
        name: String,
    }
    let path = crate_dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let cargo: CargoToml =
        toml::from_str(&text).with_context(|| format!("{} is not valid", path.display()))?;
    Ok(cargo.package.name)
}

/// The binaries a crate builds: its `[[bin]]` targets, `src/main.rs` (named for the
/// package) and each `src/bin/NAME.rs` or `src/bin/NAME/main.rs`, as cargo finds them.
pub fn binaries_of(crate_dir: &Path) -> Result<Vec<String>> {
    #[derive(Deserialize)]
    struct CargoToml {
        package: Package,
        #[serde(default)]
        bin: Vec<Bin>,
    }
    #[derive(Deserialize)]
    struct Package {
        name: String,
        #[serde(default)]
        autobins: Option<bool>,
    }
    #[derive(Deserialize)]
    struct Bin {
        name: String,
        #[serde(default)]
        path: Option<PathBuf>,
    }
    let path = crate_dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let cargo: CargoToml =
        toml::from_str(&text).with_context(|| format!("{} is not valid", path.display()))?;
    let main_is_named = cargo
        .bin
        .iter()
        .any(|bin| bin.path.as_deref() == Some(Path::new("src/main.rs")));
    let mut binaries: Vec<String> = cargo.bin.into_iter().map(|bin| bin.name).collect();
    if cargo.package.autobins != Some(false) {
        let src = crate_dir.join("src");
        if src.join("main.rs").is_file() && !main_is_named {
            binaries.push(cargo.package.name);
        }
        for entry in std::fs::read_dir(src.join("bin"))
            .into_iter()
            .flatten()
            .flatten()
        {
            let path = entry.path();
            let name = if path.extension().is_some_and(|ext| ext == "rs") {
                path.file_stem()
            } else if path.join("main.rs").is_file() {
                path.file_name()
            } else {
                None
            };
            binaries.extend(name.map(|name| name.to_string_lossy().into_owned()));
        }
    }
    binaries.sort();
    binaries.dedup();
    Ok(binaries)
}

/// The executables of one test build: the test binaries (with the build's warnings),
/// and the programs asked for, in their order.
pub struct TestBuild {
    pub tests: Compiled<Vec<PathBuf>>,
    pub programs: Vec<PathBuf>,
}

/// What the runner remembers about an installed extension, kept inside the venv.
#[derive(Serialize, Deserialize, PartialEq)]
struct InstallRecord {
    /// Hash of the files that decide how maturin packages the crate.
    fingerprint: String,
    /// The installed shared library that fast rebuilds replace.
    extension: PathBuf,
    /// The pyo3 configuration maturin generated, reused so that pyo3 is not rebuilt.
    /// maturin writes none for a crate built for one Python version (no abi3): such a
    /// crate goes through `maturin develop` on every build, the slower route.
    pyo3_config: Option<PathBuf>,
}

impl BuildPlan<'_> {
    fn cargo(&self, args: &[&str], target_dir: &Path) -> Command {
        let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        let format = if term::colour_enabled() {
            "json-diagnostic-rendered-ansi"
        } else {
            "json"
        };
        command
            .args(args)
            .arg("--manifest-path")
            .arg(self.crate_dir.join("Cargo.toml"))
            .arg("--target-dir")
            .arg(target_dir)
            .arg(format!("--message-format={format}"))
            .env("PYO3_PYTHON", self.venv.python())
            .env("VIRTUAL_ENV", &self.venv.dir)
            .env(NO_DEBUG_INFO.0, NO_DEBUG_INFO.1);
        if let Some(kit) = &self.kit {
            kit.apply(&mut command);
        }
        command
    }

    /// Build the extension and make sure the venv imports the new build.
    pub fn build_extension(&self, module: &str) -> Result<Built> {
        // Held until the module is in place: a `watch` and a `check` in two terminals
        // must not both run maturin into one target folder and one venv.
        let _one_at_a_time = lock_builds(&self.target_dir)?;
        let package = package_name(&self.crate_dir)?;
        let record_path = self
            .venv
            .dir
            .join("workshop-installed")
            .join(format!("{package}.toml"));
        let record: Option<InstallRecord> = std::fs::read_to_string(&record_path)
            .ok()
            .and_then(|text| toml::from_str(&text).ok());
        let fingerprint = packaging_fingerprint(&self.crate_dir)?;

        // Compile first whenever we know maturin's pyo3 configuration: compiler errors
        // and warnings then come back as structured messages, and maturin (if needed)
        // finds the build fresh.
        let mut warnings = Vec::new();
        if let Some(record) = &record
            && let Some(pyo3_config) = &record.pyo3_config
        {
            let library = match self.cargo_rustc_cdylib(Some(pyo3_config))? {
                Ok(library) => library,
                Err(compile_error) => return Ok(Err(compile_error)),
            };
            if record.fingerprint == fingerprint && record.extension.is_file() {
                files::copy_atomically(&library.output, &record.extension)?;
                return Ok(Ok(Compiled {
                    output: record.extension.clone(),
                    warnings: library.warnings,
                }));
            }
            warnings = library.warnings;
        }

        if record.is_none() {
            term::step(&setting_up::installing_module(module));
        }
        let ticker = term::Ticker::start("maturin develop");
        let mut maturin = Command::new(self.venv.tool("maturin"));
        maturin
            .args(["develop", "--manifest-path"])
            .arg(self.crate_dir.join("Cargo.toml"))
            .arg("--target-dir")
            .arg(&self.target_dir)
            .env("VIRTUAL_ENV", &self.venv.dir)
            .env("PYO3_PYTHON", self.venv.python())
            // The same profile as the cargo builds above, or each would rebuild pyo3.
            .env(NO_DEBUG_INFO.0, NO_DEBUG_INFO.1);
        if let Some(kit) = &self.kit {
            kit.apply(&mut maturin);
        }
        let finished = process::run(&mut maturin, None)?;
        drop(ticker);
        let pyo3_config = newest_pyo3_config(&self.target_dir.join("maturin"));
        if !finished.success() {
            // Most likely a compiler error: build once more with cargo to report it plainly.
            if let Err(compile_error) = self.cargo_rustc_cdylib(pyo3_config.as_deref())? {
                return Ok(Err(compile_error));
            }
            bail!(setting_up::maturin_failed(&last_lines(
                &finished.stderr,
                15
            )));
        }
        let extension = self.installed_extension(module)?;
        let record = InstallRecord {
            fingerprint,
            extension: extension.clone(),
            pyo3_config,
        };
        files::write_atomically(&record_path, toml::to_string(&record)?.as_bytes())?;
        // maturin's own output is not read for warnings: on its first build they come
        // from the Rust tests' build, which compiles the same code.
        Ok(Ok(Compiled {
            output: extension,
            warnings,
        }))
    }

    /// `pyo3_config` is maturin's, when it wrote one; without it pyo3 asks `PYO3_PYTHON`.
    fn cargo_rustc_cdylib(&self, pyo3_config: Option<&Path>) -> Result<Built> {
        let mut command = self.cargo(
            &["rustc", "--lib", "--crate-type", "cdylib"],
            &self.target_dir,
        );
        command.env("PYO3_BUILD_EXTENSION_MODULE", "1");
        if let Some(pyo3_config) = pyo3_config {
            command.env("PYO3_CONFIG_FILE", pyo3_config);
        }
        let messages = run_cargo(&mut command)?;
        messages.into_result(&self.crate_dir, |artifact| {
            artifact.target.kind.iter().any(|kind| kind == "cdylib")
        })
    }

    /// Compile the crate's Rust tests and, in the same cargo run, the programs named in
    /// `programs` (a program exercise's: cargo builds them anyway, for the tests that
    /// start them, so one run compiles the learner's code once).
    pub fn build_rust_tests(&self, programs: &[&str]) -> Result<Result<TestBuild, CompileError>> {
        // `--test '*'`: the suite is the crate's tests/ folder. Without it cargo also
        // links a unit-test binary for src/, which has no tests: a wasted link of
        // pyo3 and libpython on every save.
        let mut command = self.cargo(&["test", "--no-run", "--test", "*"], &self.test_target_dir);
        // After an edit, a build's last steps are the crate's own targets: each test and
        // each program, compiled and linked side by side, partly waiting on the disk. One
        // job more than there are cores lets the third start at once instead of waiting
        // (this step of the DSPy exercise on 2 cores: 1.1 s with 2 jobs, 0.97 s with 3).
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        command.arg("--jobs").arg((cores + 1).to_string());
        let messages = run_cargo(&mut command)?;
        if let Some(error) = messages.compile_error() {
            return Ok(Err(error));
        }
        if !messages.finished_ok {
            bail!(setting_up::test_build_failed(&last_lines(
                &messages.stderr,
                15
            )));
        }
        let programs = messages.executables_of(&self.crate_dir, programs)?;
        let warnings = messages.warnings_about(&self.crate_dir);
        let tests = messages
            .artifacts
            .into_iter()
            .filter(|artifact| artifact.profile.test && artifact.is_from(&self.crate_dir))
            .filter_map(|artifact| artifact.executable)
            .collect();
        Ok(Ok(TestBuild {
            tests: Compiled {
                output: tests,
                warnings,
            },
            programs,
        }))
    }

    /// Where [`Self::build_rust_tests`] will put `program`: known before cargo starts,
    /// so that pytest can start while cargo compiles. (Cargo's layout; the build's own
    /// report is compared with it afterwards.)
    pub fn program_path(&self, program: &str) -> PathBuf {
        self.test_target_dir
            .join("debug")
            .join(format!("{program}{}", std::env::consts::EXE_SUFFIX))
    }

    /// Ask the venv's Python where maturin installed the module's shared library.
    fn installed_extension(&self, module: &str) -> Result<PathBuf> {
        let script = format!(
            "import importlib.util as u, pathlib as p\n\
             spec = u.find_spec({module:?})\n\
             places = spec.submodule_search_locations or [str(p.Path(spec.origin).parent)]\n\
             found = [f for d in places for f in p.Path(d).iterdir() if f.suffix in ('.so', '.pyd') and f.name.startswith({module:?})]\n\
             print(found[0] if len(found) == 1 else '')"
        );
        let finished = process::run(
            Command::new(self.venv.python()).args(["-c", &script]),
            Some(Duration::from_secs(60)),
        )?;
        let path = finished.stdout.trim();
        if !finished.success() || path.is_empty() {
            bail!(setting_up::library_not_found(
                module,
                &self.venv.dir.display().to_string(),
                &last_lines(&finished.stderr, 5)
            ));
        }
        Ok(PathBuf::from(path))
    }
}

/// Lock the target folder for one runner's build and install. Another runner that holds
/// it is waited for (a first build takes a minute); a file system that cannot lock
/// gets no lock rather than no build.
fn lock_builds(target_dir: &Path) -> Result<Option<File>> {
    std::fs::create_dir_all(target_dir)
        .with_context(|| format!("cannot create {}", target_dir.display()))?;
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(target_dir.join("workshop-build.lock"))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(TryLockError::WouldBlock) => {
            term::step(&setting_up::waiting_for_another_build());
            file.lock()?;
            Ok(Some(file))
        }
        Err(TryLockError::Error(_)) => Ok(None),
    }
}

/// A hash of what decides how maturin packages a crate: when it changes, reinstall.
fn packaging_fingerprint(crate_dir: &Path) -> Result<String> {
    let mut hash = Fnv1a::default();
    hash.write(crate_dir.to_string_lossy().as_bytes());
    let mut inputs = vec![
        crate_dir.join("Cargo.toml"),
        crate_dir.join("pyproject.toml"),
    ];
    for entry in std::fs::read_dir(crate_dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|extension| extension == "pyi") {
            inputs.push(path);
        }
    }
    inputs.sort();
    for input in inputs {
        hash.write(input.to_string_lossy().as_bytes());
        hash.write(&std::fs::read(&input).unwrap_or_default());
    }
    Ok(format!("{:016x}", hash.0))
}

/// FNV-1a: a small hash that stays the same across Rust versions.
struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

fn newest_pyo3_config(folder: &Path) -> Option<PathBuf> {
    let entries = std::fs::read_dir(folder).ok()?;
    entries
        .filter_map(Result::ok)
        .filter(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .starts_with("pyo3-config-")
        })
        .max_by_key(|entry| entry.metadata().and_then(|meta| meta.modified()).ok())
        .map(|entry| entry.path())
}

/// Run cargo with JSON messages and read what it said.
fn run_cargo(command: &mut Command) -> Result<CargoRun> {
    let finished = process::run(command, None)?;
    let exited_ok = finished.success();
    Ok(CargoRun::parse(
        &finished.stdout,
        finished.stderr,
        exited_ok,
    ))
}

#[cfg(test)]
mod tests {
    use super::binaries_of;

    #[test]
    fn binaries_are_the_bin_targets_main_and_src_bin() {
        let dir = std::env::temp_dir().join(format!("workshop-binaries-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("src/bin/tool")).unwrap();
        std::fs::write(
            dir.join("Cargo.toml"),
            "[package]\nname = \"pkg\"\n\n[[bin]]\nname = \"named\"\npath = \"src/named.rs\"\n",
        )
        .unwrap();
        for file in ["src/main.rs", "src/bin/serve.rs", "src/bin/tool/main.rs"] {
            std::fs::write(dir.join(file), "fn main() {}\n").unwrap();
        }
        let binaries = binaries_of(&dir).unwrap();
        assert_eq!(binaries, ["named", "pkg", "serve", "tool"]);

        // A `[[bin]]` at src/main.rs is that binary, not one named for the package.
        std::fs::write(
            dir.join("Cargo.toml"),
            "[package]\nname = \"pkg\"\n\n[[bin]]\nname = \"ask\"\npath = \"src/main.rs\"\n",
        )
        .unwrap();
        let binaries = binaries_of(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(binaries, ["ask", "serve", "tool"]);
    }
}
