//! Running child processes: captured output, a time limit, and a clear account of how
//! they ended (exit code, killed by a signal, stopped by the time limit).

use std::io::Read;
use std::process::{Command, ExitStatus, Stdio};
use std::thread;
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

impl Finished {
    pub fn success(&self) -> bool {
        self.ending == Ending::Exited(0)
    }
}

/// Run `command` to completion (or until `limit`), capturing stdout and stderr.
pub fn run(command: &mut Command, limit: Option<Duration>) -> Result<Finished> {
    let program = command.get_program().to_string_lossy().into_owned();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("could not start `{program}`"))?;

    // Drain both pipes on their own threads: a child that fills one pipe while we wait
    // on the other would otherwise block forever.
    let mut out_pipe = child.stdout.take().expect("stdout is piped");
    let mut err_pipe = child.stderr.take().expect("stderr is piped");
    let out_reader = thread::spawn(move || read_lossy(&mut out_pipe));
    let err_reader = thread::spawn(move || read_lossy(&mut err_pipe));

    let ending = match limit {
        None => describe(child.wait()?),
        Some(limit) => match child.wait_timeout(limit)? {
            Some(status) => describe(status),
            None => {
                // Ignore the error: the child may have exited between the two calls.
                let _ = child.kill();
                child.wait()?;
                Ending::TimedOut(limit)
            }
        },
    };
    Ok(Finished {
        stdout: out_reader.join().unwrap_or_default(),
        stderr: err_reader.join().unwrap_or_default(),
        ending,
    })
}

fn read_lossy(pipe: &mut impl Read) -> String {
    let mut bytes = Vec::new();
    let _ = pipe.read_to_end(&mut bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}

fn describe(status: ExitStatus) -> Ending {
    if let Some(code) = status.code() {
        return Ending::Exited(code);
    }
    Ending::Crashed(signal_name(status))
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
