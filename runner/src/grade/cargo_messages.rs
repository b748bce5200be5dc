//! Reading cargo's `--message-format=json` output: the compiler's errors and
//! warnings, the artifacts it built, and whether the build finished.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::process::last_lines;

/// The first compiler error, rendered as rustc renders it, and how many there were.
#[derive(Debug, Clone)]
pub struct CompileError {
    pub first: String,
    pub count: usize,
}

/// What a build that compiled made, and the compiler's warnings about the crate's own
/// code (rendered, in rustc's order).
#[derive(Debug)]
pub struct Compiled<T> {
    pub output: T,
    pub warnings: Vec<String>,
}

/// The artifact (the installed extension or the program's executable), or why not.
pub type Built = Result<Compiled<PathBuf>, CompileError>;

#[derive(Deserialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
enum CargoMessage {
    CompilerMessage {
        /// The Cargo.toml of the crate being compiled. (Defaulted: a message that
        /// lacked it must still count as an error.)
        #[serde(default)]
        manifest_path: PathBuf,
        message: Diagnostic,
    },
    CompilerArtifact(Artifact),
    BuildFinished {
        success: bool,
    },
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct Diagnostic {
    level: String,
    rendered: Option<String>,
    #[serde(default)]
    spans: Vec<Span>,
}

#[derive(Deserialize)]
struct Span {
    file_name: PathBuf,
    is_primary: bool,
}

/// One compiler warning, and where it points.
pub struct Warning {
    pub rendered: String,
    /// The Cargo.toml of the crate that was being compiled.
    manifest_path: PathBuf,
    /// The file of the primary span: relative to the workspace for the crate's own
    /// files, absolute for files elsewhere (pyo3's sources, where a macro's code lives).
    file: Option<PathBuf>,
}

impl Warning {
    /// Whether the warning is about the code of the crate in `crate_dir`: a warning
    /// while compiling that crate, whose primary span is in one of its files.
    fn is_about(&self, crate_dir: &Path) -> bool {
        let Some(file) = &self.file else { return false };
        let in_crate = file.is_relative() || file.starts_with(canonical(crate_dir));
        in_crate && is_manifest_of(&self.manifest_path, crate_dir)
    }
}

#[derive(Deserialize)]
pub struct Artifact {
    pub manifest_path: PathBuf,
    pub target: ArtifactTarget,
    pub profile: ArtifactProfile,
    pub filenames: Vec<PathBuf>,
    pub executable: Option<PathBuf>,
}

impl Artifact {
    /// Whether the artifact belongs to the crate in `crate_dir` (not to a dependency).
    pub fn is_from(&self, crate_dir: &Path) -> bool {
        is_manifest_of(&self.manifest_path, crate_dir)
    }
}

/// Whether `manifest_path` (cargo's, absolute) is the Cargo.toml of `crate_dir`.
fn is_manifest_of(manifest_path: &Path, crate_dir: &Path) -> bool {
    manifest_path
        .parent()
        .is_some_and(|dir| dir == canonical(crate_dir))
}

fn canonical(dir: &Path) -> PathBuf {
    dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())
}

#[derive(Deserialize)]
pub struct ArtifactTarget {
    pub name: String,
    pub kind: Vec<String>,
}

#[derive(Deserialize)]
pub struct ArtifactProfile {
    pub test: bool,
}

/// What one cargo run said: its compiler errors and warnings, what it built, and
/// whether it finished.
pub struct CargoRun {
    pub errors: Vec<String>,
    /// Warnings, in the order rustc gave them (the "N warnings emitted" summaries left
    /// out), of every crate compiled.
    pub warnings: Vec<Warning>,
    pub artifacts: Vec<Artifact>,
    pub finished_ok: bool,
    pub stderr: String,
}

