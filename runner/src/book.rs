//! `cargo workshop book`: build the book and serve it, installing mdBook first if needed.
//!
//! The book is written for mdBook 0.5 (0.4 reads `book.toml` differently), so any
//! 0.5.x on the machine will do. Without one, mdBook is installed with
//! `cargo install --locked`: into cargo's usual `bin` folder when there is no mdBook
//! at all, or into `target/tools` when another version is installed, so that the
//! learner's own mdBook is never replaced.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

/// The version `cargo workshop book` installs.
pub const MDBOOK_VERSION: &str = "0.5.4";
/// Where `mdbook serve` listens.
pub const PORT: u16 = 3000;

/// Build the book into `target/book`, then serve it until Ctrl-C (unless `serve` is false).
pub fn run(root: &Path, serve: bool, open: bool) -> Result<()> {
    let mdbook = ensure_mdbook(root)?;
    let book = root.join("book");
    println!("Building the book with {} …", mdbook.display());
    let status = Command::new(&mdbook)
        .arg("build")
        .arg(&book)
        .status()
        .with_context(|| format!("could not run {}", mdbook.display()))?;
    if !status.success() {
        bail!("`mdbook build book` failed ({status}); its messages are above");
    }
    println!(
        "The book is in {}",
        root.join("target").join("book").display()
    );
    if !serve {
        return Ok(());
    }

    println!(
        "Serving the book at http://localhost:{PORT}/ (it reloads when a chapter or included code changes; Ctrl-C stops it)"
    );
    let mut serve = Command::new(&mdbook);
    serve
        .arg("serve")
        .arg(&book)
        .args(["--port", &PORT.to_string()]);
    if open {
        serve.arg("--open");
    }
    let status = serve
        .status()
        .with_context(|| format!("could not run {}", mdbook.display()))?;
    // Ctrl-C ends `mdbook serve` with a signal: that is how a reader stops it, not an error.
    if !status.success() && status.code().is_some() {
        bail!("`mdbook serve book` stopped with {status}; is port {PORT} already in use?");
    }
    Ok(())
}

/// The book's checks for `cargo workshop verify`, each a command that must succeed:
/// every include and link resolves, the code-block and schedule rules hold, and
/// `mdbook build` prints no warning; the book's inline Rust compiles; and the built
/// book works in headless Chromium (skipped without Chromium, unless `CI` or
/// `WORKSHOP_REQUIRE_BROWSER` is set).
pub fn verify_commands(root: &Path, python: &Path) -> Result<Vec<(&'static str, Command)>> {
    let mdbook = ensure_mdbook(root)?;
    let cargo = cargo();

    let mut checker = Command::new(python);
    checker
        .args(["book/check_book.py", "--build"])
        .env("MDBOOK", &mdbook)
        .current_dir(root);

    let mut doctests = Command::new(&cargo);
    doctests
        .args(["test", "--quiet", "--package", "book-doctests"])
        .env("PYO3_PYTHON", python)
        .current_dir(root);

    let mut browser = Command::new(python);
    browser
        .args(["-m", "pytest", "--quiet", "book/tests"])
        .env("MDBOOK", &mdbook)
        .current_dir(root);

    Ok(vec![
        ("book: includes, links, schedule, mdbook build", checker),
        ("book: its Rust compiles and runs (book-doctests)", doctests),
        ("book: every page in headless Chromium", browser),
    ])
}

/// The path of a usable mdBook 0.5, installing it first when there is none.
pub fn ensure_mdbook(root: &Path) -> Result<PathBuf> {
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
        println!("Found mdBook {version}, but this book needs mdBook 0.5.");
    }
    println!(
        "Installing mdBook {MDBOOK_VERSION} with `cargo install --locked`{}. \
         This compiles it from source and takes a few minutes, once.",
        install_root
            .as_ref()
            .map(|dir| format!(" into {}", dir.display()))
            .unwrap_or_default()
    );
    let mut install = Command::new(cargo());
    install.args(["install", "mdbook", "--version", MDBOOK_VERSION, "--locked"]);
    if let Some(dir) = &install_root {
        install.arg("--root").arg(dir);
    }
    let status = install
        .status()
        .context("could not run `cargo install`; is cargo on your PATH?")?;
    if !status.success() {
        bail!(
            "installing mdBook failed ({status}). Try it yourself: \
             cargo install mdbook --version {MDBOOK_VERSION} --locked"
        );
    }

    let installed = match install_root {
        Some(dir) => dir.join("bin").join(executable("mdbook")),
        None => cargo_home().join("bin").join(executable("mdbook")),
    };
    match version_of(&installed) {
        Some(version) if is_supported(&version) => Ok(installed),
        _ => bail!(
            "mdBook was installed but {} does not run; check the messages above",
            installed.display()
        ),
    }
}

/// Where the workshop installs tools of its own: inside the ignored `target` folder.
fn tool_root(root: &Path) -> PathBuf {
    root.join("target").join("tools")
}

/// `mdbook --version` prints `mdbook v0.5.4`; `None` when the program does not run.
fn version_of(program: &Path) -> Option<String> {
    let output = Command::new(program)
        .arg("--version")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    parse_version(&String::from_utf8_lossy(&output.stdout))
}

fn parse_version(output: &str) -> Option<String> {
    let word = output.split_whitespace().nth(1)?;
    Some(word.trim_start_matches('v').to_string())
}

fn is_supported(version: &str) -> bool {
    version.starts_with("0.5.")
}

fn cargo() -> std::ffi::OsString {
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
    fn only_mdbook_0_5_is_supported() {
        assert!(is_supported("0.5.4"));
        assert!(is_supported("0.5.0"));
        assert!(!is_supported("0.4.52"));
        assert!(!is_supported("0.50.0"));
    }

    #[test]
    fn a_missing_program_has_no_version() {
        assert_eq!(version_of(Path::new("/nonexistent/mdbook")), None);
    }
}
