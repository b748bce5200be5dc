//! The one place the runner starts child processes: captured output, a time limit,
//! and a clear account of how they ended (exit code, killed by a signal, stopped by
//! the time limit). Every other module builds a `Command` and hands it here.

use std::io::Read;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use anyhow::{Context, Result};
use wait_timeout::ChildExt;

/// How a captured child process ended.
#[derive(Debug)]
pub struct Finished {
    pub stdout: String,
    pub stderr: String,
    pub ending: Ending,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    Exited(i32),
    /// Killed by a signal: a segfault or an abort in learner code lands here.
    Crashed(String),
    /// Still running when the time limit came; the runner killed it.
    TimedOut(Duration),
}

impl std::fmt::Display for Ending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ending::Exited(code) => write!(f, "exit status {code}"),
            Ending::Crashed(how) => write!(f, "{how}"),
            Ending::TimedOut(limit) => write!(f, "stopped after {} s", limit.as_secs()),
        }
    }
}

impl Finished {
    pub fn success(&self) -> bool {
        self.ending == Ending::Exited(0)
    }
}

/// Run `command` to completion (or until `limit`), capturing stdout and stderr.
pub fn run(command: &mut Command, limit: Option<Duration>) -> Result<Finished> {
    command.stdin(Stdio::null());
    spawn(command)?.finish(limit)
}

/// Run `command` with the runner's own terminal (the learner sees its progress, as
/// with pip or `cargo install`), to completion.
pub fn run_attached(command: &mut Command) -> Result<Ending> {
    let program = command.get_program().to_string_lossy().into_owned();
    let status = command
        .status()
        .with_context(|| format!("could not start `{program}`"))?;
    Ok(describe(status))
}

/// Start a long-lived helper process whose pipes the caller sets up and reads itself
/// (`watch`'s pytest server, which answers one line at a time).
pub fn spawn_with_own_pipes(command: &mut Command) -> Result<Child> {
    let program = command.get_program().to_string_lossy().into_owned();
    command
        .spawn()
        .with_context(|| format!("could not start `{program}`"))
}

/// Kill the process `pid` (one the runner did not start itself, such as a fork of
/// the pytest server). An error means it has ended already.
pub fn kill(pid: u32) {
    if cfg!(unix) {
        let _ = Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// Whether `error` (from [`run`] or [`spawn`]) says that the program does not exist.
pub fn not_found(error: &anyhow::Error) -> bool {
    error
        .root_cause()
        .downcast_ref::<std::io::Error>()
        .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
}

/// A captured child process that is still running.
pub struct Running {
    child: Child,
    /// Present when the command was given `Stdio::piped()` for stdin.
    pub stdin: Option<ChildStdin>,
    out_reader: JoinHandle<String>,
    err_reader: JoinHandle<String>,
}

/// Start `command` with stdout and stderr captured; stdin is as the command sets it.
pub fn spawn(command: &mut Command) -> Result<Running> {
    let program = command.get_program().to_string_lossy().into_owned();
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("could not start `{program}`"))?;

    // Drain both pipes on their own threads: a child that fills one pipe while we wait
    // on the other would otherwise block forever.
    let mut out_pipe = child.stdout.take().expect("stdout is piped");
    let mut err_pipe = child.stderr.take().expect("stderr is piped");
    Ok(Running {
        stdin: child.stdin.take(),
        out_reader: thread::spawn(move || read_lossy(&mut out_pipe)),
        err_reader: thread::spawn(move || read_lossy(&mut err_pipe)),
        child,
    })
}

impl Running {
    /// Wait for the child to end (or stop it at `limit`) and collect its output.
    pub fn finish(mut self, limit: Option<Duration>) -> Result<Finished> {
        drop(self.stdin.take()); // the child sees end-of-file, never a pipe left hanging
        let ending = match limit {
            None => describe(self.child.wait()?),
            Some(limit) => match self.child.wait_timeout(limit)? {
                Some(status) => describe(status),
                None => {
                    // Ignore the error: the child may have exited between the two calls.
                    let _ = self.child.kill();
                    self.child.wait()?;
                    Ending::TimedOut(limit)
                }
            },
        };
        Ok(Finished {
            stdout: self.out_reader.join().unwrap_or_default(),
            stderr: self.err_reader.join().unwrap_or_default(),
            ending,
        })
    }

    /// Stop the child: it is no longer needed.
    pub fn cancel(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_lossy(pipe: &mut impl Read) -> String {
    let mut bytes = Vec::new();
    let _ = pipe.read_to_end(&mut bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}

/// How a process that ended with `status` ended.
pub fn describe(status: ExitStatus) -> Ending {
    match status.code() {
        // On Windows a crash is an exit code: an NTSTATUS error such as 0xC0000005
        // (access violation), which has its two top bits set.
        Some(code) if cfg!(windows) && (code as u32) >= 0xC000_0000 => {
            Ending::Crashed(format!("crashed with exception 0x{:08X}", code as u32))
        }
        Some(code) => Ending::Exited(code),
        None => Ending::Crashed(signal_name(status)),
    }
}

#[cfg(unix)]
fn signal_name(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match status.signal() {
        Some(6) => "aborted (SIGABRT)".to_string(),
        Some(9) => "killed (SIGKILL)".to_string(),
        Some(11) => "segmentation fault (SIGSEGV)".to_string(),
        Some(signal) => format!("killed by signal {signal}"),
        None => "ended abnormally".to_string(),
    }
}

#[cfg(not(unix))]
fn signal_name(_status: ExitStatus) -> String {
    "ended abnormally".to_string()
}

/// The last `count` lines of a process's output: where the reason for a failure is.
pub fn last_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text.trim_end().lines().collect();
    lines[lines.len().saturating_sub(count)..].join("\n")
}
