//! What the runner prints when nobody is at a terminal: plain lines with no colour
//! codes, and a quiet, successful end when the reader of the pipe has gone away
//! (`cargo workshop list | head -1`), never a panic. No venv needed: these commands
//! only read the manifest and the progress.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A workshop folder with the repository's manifest and nothing else.
fn workshop(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("plain-output")
        .join(name);
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    let repository = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    std::fs::copy(repository.join("workshop.toml"), root.join("workshop.toml")).unwrap();
    root
}

/// The runner with colour left to its own judgement (no `NO_COLOR`), output to `stdout`.
fn runner(root: &Path, args: &[&str], stdout: Stdio) -> Output {
    Command::new(env!("CARGO_BIN_EXE_workshop"))
        .args(args)
        .current_dir(root)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .expect("the runner starts")
}

#[test]
fn a_pipe_gets_no_colour_codes() {
    let root = workshop("no-colour");
    for args in [&["list"][..], &["hint", "05"]] {
        let output = runner(&root, args, Stdio::piped());
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{args:?}: {text}");
        assert!(text.contains("05_factorial"), "{args:?}: {text}");
        assert!(
            !text.contains('\x1b'),
            "{args:?} printed a colour code: {text:?}"
        );
    }
}

#[test]
fn a_closed_pipe_ends_the_runner_quietly() {
    let root = workshop("closed-pipe");
    for args in [&["list"][..], &["hint", "07"], &["report", "--json"]] {
        // The reading end is closed before the runner starts: its every write fails.
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let output = runner(&root, args, Stdio::from(writer));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    }
}
