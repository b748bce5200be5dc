//! `reset` and `solve`: both replace a learner's files, so both first copy them to a
//! backup of their own and say where it is. Nothing a learner wrote is ever lost, and
//! nothing outside the repository is read or written: links that lead out, named
//! pipes, sockets and devices are left alone, each with a line that names it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};

use crate::files::{self, LeftAlone};
use crate::learner::session::Session;
use crate::manifest::Exercise;
use crate::process;
use crate::python_env;
use crate::sentences::backup as says;
use anstream::println;

/// Copy the learner's exercise folder to `.workshop/backups/<name>-<time>/`, the files
/// that are safe to read only. `None` when the folder does not exist: nothing to keep.
pub fn back_up(root: &Path, exercise: &Exercise) -> Result<Option<PathBuf>> {
    let folder = exercise.starter_dir(root);
    let shown = python_env::relative(root, &folder);
    if std::fs::symlink_metadata(&folder).is_err() {
        println!("{}", says::nothing_to_back_up(&shown));
        return Ok(None);
    }
    let walk = files::safe_files(root, &folder).with_context(|| says::could_not_back_up(&shown))?;
    for left in &walk.left_alone {
        say_left_alone(&shown, left, &says::not_in_the_backup());
    }
    let backup =
        new_backup_folder(root, exercise).with_context(|| says::could_not_back_up(&shown))?;
    for relative in &walk.files {
        let to = backup.join(relative);
        let copied = to
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::copy(folder.join(relative), &to));
        copied
            .with_context(|| says::could_not_back_up(&format!("{shown}/{}", relative.display())))?;
    }
    Ok(Some(backup))
}

/// A new, empty folder for one backup. Two backups in the same millisecond (`reset
/// --all` on a fast machine) get a suffix rather than share a folder.
fn new_backup_folder(root: &Path, exercise: &Exercise) -> Result<PathBuf> {
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|since| since.as_millis())
        .unwrap_or(0);
    let backups = root.join(".workshop").join("backups");
    std::fs::create_dir_all(&backups)
        .with_context(|| format!("cannot create {}", backups.display()))?;
    for attempt in 1.. {
        let name = if attempt == 1 {
            format!("{}-{stamp}", exercise.name)
        } else {
            format!("{}-{stamp}-{attempt}", exercise.name)
        };
        let folder = backups.join(name);
        match std::fs::create_dir(&folder) {
            Ok(()) => return Ok(folder),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => {
                return Err(error).with_context(|| format!("cannot create {}", folder.display()));
            }
        }
    }
    unreachable!("the attempts never run out")
}

/// `Left alone: exercises/05_factorial/src/notes: a named pipe (FIFO), not a file; …`
fn say_left_alone(folder: &str, left: &LeftAlone, consequence: &str) {
    let path = if left.path.as_os_str().is_empty() {
        folder.to_string()
    } else {
        format!("{folder}/{}", left.path.display())
    };
    println!(
        "{}",
        says::left_alone(&path, &left.reason.to_string(), consequence)
    );
}

/// `reset EX`: back up, restore the starter as the repository has it (a deleted
/// exercise folder included), then forget the exercise's progress: it starts afresh.
/// The pristine starter comes from git: the upstream branch when there is one (a
/// learner may have committed their own work), else the current commit. Git replaces
/// a link with the file it restores; it never writes through one.
pub fn reset(session: &mut Session, exercise: &Exercise) -> Result<()> {
    let root = session.root.clone();
    let source = pristine_revision(&root)?;
    let backup = back_up(&root, exercise)?;
    let kept = match &backup {
        Some(backup) => says::backed_up_in(&python_env::relative(&root, backup)),
        None => says::no_files_to_back_up(),
    };
    let folder = format!("exercises/{}", exercise.name);
    let finished = process::run(
        Command::new("git")
            .args(["restore", "--worktree", "--source", &source, "--"])
            .arg(&folder)
            .current_dir(&root),
        None,
    )?;
    if !finished.success() {
        bail!(says::git_restore_failed(finished.stderr.trim(), &kept));
    }
    session
        .update_progress(|progress| progress.forget(exercise))
        .with_context(|| says::restored_but_progress_kept(&folder))?;
    println!("{}", says::reset(&folder, &source));
    if let Some(backup) = backup {
        println!(
            "{}",
            says::previous_files(&python_env::relative(&root, &backup))
        );
    }
    Ok(())
}

/// `solve EX`: back up, then copy the reference solution's sources over the learner's.
/// Only `src/` is copied, and the files the manifest lists as `edits`: the tests and
/// Cargo.toml of the starter stay as they are. A
/// file that is a link (or lies below one) is not written through: the learner is told,
/// the rest is copied, and the exercise is not recorded as solved. Returns whether
/// every file of the solution is in place.
pub fn solve(session: &mut Session, exercise: &Exercise) -> Result<bool> {
    let root = session.root.clone();
    let starter = exercise.starter_dir(&root);
    if std::fs::symlink_metadata(&starter).is_err() {
        bail!(says::reset_before_solving(&exercise.name));
    }
    let backup = back_up(&root, exercise)?;
    let kept = match &backup {
        Some(backup) => python_env::relative(&root, backup),
        None => says::no_backup(),
    };
    let from = exercise.solution_dir(&root).join("src");
    let to = starter.join("src");
    let mut solution = files::safe_files(&root, &from)?;
    if solution.files.is_empty() {
        bail!(says::no_solution_files(&python_env::relative(&root, &from)));
    }
    // The files the learner edits outside src/ (`edits` in workshop.toml), as paths
    // relative to src/, like the rest: `../pyproject.toml`.
    for edit in &exercise.edits {
        if exercise.solution_dir(&root).join(edit).is_file() {
            solution.files.push(Path::new("..").join(edit));
        }
    }
    let shown_from = python_env::relative(&root, &from);
    for left in &solution.left_alone {
        say_left_alone(&shown_from, left, &says::not_copied());
    }
    let shown_to = python_env::relative(&root, &to);
    let mut refused = 0;
    for relative in &solution.files {
        let destination = to.join(relative);
        match files::replaceable(&root, &destination) {
            Ok(()) => files::copy_atomically(&from.join(relative), &destination)
                .with_context(|| says::copy_failed(&kept))?,
            Err(reason) => {
                refused += 1;
                let left = LeftAlone {
                    path: relative.clone(),
                    reason,
                };
                let advice =
                    says::copy_it_yourself(&format!("{shown_from}/{}", relative.display()));
                say_left_alone(&shown_to, &left, &advice);
            }
        }
    }
    if refused > 0 {
        println!(
            "{}",
            says::solved_in_part(
                solution.files.len() - refused,
                solution.files.len(),
                &shown_to
            )
        );
    } else {
        session
            .update_progress(|progress| progress.record_solve(exercise))
            .with_context(says::solved_but_progress_not_saved)?;
        println!("{}", says::solved(&shown_to));
    }
    if backup.is_some() {
        println!("{}", says::previous_files(&kept));
    }
    Ok(refused == 0)
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
        Err(_) => bail!(says::reset_needs_git()),
    }
}