impl CargoRun {
    /// Read cargo's JSON lines from `stdout`; `exited_ok` is whether cargo exited 0.
    pub fn parse(stdout: &str, stderr: String, exited_ok: bool) -> CargoRun {
        let mut run = CargoRun {
            errors: Vec::new(),
            warnings: Vec::new(),
            artifacts: Vec::new(),
            finished_ok: false,
            stderr,
        };
        for line in stdout.lines().filter(|line| line.starts_with('{')) {
            match serde_json::from_str(line) {
                Ok(CargoMessage::CompilerMessage {
                    manifest_path,
                    message,
                }) => {
                    let rendered = message.rendered.unwrap_or_default();
                    if message.level.starts_with("error") {
                        run.errors.push(rendered);
                    } else if message.level == "warning" && !is_summary(&rendered) {
                        let primary = message.spans.into_iter().find(|span| span.is_primary);
                        run.warnings.push(Warning {
                            rendered: rendered.trim_end().to_string(),
                            manifest_path,
                            file: primary.map(|span| span.file_name),
                        });
                    }
                }
                Ok(CargoMessage::CompilerArtifact(artifact)) => run.artifacts.push(artifact),
                Ok(CargoMessage::BuildFinished { success }) => {
                    run.finished_ok = success && exited_ok;
                }
                _ => {}
            }
        }
        run
    }

    /// The rendered warnings about the code of the crate in `crate_dir`: not those of
    /// a dependency, nor those that point into pyo3's own sources.
    pub fn warnings_about(&self, crate_dir: &Path) -> Vec<String> {
        self.warnings
            .iter()
            .filter(|warning| warning.is_about(crate_dir))
            .map(|warning| warning.rendered.clone())
            .collect()
    }

    pub fn compile_error(&self) -> Option<CompileError> {
        // rustc ends with "aborting due to N previous errors": not an error of its own.
        let real: Vec<&String> = self
            .errors
            .iter()
            .filter(|text| !text.contains("aborting due to"))
            .collect();
        let first = real.first()?;
        Some(CompileError {
            first: first.trim_end().to_string(),
            count: real.len(),
        })
    }

    pub fn into_result(
        self,
        crate_dir: &Path,
        wanted: impl Fn(&Artifact) -> bool,
    ) -> Result<Built> {
        if let Some(error) = self.compile_error() {
            return Ok(Err(error));
        }
        if !self.finished_ok {
            bail!("cargo failed:\n{}", last_lines(&self.stderr, 15));
        }
        let artifact = self
            .artifacts
            .iter()
            .filter(|artifact| artifact.is_from(crate_dir) && wanted(artifact))
            .last()
            .context("cargo built nothing to install")?;
        let file = match &artifact.executable {
            Some(executable) => executable.clone(),
            None => artifact
                .filenames
                .iter()
                .find(|file| {
                    file.extension().is_some_and(|extension| {
                        extension == "so" || extension == "dylib" || extension == "dll"
                    })
                })
                .cloned()
                .context("cargo built no shared library")?,
        };
        Ok(Ok(Compiled {
            output: file,
            warnings: self.warnings_about(crate_dir),
        }))
    }

    /// The executables of `binaries`, programs of the crate in `crate_dir`, in that
    /// order; an error names the first that cargo did not build.
    pub fn executables_of(&self, crate_dir: &Path, binaries: &[&str]) -> Result<Vec<PathBuf>> {
        binaries
            .iter()
            .map(|binary| {
                self.artifacts
                    .iter()
                    .rev()
                    .filter(|artifact| {
                        artifact.is_from(crate_dir)
                            && !artifact.profile.test
                            && artifact.target.name == *binary
                    })
                    .find_map(|artifact| artifact.executable.clone())
                    .with_context(|| format!("cargo built no program `{binary}`"))
            })
            .collect()
    }
}

