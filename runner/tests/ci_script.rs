//! `.ci/run` on every system it knows, run here on Linux. With `--plan` the script
//! prints each install and check instead of running it, taking the same branches as a
//! real run. Each test hands it a made-up machine: a PATH holding only stub programs
//! (`uname` saying which system this is, `cargo`, `brew`, `choco`, present or absent
//! `tmux`, …) beside links to the few real programs the script needs, and a folder
//! standing for the disk's root, where a Mac keeps its apps and Windows its Program
//! Files. The tests then read what the script would install on that machine.

#![cfg(unix)]

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The real programs `.ci/run` runs itself; everything else it finds is a stub.
const REAL_PROGRAMS: &[&str] = &["bash", "dirname", "sed", "awk", "grep"];

/// What every run would do last: the checks.
const CHECKS: &[&str] = &["cargo workshop lock --check", "cargo workshop verify"];

const RUSTUP: &str = "rustup component add rustfmt clippy";

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("runner/ has a parent")
        .to_path_buf()
}

/// A made-up machine for one test: its PATH folder and its disk's root.
struct Machine {
    folder: PathBuf,
    bin: PathBuf,
    root: PathBuf,
    /// Environment variables given to the script beside PATH.
    env: Vec<(String, String)>,
}

/// What one run of the script printed and how it ended.
struct Run {
    stdout: String,
    stderr: String,
    code: Option<i32>,
}

impl Run {
    /// The commands the plan would run, in order.
    fn would_run(&self) -> Vec<&str> {
        self.stdout
            .lines()
            .filter_map(|line| line.strip_prefix("would run: "))
            .collect()
    }

    /// The commands it would run before the checks: what it would install.
    fn installs(&self) -> Vec<&str> {
        let would_run = self.would_run();
        assert!(
            would_run.ends_with(CHECKS),
            "the plan ends with the checks:\n{}",
            self.stdout
        );
        would_run[..would_run.len() - CHECKS.len()]
            .iter()
            .copied()
            .filter(|command| *command != RUSTUP)
            .collect()
    }

    fn says(&self, line: &str) -> bool {
        self.stdout
            .lines()
            .chain(self.stderr.lines())
            .any(|said| said == line)
    }
}

impl Machine {
    /// A machine whose `uname -s` prints `system`, with Rust (and rustup) and Python.
    fn new(test: &str, system: &str) -> Machine {
        let folder = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("ci-script")
            .join(test);
        let _ = std::fs::remove_dir_all(&folder);
        let bin = folder.join("bin");
        let root = folder.join("root");
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::create_dir_all(&root).unwrap();
        for program in REAL_PROGRAMS {
            symlink(real_program(program), bin.join(program)).unwrap();
        }
        let machine = Machine {
            folder,
            bin,
            root,
            env: Vec::new(),
        };
        machine.stub("uname", &format!("echo {system}"));
        machine.stub("rustc", "echo 'rustc 1.0.0 (stub)'");
        machine.stub("python3", "echo 'Python 3.11.0'");
        machine.stub("rustup", "exit 0");
        // cargo answers every `--version` and writes down each command it is given.
        let calls = machine.folder.join("cargo-calls");
        machine.stub(
            "cargo",
            &format!(
                "echo \"$*\" >> '{}'\necho 'cargo 1.0.0 (stub)'",
                calls.display()
            ),
        );
        machine
    }

