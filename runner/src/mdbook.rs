//! mdBook, the book's one tool: finding a usable one, installing it when there is none.
//!
//! The book is written for one minor version of mdBook (`[book] mdbook` in
//! workshop.toml; 0.4 reads `book.toml` differently from 0.5), and any patch release
//! of it will do. Without one, mdBook is installed with `cargo install --locked`: into
//! cargo's usual `bin` folder when there is no mdBook at all, or into `target/tools`
//! when another version is installed, so that the reader's own mdBook is never replaced.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::manifest::Manifest;
use crate::process::{self, Ending};
use crate::sentences::book as says;
use anstream::println;

/// The mdBook version the manifest asks for.
pub fn wanted(manifest: &Manifest) -> Result<&str> {
    manifest
        .book
        .as_ref()
        .map(|book| book.mdbook.as_str())
        .context("workshop.toml has no `[book] mdbook = \"…\"` version")
}

/// The path of a usable mdBook of `wanted`'s minor version (`0.5.4` accepts any
/// 0.5.x), installing `wanted` first when there is none.
pub fn ensure(root: &Path, wanted: &str) -> Result<PathBuf> {
    let is_supported = |version: &str| same_minor(version, wanted);
    let local = tool_root(root).join("bin").join(executable("mdbook"));
    let candidates = [
        local.clone(),
        PathBuf::from(executable("mdbook")),
        cargo_home().join("bin").join(executable("mdbook")),
    ];
    let mut other_version = None;
    for candidate in candidates {
        match version_of(&candidate) {
            Some(version) if is_supported(&version) => return Ok(candidate),
            Some(version) => other_version = Some(version),
            None => {}
        }
    }

    // Never replace a reader's own mdBook of another version: install ours beside it.
    let install_root = other_version.as_ref().map(|_| tool_root(root));
    if let Some(version) = &other_version {
        println!("{}", says::other_mdbook(version, wanted));
    }
    let into = install_root
        .as_ref()
        .map(|dir| format!(" into {}", dir.display()))
        .unwrap_or_default();
    println!("{}", says::installing_mdbook(wanted, &into));
    let mut install = Command::new(cargo());
    install.args(["install", "mdbook", "--version", wanted, "--locked"]);
    if let Some(dir) = &install_root {
        install.arg("--root").arg(dir);
    }
    let ending = process::run_attached(&mut install).with_context(says::no_cargo)?;
    if ending != Ending::Exited(0) {
        bail!(says::install_failed(&ending.to_string(), wanted));
    }

    let installed = match install_root {
        Some(dir) => dir.join("bin").join(executable("mdbook")),
        None => cargo_home().join("bin").join(executable("mdbook")),
    };
    match version_of(&installed) {
        Some(version) if is_supported(&version) => Ok(installed),
        _ => bail!(says::installed_but_broken(&installed.display().to_string())),
    }
}

/// Where the workshop installs tools of its own: inside the ignored `target` folder.
fn tool_root(root: &Path) -> PathBuf {
    root.join("target").join("tools")
}

/// `mdbook --version` prints `mdbook v0.5.4`; `None` when the program does not run.
fn version_of(program: &Path) -> Option<String> {
    let finished = process::run(
        Command::new(program).arg("--version"),
        Some(Duration::from_secs(30)),
    )
    .ok()?;
    if !finished.success() {
        return None;
    }
    parse_version(&finished.stdout)
}

fn parse_version(output: &str) -> Option<String> {
    let word = output.split_whitespace().nth(1)?;
    Some(word.trim_start_matches('v').to_string())
}

/// `0.5.0` and `0.5.4` are the same minor version; `0.50.0` and `0.4.52` are not.
fn same_minor(version: &str, wanted: &str) -> bool {
    let minor = |text: &str| {
        let mut parts = text.split('.');
        (
            parts.next().map(str::to_owned),
            parts.next().map(str::to_owned),
        )
    };
    minor(version) == minor(wanted)
}

pub fn cargo() -> std::ffi::OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| OsStr::new("cargo").to_os_string())
}

fn cargo_home() -> PathBuf {
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        return PathBuf::from(home);
    }
    let home = std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .unwrap_or_default();
    PathBuf::from(home).join(".cargo")
}

fn executable(name: &str) -> String {
    format!("{name}{}", std::env::consts::EXE_SUFFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_version_mdbook_prints() {
        assert_eq!(parse_version("mdbook v0.5.4\n").as_deref(), Some("0.5.4"));
        assert_eq!(parse_version("mdbook 0.4.52").as_deref(), Some("0.4.52"));
        assert_eq!(parse_version(""), None);
    }

    #[test]
    fn any_patch_of_the_wanted_minor_version_will_do() {
        assert!(same_minor("0.5.4", "0.5.4"));
        assert!(same_minor("0.5.0", "0.5.4"));
        assert!(!same_minor("0.4.52", "0.5.4"));
        assert!(!same_minor("0.50.0", "0.5.4"));
    }

    #[test]
    fn a_missing_program_has_no_version() {
        assert_eq!(version_of(Path::new("/nonexistent/mdbook")), None);
    }
}
