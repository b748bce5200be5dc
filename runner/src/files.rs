//! Files: writing them so that no reader ever sees half a file, and listing an
//! exercise's files.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Write `bytes` to `path` so that a reader sees either the old file or the new one,
/// never a torn mix: write a temporary file next to it, flush it to disk, rename it over.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let folder = path
        .parent()
        .context("a file to write must have a parent folder")?;
    std::fs::create_dir_all(folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    let file_name = path
        .file_name()
        .context("a file to write must have a name")?;
    let temporary = folder.join(format!(
        ".{}.{}.tmp",
        file_name.to_string_lossy(),
        std::process::id()
    ));
    let mut file = std::fs::File::create(&temporary)
        .with_context(|| format!("cannot write {}", temporary.display()))?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&temporary, path).with_context(|| format!("cannot replace {}", path.display()))
}

/// Copy `from` over `to` atomically (same guarantee as [`write_atomically`]).
pub fn copy_atomically(from: &Path, to: &Path) -> Result<()> {
    let bytes = std::fs::read(from).with_context(|| format!("cannot read {}", from.display()))?;
    write_atomically(to, &bytes)
}

/// Every file below `folder`, as paths relative to it (Python caches left out).
pub fn under(folder: &Path, relative: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder.join(relative)) else {
        return Vec::new();
    };
    let mut files = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let path = relative.join(entry.file_name());
        match entry.file_type() {
            Ok(kind) if kind.is_dir() && entry.file_name() != "__pycache__" => {
                files.extend(under(folder, &path));
            }
            Ok(kind) if kind.is_file() => files.push(path),
            _ => {}
        }
    }
    files
}

/// The files directly in `folder` whose name ends in `.extension`, sorted.
pub fn with_extension(folder: &Path, extension: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|found| found == extension))
        .collect();
    files.sort();
    files
}

/// The runner's own folder for builds and scratch files: under cargo's target folder
/// (`CARGO_TARGET_DIR` when set, as cargo itself would), apart from the learner's builds.
pub fn runner_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(target) if !target.is_empty() => root.join(target).join("workshop"),
        _ => root.join("target").join("workshop"),
    }
}