    /// An executable `bin/name` running the shell lines `body`.
    fn stub(&self, name: &str, body: &str) {
        let path = self.bin.join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    /// Programs that are installed: they only need to be found.
    fn has(&self, programs: &[&str]) {
        for program in programs {
            self.stub(program, "exit 0");
        }
    }

    /// `id -u` prints `uid`: 0 is root.
    fn user(&self, uid: u32) {
        self.stub("id", &format!("echo {uid}"));
    }

    /// A file or folder (ending in `/`) at `path` under the machine's root.
    fn on_disk(&self, path: &str) -> PathBuf {
        let full = self.root.join(path.trim_start_matches('/'));
        if path.ends_with('/') {
            std::fs::create_dir_all(&full).unwrap();
        } else {
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(&full, "").unwrap();
        }
        full
    }

    fn set(&mut self, key: &str, value: &str) {
        self.env.push((key.to_string(), value.to_string()));
    }

    /// `bash .ci/run <args>` on this machine, with nothing of the test's environment.
    fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(self.bin.join("bash"))
            .arg(repository().join(".ci/run"))
            .args(args)
            .env_clear()
            .env("PATH", &self.bin)
            .env("HOME", &self.folder)
            .env("CI_SYSTEM_ROOT", &self.root)
            .envs(self.env.iter().map(|(key, value)| (key, value)))
            .output()
            .expect("bash starts");
        Run {
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            code: output.status.code(),
        }
    }

    fn plan(&self) -> Run {
        let run = self.run(&["--plan"]);
        assert_eq!(
            run.code,
            Some(0),
            "the plan fails:\n{}{}",
            run.stdout,
            run.stderr
        );
        run
    }

    /// The commands cargo was given, `--version` questions left out.
    fn cargo_calls(&self) -> Vec<String> {
        let calls = std::fs::read_to_string(self.folder.join("cargo-calls")).unwrap_or_default();
        calls
            .lines()
            .filter(|line| !line.ends_with("--version"))
            .map(String::from)
            .collect()
    }
}

/// Where the test's own PATH has `program`.
fn real_program(program: &str) -> PathBuf {
    let path = std::env::var_os("PATH").expect("the tests have a PATH");
    std::env::split_paths(&path)
        .map(|folder| folder.join(program))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| panic!("{program} is not on PATH"))
}

// Linux: apt, as root or through sudo.

#[test]
fn linux_with_everything_installed_installs_nothing() {
    let machine = Machine::new("linux-ready", "Linux");
    machine.has(&["chromium", "tmux", "redis-server", "apt-get"]);
    machine.user(0);
    let run = machine.plan();
    assert!(run.says("== Tool versions (linux)"), "{}", run.stdout);
    assert_eq!(run.would_run(), [&[RUSTUP][..], CHECKS].concat());
}

#[test]
fn linux_as_root_installs_what_is_missing_with_apt() {
    let machine = Machine::new("linux-root", "Linux");
    machine.has(&["apt-get"]);
    machine.user(0);
    assert_eq!(
        machine.plan().installs(),
        [
            "apt-get update -qq",
            "env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium tmux redis-server",
        ]
    );
}

#[test]
fn linux_as_a_user_installs_through_sudo_only_what_is_missing() {
    let machine = Machine::new("linux-user", "Linux");
    machine.has(&["apt-get", "chromium", "redis-server"]);
    machine.user(1000);
    assert_eq!(
        machine.plan().installs(),
        [
            "sudo apt-get update -qq",
            "sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux",
        ]
    );
}

#[test]
fn linux_without_apt_stops_with_one_line_before_any_check() {
    let machine = Machine::new("linux-no-apt", "Linux");
    machine.has(&["chromium"]);
    let run = machine.run(&["--plan"]);
    assert_eq!(run.code, Some(1), "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stderr.trim(),
        "== Not Debian or Ubuntu: install tmux redis-server with this system's package manager first"
    );
    assert_eq!(run.would_run(), [RUSTUP]);
}

// macOS: Homebrew, and the browser in /Applications.

#[test]
fn macos_with_everything_installed_installs_nothing() {
    let machine = Machine::new("macos-ready", "Darwin");
    machine.has(&["tmux", "redis-server", "brew"]);
    machine.on_disk("/Applications/Google Chrome.app/");
    let run = machine.plan();
    assert!(run.says("== Tool versions (macos)"), "{}", run.stdout);
    assert_eq!(run.installs(), Vec::<&str>::new());
}

