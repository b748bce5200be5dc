//! `reset` and `solve`: both replace a learner's files, so both first copy them to a
//! timestamped backup and say where it is. Nothing a learner wrote is ever lost.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};

use crate::manifest::Exercise;
use crate::process;
use crate::python_env;
use crate::term;
use anstream::println;

/// Copy the learner's exercise folder to `.workshop/backups/<name>-<time>/`.
pub fn back_up(root: &Path, exercise: &Exercise) -> Result<PathBuf> {
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    let backup = root
        .join(".workshop")
        .join("backups")
        .join(format!("{}-{stamp}", exercise.name));
    copy_tree(&exercise.starter_dir(root), &backup).with_context(|| {
        format!(
            "could not back up exercises/{}; nothing was changed",
            exercise.name
        )
    })?;
    Ok(backup)
}

/// Copy a folder recursively (an exercise folder is small: a few source files).
pub fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    for entry in
        std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))?
    {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .with_context(|| format!("cannot copy {}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// `reset EX`: back up, then restore the starter as the repository has it. The
/// pristine starter comes from git: the upstream branch when there is one (a learner may
/// have committed their own work), else the current commit.
pub fn reset(root: &Path, exercise: &Exercise) -> Result<()> {
    let source = pristine_revision(root)?;
    let backup = back_up(root, exercise)?;
    let folder = format!("exercises/{}", exercise.name);
    let finished = process::run(
        Command::new("git")
            .args(["restore", "--worktree", "--source", &source, "--"])
            .arg(&folder)
            .current_dir(root),
        None,
    )?;
    if !finished.success() {
        bail!(
            "`git restore` failed: {} (your files are backed up in {})",
            finished.stderr.trim(),
            backup.display()
        );
    }
    println!(
        "{} {folder} is back to its starter (from git {source}).",
        term::green("Reset:")
    );
    println!(
        "Your previous files are in {}",
        python_env::relative(root, &backup)
    );
    Ok(())
}

/// `solve EX`: back up, then copy the reference solution's sources over the learner's.
/// Only `src/` is copied: the tests and Cargo.toml of the starter stay as they are.
pub fn solve(root: &Path, exercise: &Exercise) -> Result<()> {
    let backup = back_up(root, exercise)?;
    let from = exercise.solution_dir(root).join("src");
    let to = exercise.starter_dir(root).join("src");
    copy_tree(&from, &to).with_context(|| {
        format!(
            "copying the solution failed; your files are in {}",
            backup.display()
        )
    })?;
    println!(
        "{} exercises/{}/src now holds the reference solution.",
        term::green("Solved:"),
        exercise.name
    );
    println!(
        "Your previous files are in {}",
        python_env::relative(root, &backup)
    );
    Ok(())
}

fn pristine_revision(root: &Path) -> Result<String> {
    let upstream = process::run(
        Command::new("git")
            .args(["rev-parse", "--verify", "--quiet", "@{upstream}"])
            .current_dir(root),
        None,
    );
    match upstream {
        Ok(found) if found.success() => Ok("@{upstream}".to_string()),
        Ok(_) => Ok("HEAD".to_string()),
        Err(_) => bail!(
            "`reset` restores starters with git, which is not installed; `solve` works without it"
        ),
    }
}
