//! Files: writing them so that no reader ever sees half a file, listing an exercise's
//! files, and walking a learner's folder without following links out of the repository
//! or opening anything that is not a plain file.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, Result};

use crate::sentences::files as says;

/// Write `bytes` to `path` so that a reader sees either the old file or the new one,
/// never a torn mix: write a temporary file next to it, flush it to disk, rename it over.
/// The rename replaces whatever `path` was, a link included: it never writes through one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    // Two writers in one process (threads) must not share a temporary file either.
    static WRITES: AtomicU64 = AtomicU64::new(0);
    let folder = path
        .parent()
        .context("a file to write must have a parent folder")?;
    std::fs::create_dir_all(folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    let file_name = path
        .file_name()
        .context("a file to write must have a name")?;
    let temporary = folder.join(format!(
        ".{}.{}-{}.tmp",
        file_name.to_string_lossy(),
        std::process::id(),
        WRITES.fetch_add(1, Ordering::Relaxed)
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

/// The Rust files of a tests folder: the suites directly in it, then the modules they
/// keep in its subfolders (`tests/dspy_ask/inspect.rs`), each group sorted.
pub fn rust_suite_files(tests: &Path) -> Vec<PathBuf> {
    let mut files = with_extension(tests, "rs");
    let mut folders: Vec<PathBuf> = std::fs::read_dir(tests)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .collect();
    folders.sort();
    for folder in folders {
        files.extend(with_extension(&folder, "rs"));
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

/// Why [`safe_files`] or [`replaceable`] leaves a path alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unsafe {
    /// A link to something outside the repository: reading it would copy a stranger's
    /// file into a backup, writing it would change a file the workshop does not own.
    LinkOutside(PathBuf),
    /// A link whose target does not exist (or that loops).
    BrokenLink(PathBuf),
    /// A link to a folder: following it could walk in circles.
    LinkToFolder(PathBuf),
    /// A link inside the repository: fine to read, but writing through it would change
    /// the file it points to instead.
    Link(PathBuf),
    /// A named pipe, a socket or a device: opening one can block forever.
    Special(&'static str),
    /// A folder where a file is to be written.
    Folder,
    /// Something other than a folder where a folder should be.
    NotAFolder,
}

impl fmt::Display for Unsafe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |target: &PathBuf| target.display().to_string();
        f.write_str(&match self {
            Unsafe::LinkOutside(target) => says::link_outside(&shown(target)),
            Unsafe::BrokenLink(target) => says::broken_link(&shown(target)),
            Unsafe::LinkToFolder(target) => says::link_to_folder(&shown(target)),
            Unsafe::Link(target) => says::link(&shown(target)),
            Unsafe::Special(kind) => says::special(kind),
            Unsafe::Folder => says::folder(),
            Unsafe::NotAFolder => says::not_a_folder(),
        })
    }
}

/// A path that was left alone, and why; `path` is relative to the folder walked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftAlone {
    pub path: PathBuf,
    pub reason: Unsafe,
}

/// What [`safe_files`] found: files safe to read, and everything it left alone.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SafeWalk {
    /// Relative to the folder walked, sorted.
    pub files: Vec<PathBuf>,
    pub left_alone: Vec<LeftAlone>,
}

/// Every file below `folder` that is safe to read, as paths relative to it (Python
/// caches left out). A link is followed only to a plain file inside `root`, the
/// repository; links to folders, links out, FIFOs, sockets and devices are listed in
/// `left_alone` instead. A `folder` that does not exist holds no files.
pub fn safe_files(root: &Path, folder: &Path) -> Result<SafeWalk> {
    let root = root
        .canonicalize()
        .with_context(|| format!("cannot find {}", root.display()))?;
    let mut walk = SafeWalk::default();
    match std::fs::symlink_metadata(folder) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(walk),
        Err(error) => {
            return Err(error).with_context(|| format!("cannot read {}", folder.display()));
        }
        Ok(meta) if !meta.is_dir() => {
            let reason = classify(&root, folder, &meta)
                .err()
                .unwrap_or(Unsafe::Folder);
            walk.left_alone.push(LeftAlone {
                path: PathBuf::new(),
                reason,
            });
            return Ok(walk);
        }
        Ok(_) => {}
    }
    collect_safe(&root, folder, Path::new(""), &mut walk)?;
    walk.files.sort();
    walk.left_alone.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(walk)
}

