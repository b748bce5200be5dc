//! `cargo workshop setup --download DIR` and `--offline DIR`: the kit for a room
//! without network (see `kit.rs` for what the folder holds and how it is used).

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::kit::{self, Kit};
use crate::learner::session::Session;
use crate::mdbook;
use crate::process;
use crate::requirements::{self, LockInputs};
use crate::sentences::kit as says;
use crate::term;
use anstream::println;

/// Fill `dir` with the wheels of every group and the workspace's crates, for this
/// system and this Python version.
pub fn download(session: &Session, dir: &Path) -> Result<bool> {
    session.prepare(session.progress.current(&session.manifest))?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot make {}", dir.display()))?;
    let kit = Kit::at(&dir.canonicalize()?);
    for group in LockInputs::of_pyproject(&session.root)?
        .dependency_groups
        .keys()
    {
        term::step(&says::downloading_group(group));
        let file = requirements::file(&session.root, group);
        attached(
            Command::new(session.venv.python())
                .args(["-m", "pip", "--disable-pip-version-check", "download"])
                .args([
                    "--quiet",
                    "--require-hashes",
                    "--only-binary",
                    ":all:",
                    "-r",
                ])
                .arg(&file)
                .arg("-d")
                .arg(&kit.wheels)
                .current_dir(&session.root),
            "pip download",
        )?;
    }
    term::step(&says::vendoring(&kit.crates().display().to_string()));
    let vendored = process::run(
        Command::new(mdbook::cargo())
            .args(["vendor", "--locked", "--quiet"])
            .arg(kit.crates())
            .current_dir(&session.root),
        None,
    )?;
    if !vendored.success() {
        bail!(says::step_failed("cargo vendor", vendored.stderr.trim()));
    }
    crate::files::write_atomically(&kit.cargo_config, kit.cargo_config_text().as_bytes())?;
    println!("{}", says::downloaded(&kit.dir.display().to_string()));
    Ok(true)
}

/// Set up from the kit in `dir` alone, and remember it for every later command.
pub fn set_up_from(session: &Session, dir: &Path) -> Result<bool> {
    let dir = dir
        .canonicalize()
        .with_context(|| says::no_kit(&dir.display().to_string()))?;
    let kit = Kit::at(&dir);
    if !kit.wheels.is_dir() || !kit.cargo_config.is_file() {
        bail!(says::no_kit(&dir.display().to_string()));
    }
    let kit = kit::remember(&session.root, &kit)?;
    session.setup()?;
    println!(
        "{}",
        says::run_with_the_kit(&kit.cargo_config.display().to_string())
    );
    Ok(true)
}

fn attached(command: &mut Command, what: &str) -> Result<()> {
    let ending = process::run_attached(command)?;
    if ending != process::Ending::Exited(0) {
        bail!(says::step_failed(what, &ending.to_string()));
    }
    Ok(())
}