#[test]
fn macos_installs_tmux_redis_and_chromium_with_homebrew() {
    let machine = Machine::new("macos-bare", "Darwin");
    machine.has(&["brew"]);
    assert_eq!(
        machine.plan().installs(),
        ["brew install tmux redis", "brew install --cask chromium"]
    );
}

#[test]
fn macos_with_chromium_app_installs_only_the_missing_redis() {
    let machine = Machine::new("macos-chromium", "Darwin");
    machine.has(&["brew", "tmux"]);
    machine.on_disk("/Applications/Chromium.app/");
    assert_eq!(machine.plan().installs(), ["brew install redis"]);
}

// Windows (Git Bash): Chrome from Program Files, Memurai for Redis, no tmux.

const CHROME: &str = "/c/Program Files/Google/Chrome/Application/chrome.exe";
const CHROME_X86: &str = "/c/Program Files (x86)/Google/Chrome/Application/chrome.exe";
const WINDOWS: &str = "MINGW64_NT-10.0-20348";

#[test]
fn windows_points_the_book_test_at_chrome_and_keeps_memurai() {
    let machine = Machine::new("windows-ready", WINDOWS);
    machine.has(&["choco", "memurai"]);
    let chrome = machine.on_disk(CHROME);
    let run = machine.plan();
    assert!(run.says("== Tool versions (windows)"), "{}", run.stdout);
    assert!(
        run.says(
            "== tmux: does not apply on Windows (there is none); the watch test runs where tmux exists"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.says(&format!("== The book's test uses {}", chrome.display())),
        "{}",
        run.stdout
    );
    assert_eq!(run.installs(), Vec::<&str>::new());
}

#[test]
fn windows_finds_the_32_bit_chrome_and_installs_memurai_with_chocolatey() {
    let machine = Machine::new("windows-x86", WINDOWS);
    machine.has(&["choco"]);
    let chrome = machine.on_disk(CHROME_X86);
    let run = machine.plan();
    assert!(
        run.says(&format!("== The book's test uses {}", chrome.display())),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.installs(),
        ["choco install -y --no-progress memurai-developer"]
    );
}

#[test]
fn windows_without_chrome_installs_chromium_and_takes_a_redis_server_on_path() {
    let machine = Machine::new("windows-bare", WINDOWS);
    machine.has(&["choco", "redis-server"]);
    assert_eq!(
        machine.plan().installs(),
        ["choco install -y --no-progress chromium"]
    );
}

#[test]
fn windows_keeps_a_chromium_given_in_the_environment() {
    let mut machine = Machine::new("windows-given", WINDOWS);
    machine.has(&["choco", "memurai"]);
    machine.on_disk(CHROME); // found, but the one given wins
    machine.set("CHROMIUM", "/d/browsers/chrome.exe");
    let run = machine.plan();
    assert!(
        run.says("== The book's test uses /d/browsers/chrome.exe"),
        "{}",
        run.stdout
    );
    assert_eq!(run.installs(), Vec::<&str>::new());
}

// Any other system: one line, no installs, the checks as everywhere.

#[test]
fn an_unknown_system_says_so_in_one_line_and_installs_nothing() {
    let machine = Machine::new("freebsd", "FreeBSD");
    let run = machine.plan();
    assert!(
        run.says("== Unknown system FreeBSD: the browser and tmux must be installed already"),
        "{}",
        run.stdout
    );
    assert_eq!(run.installs(), Vec::<&str>::new());
}

// --free-threaded: every extension of workshop.toml and the demo, on the `python` on
// PATH, and nothing else.

/// The exercises workshop.toml says are extensions, read here with a TOML parser
/// rather than the script's sed and awk.
fn extensions() -> Vec<String> {
    let text = std::fs::read_to_string(repository().join("workshop.toml")).unwrap();
    let manifest: toml::Table = text.parse().unwrap();
    let exercises = manifest["exercise"].as_array().unwrap();
    let extensions: Vec<String> = exercises
        .iter()
        .filter(|exercise| exercise["kind"].as_str() == Some("extension"))
        .map(|exercise| exercise["name"].as_str().unwrap().to_string())
        .collect();
    assert!(
        extensions.len() < exercises.len(),
        "workshop.toml has programs too, which the free-threaded job leaves out"
    );
    extensions
}

fn free_threaded_verifies() -> Vec<String> {
    extensions()
        .iter()
        .map(String::as_str)
        .chain(["demo"])
        .map(|name| format!("cargo workshop verify --python python {name}"))
        .collect()
}

/// A `python` whose build has the GIL disabled (`free_threaded`) or not.
fn python(machine: &Machine, free_threaded: bool) {
    let gil = if free_threaded {
        "echo '== Free-threaded 3.14.0 (stub)'"
    } else {
        "echo 'AssertionError: 3.14.0 (stub)' >&2; exit 1"
    };
    machine.stub(
        "python",
        &format!("case \"$2\" in\n*Py_GIL_DISABLED*) {gil} ;;\n*) echo 3.14.0 ;;\nesac"),
    );
}

#[test]
fn free_threaded_plan_verifies_every_extension_and_the_demo() {
    let machine = Machine::new("free-threaded-plan", "Linux");
    python(&machine, true);
    let run = machine.run(&["--plan", "--free-threaded"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    let mut expected = vec![RUSTUP.to_string()];
    expected.extend(free_threaded_verifies());
    assert_eq!(run.would_run(), expected);
    assert!(run.says("== 05_factorial on 3.14.0t"), "{}", run.stdout);
}

#[test]
fn free_threaded_run_gives_cargo_every_extension_and_the_demo() {
    let machine = Machine::new("free-threaded-run", "Linux");
    python(&machine, true);
    let run = machine.run(&["--free-threaded"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    let expected: Vec<String> = free_threaded_verifies()
        .iter()
        .map(|command| command.strip_prefix("cargo ").unwrap().to_string())
        .collect();
    assert_eq!(machine.cargo_calls(), expected);
}

#[test]
fn free_threaded_on_a_python_with_the_gil_verifies_nothing() {
    let machine = Machine::new("free-threaded-gil", "Linux");
    python(&machine, false);
    let run = machine.run(&["--free-threaded"]);
    assert_ne!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("AssertionError"), "{}", run.stderr);
    assert_eq!(machine.cargo_calls(), Vec::<String>::new());
}

// The command line, and the workflow's calls of it.

#[test]
fn an_unknown_option_is_refused_before_anything_runs() {
    let machine = Machine::new("bad-option", "Linux");
    let run = machine.run(&["--dry-run"]);
    assert_eq!(run.code, Some(2), "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stderr.trim(),
        "usage: bash .ci/run [--plan] [--free-threaded]"
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn every_call_of_the_script_in_the_github_workflows_is_one_it_accepts() {
    let mut calls = Vec::new();
    for entry in std::fs::read_dir(repository().join(".github/workflows")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        calls.extend(
            text.lines()
                .filter_map(|line| line.trim().strip_prefix("run: bash .ci/run"))
                .map(|options| options.split_whitespace().map(String::from).collect()),
        );
    }
    let calls: Vec<Vec<String>> = calls;
    assert!(
        calls.contains(&vec![]) && calls.contains(&vec!["--free-threaded".to_string()]),
        "the workflows run every check, and the free-threaded job: {calls:?}"
    );
    for options in calls {
        let machine = Machine::new("workflow", "Linux");
        machine.has(&["chromium", "tmux", "redis-server"]);
        python(&machine, true);
        let mut args = vec!["--plan"];
        args.extend(options.iter().map(String::as_str));
        let run = machine.run(&args);
        assert_eq!(
            run.code,
            Some(0),
            "bash .ci/run {options:?}:\n{}{}",
            run.stdout,
            run.stderr
        );
    }
}