fn collect_safe(root: &Path, folder: &Path, relative: &Path, walk: &mut SafeWalk) -> Result<()> {
    let here = folder.join(relative);
    let entries =
        std::fs::read_dir(&here).with_context(|| format!("cannot read {}", here.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read {}", here.display()))?;
        let path = relative.join(entry.file_name());
        let meta = std::fs::symlink_metadata(entry.path())
            .with_context(|| format!("cannot read {}", entry.path().display()))?;
        if meta.is_dir() {
            if entry.file_name() != "__pycache__" {
                collect_safe(root, folder, &path, walk)?;
            }
            continue;
        }
        match classify(root, &entry.path(), &meta) {
            Ok(()) => walk.files.push(path),
            Err(reason) => walk.left_alone.push(LeftAlone { path, reason }),
        }
    }
    Ok(())
}

/// Is the non-folder at `path` (with metadata `meta`, not following links) safe to read?
fn classify(root: &Path, path: &Path, meta: &std::fs::Metadata) -> Result<(), Unsafe> {
    if meta.is_file() {
        return Ok(());
    }
    if !meta.file_type().is_symlink() {
        return Err(Unsafe::Special(special_kind(meta)));
    }
    let written = std::fs::read_link(path).unwrap_or_default();
    let Ok(target) = path.canonicalize() else {
        return Err(Unsafe::BrokenLink(written));
    };
    if !target.starts_with(root) {
        return Err(Unsafe::LinkOutside(target));
    }
    match std::fs::metadata(&target) {
        Ok(meta) if meta.is_file() => Ok(()),
        Ok(meta) if meta.is_dir() => Err(Unsafe::LinkToFolder(written)),
        Ok(meta) => Err(Unsafe::Special(special_kind(&meta))),
        Err(_) => Err(Unsafe::BrokenLink(written)),
    }
}

#[cfg(unix)]
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let kind = meta.file_type();
    if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_block_device() || kind.is_char_device() {
        "a device"
    } else {
        "something other than a file"
    }
}

#[cfg(not(unix))]
fn special_kind(_meta: &std::fs::Metadata) -> &'static str {
    "something other than a file"
}

/// May `path`, below `root`, be replaced by a new file? Only if nothing on the way is a
/// link (writing below a linked folder writes wherever it points) and `path` itself is
/// a plain file or absent. A link is refused even when it stays inside the repository:
/// replacing it would undo the learner's link, writing through it another file.
pub fn replaceable(root: &Path, path: &Path) -> Result<(), Unsafe> {
    let below = path.strip_prefix(root).unwrap_or(path);
    let mut walked = root.to_path_buf();
    let mut parts = below.components().peekable();
    while let Some(part) = parts.next() {
        walked.push(part);
        let last = parts.peek().is_none();
        let Ok(meta) = std::fs::symlink_metadata(&walked) else {
            return Ok(()); // absent: everything below it will be created afresh
        };
        if meta.file_type().is_symlink() {
            // Name where the write would land: the link's target plus the rest of `path`.
            let rest: PathBuf = parts.collect();
            let mut target = walked
                .canonicalize()
                .unwrap_or_else(|_| std::fs::read_link(&walked).unwrap_or_default());
            if !rest.as_os_str().is_empty() {
                target.push(rest);
            }
            let outside = root
                .canonicalize()
                .is_ok_and(|root| !target.starts_with(root));
            return Err(if outside {
                Unsafe::LinkOutside(target)
            } else {
                Unsafe::Link(target)
            });
        }
        if !last && !meta.is_dir() {
            return Err(Unsafe::NotAFolder);
        }
        if last && meta.is_dir() {
            return Err(Unsafe::Folder);
        }
        if last && !meta.is_file() {
            return Err(Unsafe::Special(special_kind(&meta)));
        }
    }
    Ok(())
}