/// rustc's closing count ("2 warnings emitted", "aborting due to …") repeats what the
/// messages before it said.
fn is_summary(rendered: &str) -> bool {
    let first = rendered.lines().next().unwrap_or("");
    first.ends_with("warning emitted") || first.ends_with("warnings emitted")
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUN: &str = concat!(
        r#"{"reason":"compiler-message","package_id":"x","manifest_path":"/w/Cargo.toml","target":{"name":"x","kind":["lib"]},"message":{"level":"warning","rendered":"warning: variable does not need to be mutable\n --> src/lib.rs:3:9\n","spans":[{"file_name":"src/lib.rs","is_primary":true}]}}"#,
        "\n",
        r#"{"reason":"compiler-message","package_id":"x","manifest_path":"/w/Cargo.toml","target":{"name":"x","kind":["lib"]},"message":{"level":"warning","rendered":"warning: 1 warning emitted\n"}}"#,
        "\n",
        r#"{"reason":"compiler-message","package_id":"x","manifest_path":"/w/Cargo.toml","target":{"name":"x","kind":["lib"]},"message":{"level":"error","rendered":"error[E0308]: mismatched types\n"}}"#,
        "\n",
        r#"{"reason":"compiler-message","package_id":"x","manifest_path":"/w/Cargo.toml","target":{"name":"x","kind":["lib"]},"message":{"level":"error","rendered":"error: aborting due to 1 previous error\n"}}"#,
        "\n",
        "   Compiling x v0.1.0 (not JSON: ignored)\n",
        r#"{"reason":"build-finished","success":false}"#,
        "\n",
    );

    #[test]
    fn reads_errors_warnings_and_the_end() {
        let run = CargoRun::parse(RUN, String::new(), false);
        assert_eq!(
            run.warnings_about(Path::new("/w")),
            ["warning: variable does not need to be mutable\n --> src/lib.rs:3:9"]
        );
        assert!(!run.finished_ok);
        let error = run.compile_error().expect("one real error");
        assert_eq!(error.first, "error[E0308]: mismatched types");
        assert_eq!(error.count, 1, "rustc's `aborting due to` is not counted");
    }

    /// A compiler message about crate `manifest`, whose primary span is in `file`.
    fn warning(manifest: &str, file: &str, title: &str) -> String {
        format!(
            r#"{{"reason":"compiler-message","manifest_path":"{manifest}","message":{{"level":"warning","rendered":"warning: {title}\n","spans":[{{"file_name":"other.rs","is_primary":false}},{{"file_name":"{file}","is_primary":true}}]}}}}"#
        )
    }

    #[test]
    fn only_warnings_about_the_crates_own_code_count() {
        let lines = [
            warning("/w/ex/Cargo.toml", "ex/src/lib.rs", "mine, in the workspace"),
            warning("/w/ex/Cargo.toml", "/w/ex/src/lib.rs", "mine, by its full path"),
            warning(
                "/w/ex/Cargo.toml",
                "/home/me/.cargo/registry/src/pyo3-macros-backend/src/lib.rs",
                "inside pyo3's macro",
            ),
            warning("/w/other/Cargo.toml", "other/src/lib.rs", "another crate's"),
            r#"{"reason":"compiler-message","manifest_path":"/w/ex/Cargo.toml","message":{"level":"warning","rendered":"warning: nowhere\n","spans":[]}}"#.into(),
        ];
        let run = CargoRun::parse(&lines.join("\n"), String::new(), true);
        assert_eq!(run.warnings.len(), 5, "every warning is read");
        assert_eq!(
            run.warnings_about(Path::new("/w/ex")),
            [
                "warning: mine, in the workspace",
                "warning: mine, by its full path"
            ]
        );
    }

    #[test]
    fn a_clean_build_has_no_compile_error() {
        let run = CargoRun::parse(
            r#"{"reason":"build-finished","success":true}"#,
            String::new(),
            true,
        );
        assert!(run.finished_ok);
        assert!(run.compile_error().is_none());
        let unfinished = CargoRun::parse(
            r#"{"reason":"build-finished","success":true}"#,
            String::new(),
            false,
        );
        assert!(
            !unfinished.finished_ok,
            "cargo's own exit status counts too"
        );
    }
}
