//! `watch` keeps one Python process with pytest imported, and every grading forks a
//! fresh child from it (`runner/python/workshop_pytest_server.py`): about 0.3 s of
//! start-up saved on each save. Fork exists on Unix only; elsewhere, and whenever the
//! server fails, grading starts pytest the usual way.

use std::ffi::OsString;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::grade::pytest_command::{python_dir, set_pytest_env};
use crate::process::{self, Ending, Finished, Group, Server};
use crate::python_env::Venv;

pub struct PytestServer {
    /// Kept for its end: the server's group ends with this value (and with the runner).
    _server: Server,
    requests: ChildStdin,
    replies: Receiver<String>,
}

#[derive(Deserialize)]
struct Started {
    pid: u32,
}

#[derive(Deserialize)]
struct Ended {
    status: i32,
}

impl PytestServer {
    /// Start the server; `None` where fork does not exist or Python fails to start.
    pub fn start(root: &Path, venv: &Venv) -> Option<PytestServer> {
        if !venv.os.can_fork() {
            return None;
        }
        let mut command = Command::new(venv.python());
        command
            .arg(python_dir(root).join("workshop_pytest_server.py"))
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        set_pytest_env(&mut command, root, venv);
        let mut server = process::spawn_with_own_pipes(&mut command).ok()?;
        let requests = server.child.stdin.take()?;
        let stdout = server.child.stdout.take()?;
        // Replies are read on a thread of their own, so that waiting for one can time out.
        let (sender, replies) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Some(PytestServer {
            _server: server,
            requests,
            replies,
        })
    }

    /// Run pytest with `args` in a new child, stopped after `limit`; the child's
    /// output goes to the file `output`.
    pub fn run(
        &mut self,
        args: &[OsString],
        env: &[(String, OsString)],
        cwd: &Path,
        output: &Path,
        limit: Duration,
    ) -> Result<Finished> {
        let text = |value: &OsString| value.to_string_lossy().into_owned();
        let request = serde_json::json!({
            "args": args.iter().map(text).collect::<Vec<_>>(),
            "env": env.iter().map(|(name, value)| (name.clone(), text(value))).collect::<std::collections::HashMap<_, _>>(),
            "cwd": cwd,
            "output": output,
        });
        writeln!(self.requests, "{request}").context("the pytest server stopped")?;
        self.requests.flush().context("the pytest server stopped")?;

        let started: Started = serde_json::from_str(
            &self
                .replies
                .recv_timeout(Duration::from_secs(30))
                .context("the pytest server did not answer")?,
        )?;
        // The child leads a group of its own (the server sees to it), which ends with
        // the child, at the time limit, and on Ctrl-C, like every suite the runner starts.
        let mut group = Group::adopt(started.pid);
        let ending = match self.replies.recv_timeout(limit) {
            Ok(line) => wait_status(serde_json::from_str::<Ended>(&line)?.status),
            Err(RecvTimeoutError::Timeout) => {
                // The child runs away: stop it; the server then reports its end.
                group.end();
                let _ = self.replies.recv_timeout(Duration::from_secs(10));
                Ending::TimedOut(limit)
            }
            Err(RecvTimeoutError::Disconnected) => bail!("the pytest server stopped"),
        };
        group.end(); // whatever the child left running
        let stdout = std::fs::read_to_string(output).unwrap_or_default();
        Ok(Finished {
            stdout,
            stderr: String::new(),
            ending,
        })
    }
}

#[cfg(unix)]
fn wait_status(raw: i32) -> Ending {
    use std::os::unix::process::ExitStatusExt;
    process::describe(std::process::ExitStatus::from_raw(raw))
}

#[cfg(not(unix))]
fn wait_status(raw: i32) -> Ending {
    Ending::Exited(raw)
}