/// A fresh, empty folder for one test, removed first if an earlier run left it.
#[cfg(test)]
pub fn scratch_folder(name: &str) -> PathBuf {
    let folder =
        std::env::temp_dir().join(format!("workshop-runner-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    folder
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suite_files_are_the_suites_then_their_modules_in_subfolders() {
        let tests = scratch_folder("suite-files");
        for file in [
            "b.rs",
            "a.rs",
            "a/inspect.rs",
            "a/notes.txt",
            "z/more.rs",
            "test_a.py",
        ] {
            let path = tests.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let found = rust_suite_files(&tests);
        let expected: Vec<PathBuf> = ["a.rs", "b.rs", "a/inspect.rs", "z/more.rs"]
            .iter()
            .map(|file| tests.join(file))
            .collect();
        assert_eq!(found, expected);
    }

    /// A repository with an exercise folder in it, and a folder beside it, outside.
    fn repository(name: &str) -> (PathBuf, PathBuf, PathBuf) {
        let scratch = scratch_folder(name);
        let root = scratch.join("repo");
        let exercise = root.join("exercises/01_x");
        std::fs::create_dir_all(exercise.join("src")).unwrap();
        std::fs::write(exercise.join("Cargo.toml"), "[package]").unwrap();
        std::fs::write(exercise.join("src/lib.rs"), "// learner").unwrap();
        let outside = scratch.join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("secret.txt"), "not the workshop's").unwrap();
        (root, exercise, outside)
    }

    fn paths(list: &[&str]) -> Vec<PathBuf> {
        list.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn plain_files_are_listed_relative_and_sorted_without_caches() {
        let (root, exercise, _) = repository("plain-walk");
        std::fs::create_dir_all(exercise.join("tests/__pycache__")).unwrap();
        std::fs::write(exercise.join("tests/__pycache__/t.pyc"), "").unwrap();
        std::fs::write(exercise.join("tests/test_x.py"), "").unwrap();
        let walk = safe_files(&root, &exercise).unwrap();
        assert_eq!(
            walk.files,
            paths(&["Cargo.toml", "src/lib.rs", "tests/test_x.py"])
        );
        assert!(walk.left_alone.is_empty(), "{:?}", walk.left_alone);
    }

    #[test]
    fn a_missing_folder_holds_no_files() {
        let (root, exercise, _) = repository("missing-walk");
        let walk = safe_files(&root, &exercise.join("gone")).unwrap();
        assert_eq!(walk, SafeWalk::default());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_repository_is_left_alone() {
        let (root, exercise, outside) = repository("link-out-walk");
        std::os::unix::fs::symlink(outside.join("secret.txt"), exercise.join("src/extra.rs"))
            .unwrap();
        std::os::unix::fs::symlink(&outside, exercise.join("linked")).unwrap();
        let walk = safe_files(&root, &exercise).unwrap();
        assert_eq!(walk.files, paths(&["Cargo.toml", "src/lib.rs"]));
        let outside = outside.canonicalize().unwrap();
        assert_eq!(
            walk.left_alone,
            vec![
                LeftAlone {
                    path: "linked".into(),
                    reason: Unsafe::LinkOutside(outside.clone()),
                },
                LeftAlone {
                    path: "src/extra.rs".into(),
                    reason: Unsafe::LinkOutside(outside.join("secret.txt")),
                },
            ]
        );
        assert!(
            walk.left_alone[1]
                .reason
                .to_string()
                .ends_with("secret.txt, outside the repository")
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_inside_are_followed_to_files_only() {
        let (root, exercise, _) = repository("link-in-walk");
        std::fs::write(root.join("shared.rs"), "// shared").unwrap();
        std::os::unix::fs::symlink("../../../shared.rs", exercise.join("src/shared.rs")).unwrap();
        std::os::unix::fs::symlink("src", exercise.join("source")).unwrap();
        std::os::unix::fs::symlink("nowhere.rs", exercise.join("src/broken.rs")).unwrap();
        let walk = safe_files(&root, &exercise).unwrap();
        assert_eq!(
            walk.files,
            paths(&["Cargo.toml", "src/lib.rs", "src/shared.rs"])
        );
        assert_eq!(
            walk.left_alone,
            vec![
                LeftAlone {
                    path: "source".into(),
                    reason: Unsafe::LinkToFolder("src".into()),
                },
                LeftAlone {
                    path: "src/broken.rs".into(),
                    reason: Unsafe::BrokenLink("nowhere.rs".into()),
                },
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn fifos_and_sockets_are_left_alone_without_being_opened() {
        let (root, exercise, _) = repository("special-walk");
        let fifo = exercise.join("src/pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        let _socket = std::os::unix::net::UnixListener::bind(exercise.join("src/socket")).unwrap();
        // Opening the FIFO would block this test forever; the walk must not.
        let walk = safe_files(&root, &exercise).unwrap();
        assert_eq!(walk.files, paths(&["Cargo.toml", "src/lib.rs"]));
        assert_eq!(
            walk.left_alone,
            vec![
                LeftAlone {
                    path: "src/pipe".into(),
                    reason: Unsafe::Special("a named pipe (FIFO)"),
                },
                LeftAlone {
                    path: "src/socket".into(),
                    reason: Unsafe::Special("a socket"),
                },
            ]
        );
    }

    #[test]
    fn plain_and_missing_files_are_replaceable_folders_are_not() {
        let (root, exercise, _) = repository("replaceable-plain");
        assert_eq!(replaceable(&root, &exercise.join("src/lib.rs")), Ok(()));
        assert_eq!(replaceable(&root, &exercise.join("src/new.rs")), Ok(()));
        assert_eq!(replaceable(&root, &exercise.join("new/deep/a.rs")), Ok(()));
        assert_eq!(
            replaceable(&root, &exercise.join("src")),
            Err(Unsafe::Folder)
        );
        assert_eq!(
            replaceable(&root, &exercise.join("Cargo.toml/a.rs")),
            Err(Unsafe::NotAFolder)
        );
    }

    #[cfg(unix)]
    #[test]
    fn no_link_is_written_through_on_the_way_or_at_the_end() {
        let (root, exercise, outside) = repository("replaceable-links");
        let outside = outside.canonicalize().unwrap();
        std::os::unix::fs::symlink(outside.join("secret.txt"), exercise.join("src/out.rs"))
            .unwrap();
        assert_eq!(
            replaceable(&root, &exercise.join("src/out.rs")),
            Err(Unsafe::LinkOutside(outside.join("secret.txt")))
        );
        std::os::unix::fs::symlink(&outside, exercise.join("linked")).unwrap();
        assert_eq!(
            replaceable(&root, &exercise.join("linked/lib.rs")),
            Err(Unsafe::LinkOutside(outside.join("lib.rs")))
        );
        std::os::unix::fs::symlink("lib.rs", exercise.join("src/alias.rs")).unwrap();
        assert_eq!(
            replaceable(&root, &exercise.join("src/alias.rs")),
            Err(Unsafe::Link(
                exercise.join("src/lib.rs").canonicalize().unwrap()
            ))
        );
    }

    #[test]
    fn atomic_writes_from_many_threads_never_share_a_temporary_file() {
        let folder = scratch_folder("atomic-threads");
        let target = folder.join("file.txt");
        let writers: Vec<_> = (0..8)
            .map(|writer| {
                let target = target.clone();
                std::thread::spawn(move || {
                    for round in 0..20 {
                        let text = format!("writer {writer} round {round}");
                        write_atomically(&target, text.as_bytes()).unwrap();
                    }
                })
            })
            .collect();
        for writer in writers {
            writer.join().unwrap();
        }
        let text = std::fs::read_to_string(&target).unwrap();
        assert!(text.ends_with("round 19"), "a whole last write: {text}");
        let leftovers: Vec<_> = std::fs::read_dir(&folder)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_name() != "file.txt")
            .collect();
        assert!(leftovers.is_empty(), "no temporary file is left behind");
    }
}
