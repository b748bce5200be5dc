//! `cargo workshop lock`: the author's one command after changing a dependency group of
//! pyproject.toml. It resolves every group with the pinned uv into `uv.lock`, exports
//! each group with its hashes to `requirements/<group>.txt`, and writes the stamp that
//! set-up compares with pyproject.toml. `--check` changes nothing: it fails when the
//! lock is out of date.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::files;
use crate::process;
use crate::python_env::Venv;
use crate::requirements::{self, LockInputs, UV_VERSION};
use crate::sentences::setting_up as says;
use crate::term;

pub fn run(root: &Path, python: Option<&str>, check_only: bool) -> Result<bool> {
    let uv = pinned_uv(root, python)?;
    if check_only {
        requirements::check(root)?;
        // uv's own word on uv.lock against pyproject.toml (it needs no network for it).
        uv_run(root, &uv, &["lock", "--check", "--offline"])?;
        println!("{}", says::lock_is_current());
        return Ok(true);
    }
    term::step(&says::locking(&format!("uv {UV_VERSION}")));
    uv_run(root, &uv, &["lock"])?;
    let inputs = LockInputs::of_pyproject(root)?;
    let folder = root.join(requirements::FOLDER);
    std::fs::create_dir_all(&folder)?;
    for group in inputs.dependency_groups.keys() {
        let exported = uv_run(
            root,
            &uv,
            &[
                "export",
                "--frozen",
                "--only-group",
                group,
                "--format",
                "requirements-txt",
                "--no-emit-project",
                "--no-header",
            ],
        )?;
        let text = format!(
            "# The `{group}` group of pyproject.toml, exported from uv.lock with every hash by\n\
             # `{}`. Do not edit: change pyproject.toml and run that command.\n{exported}",
            requirements::REFRESH
        );
        let file = requirements::file(root, group);
        files::write_atomically(&file, text.as_bytes())?;
        println!(
            "{}",
            says::exported(
                group,
                &crate::python_env::relative(root, &file),
                requirements::pinned(&text).len()
            )
        );
    }
    // A group removed from pyproject.toml takes its file with it.
    for stale in files::with_extension(&folder, "txt") {
        let group = stale.file_stem().and_then(|stem| stem.to_str());
        if group.is_some_and(|group| !inputs.dependency_groups.contains_key(group)) {
            std::fs::remove_file(&stale)
                .with_context(|| format!("cannot remove {}", stale.display()))?;
        }
    }
    files::write_atomically(&requirements::stamp(root), inputs.stamp_text()?.as_bytes())?;
    Ok(true)
}

/// The uv the lock is made with: one on PATH if it is that version, else that version
/// installed into a venv of its own under the runner's folder (once).
fn pinned_uv(root: &Path, python: Option<&str>) -> Result<PathBuf> {
    let on_path = process::run(Command::new("uv").arg("--version"), None);
    if on_path.is_ok_and(|finished| finished.stdout.split_whitespace().nth(1) == Some(UV_VERSION)) {
        return Ok(PathBuf::from("uv"));
    }
    let tools = Venv::at(files::runner_dir(root).join(format!("uv-{UV_VERSION}")));
    let uv = tools.tool("uv");
    if uv.is_file() {
        return Ok(uv);
    }
    term::step(&says::getting_uv(
        UV_VERSION,
        &crate::python_env::relative(root, &tools.dir),
    ));
    tools.create(root, python)?;
    let ending = process::run_attached(Command::new(tools.python()).args([
        "-m",
        "pip",
        "--disable-pip-version-check",
        "install",
        "--quiet",
        &format!("uv=={UV_VERSION}"),
    ]))?;
    if ending != process::Ending::Exited(0) {
        bail!(says::install_failed(
            &format!("pip install uv=={UV_VERSION}"),
            &ending.to_string()
        ));
    }
    Ok(uv)
}

/// Run uv in the repository; its standard output, or an error with what it said.
fn uv_run(root: &Path, uv: &Path, args: &[&str]) -> Result<String> {
    let finished = process::run(
        Command::new(uv)
            .args(args)
            .current_dir(root)
            .env("UV_PYTHON_DOWNLOADS", "never"),
        None,
    )
    .with_context(|| format!("could not run {}", uv.display()))?;
    if !finished.success() {
        bail!(
            "`uv {}` failed ({}):\n{}",
            args.join(" "),
            finished.ending,
            finished.stderr.trim()
        );
    }
    Ok(finished.stdout)
}
