//! The one place the runner starts child processes: captured output, a time limit,
//! and a clear account of how they ended (exit code, killed by a signal, stopped by
//! the time limit). Every other module builds a `Command` and hands it here.
//!
//! A captured child runs in a process group of its own (a job object on Windows), and
//! the whole group ends with it: at the time limit, when the child exits (a grandchild
//! it left behind would otherwise keep the pipes open and the runner waiting), when the
//! learner presses Ctrl-C, and when the runner itself dies. On Unix a small watchdog
//! kills the group of a runner that died (on Linux the kernel also kills the child at
//! once, `PR_SET_PDEATHSIG`); on Windows the job object does, which dies with its last
//! handle.
//!
//! The kernel sends that signal when the *thread* that started the child ends, not the
//! whole runner: start and finish a child on one thread.

use std::io::{self, Read};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use crate::platform::Os;
use crate::sentences::stopped as says;
use anyhow::{Context, Result};

/// How long the pipes may stay open once a child's group has ended: only a process
/// that left the group (`setsid`) can still hold them, and it is not waited for.
const PIPE_GRACE: Duration = Duration::from_secs(2);

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
    Crashed(Crash),
    /// Still running when the time limit came; the runner killed it.
    TimedOut(Duration),
}

/// A process that ended by a signal (Unix) or an exception (Windows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crash {
    /// The signal's number, on Unix.
    pub signal: Option<i32>,
    /// "segmentation fault (SIGSEGV)", "crashed with exception 0xC0000005".
    pub description: String,
}

impl std::fmt::Display for Crash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.description)
    }
}

/// Unix's number for SIGKILL, the same on every Unix.
const SIGKILL: i32 = 9;

impl Crash {
    /// What most likely made the process crash, read from what it printed (`output`)
    /// and the signal: the signal alone rarely tells a learner what to fix. It reads
    /// after "most likely from".
    pub fn likely_cause(&self, output: &str) -> Option<&'static str> {
        if output.contains("has overflowed its stack") || output.contains("stack overflow") {
            Some(says::stack_overflow())
        } else if output.contains("memory allocation of ") && output.contains(" failed") {
            Some(says::out_of_memory())
        } else if self.signal == Some(SIGKILL) {
            // The runner kills only at the time limit, and reports that as such: this
            // SIGKILL came from the system, whose usual reason is memory.
            Some(says::killed_by_the_system())
        } else {
            None
        }
    }
}

impl std::fmt::Display for Ending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ending::Exited(code) => write!(f, "exit status {code}"),
            Ending::Crashed(crash) => write!(f, "{crash}"),
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
/// with pip or `cargo install`), to completion. It stays in the terminal's process
/// group, so that Ctrl-C reaches it and it may read the keyboard; it still dies with
/// the runner on Linux.
pub fn run_attached(command: &mut Command) -> Result<Ending> {
    let program = command.get_program().to_string_lossy().into_owned();
    group::die_with_the_runner(command);
    let status = command
        .status()
        .with_context(|| format!("could not start `{program}`"))?;
    Ok(describe(status))
}

/// A long-lived process whose pipes the caller sets up and reads itself (`watch`'s
/// pytest server, which answers one line at a time). Its group ends when this is
/// dropped.
pub struct Server {
    pub child: Child,
    group: Group,
}

/// Start a long-lived process that the caller talks to; see [`Server`].
pub fn spawn_with_own_pipes(command: &mut Command) -> Result<Server> {
    let (child, group) = spawn_grouped(command)?;
    Ok(Server { child, group })
}

impl Drop for Server {
    fn drop(&mut self) {
        self.group.end();
        let _ = self.child.wait();
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
    group: Group,
    /// Present when the command was given `Stdio::piped()` for stdin.
    pub stdin: Option<ChildStdin>,
    stdout: Option<Capture>,
    stderr: Option<Capture>,
}

/// Start `command` with stdout and stderr captured; stdin is as the command sets it.
/// Call [`Running::finish`] on the same thread (see the module's notes).
pub fn spawn(command: &mut Command) -> Result<Running> {
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    let (mut child, group) = spawn_grouped(command)?;
    // Drain both pipes on their own threads: a child that fills one pipe while we wait
    // on the other would otherwise block forever.
    let stdout = child.stdout.take().map(Capture::start);
    let stderr = child.stderr.take().map(Capture::start);
    Ok(Running {
        stdin: child.stdin.take(),
        child,
        group,
        stdout,
        stderr,
    })
}

fn spawn_grouped(command: &mut Command) -> Result<(Child, Group)> {
    let program = command.get_program().to_string_lossy().into_owned();
    group::prepare(command);
    let child = command
        .spawn()
        .with_context(|| format!("could not start `{program}`"))?;
    let group = Group::led_by(&child);
    Ok((child, group))
}

impl Running {
    /// Wait for the child to end (or stop it at `limit`) and collect its output.
    pub fn finish(mut self, limit: Option<Duration>) -> Result<Finished> {
        drop(self.stdin.take()); // the child sees end-of-file, never a pipe left hanging
        let in_time = group::wait_for_end(&mut self.child, limit)?;
        // Whatever the child left running goes with it, so the pipes close.
        self.group.end();
        let status = self.child.wait()?;
        let ending = match limit {
            Some(limit) if !in_time => Ending::TimedOut(limit),
            _ => describe(status),
        };
        let deadline = Instant::now() + PIPE_GRACE;
        let collect = |capture: Option<Capture>| capture.map(|c| c.collect(deadline));
        Ok(Finished {
            stdout: collect(self.stdout.take()).unwrap_or_default(),
            stderr: collect(self.stderr.take()).unwrap_or_default(),
            ending,
        })
    }

    /// Stop the child: it is no longer needed.
    pub fn cancel(self) {
        drop(self);
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.group.end();
        let _ = self.child.wait();
    }
}

/// One output pipe, read on a thread of its own into a buffer that can be taken at any
/// time: what arrived is kept even when the pipe never closes.
struct Capture {
    bytes: Arc<Mutex<Vec<u8>>>,
    closed: Receiver<()>,
}

impl Capture {
    fn start(mut pipe: impl Read + Send + 'static) -> Capture {
        let bytes = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&bytes);
        let (closed_sender, closed) = mpsc::channel();
        thread::spawn(move || {
            let mut chunk = [0u8; 8192];
            loop {
                match pipe.read(&mut chunk) {
                    Ok(0) => break,
                    Ok(count) => sink
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .extend_from_slice(&chunk[..count]),
                    Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                    Err(_) => break,
                }
            }
            let _ = closed_sender.send(());
        });
        Capture { bytes, closed }
    }

    /// The output, once the pipe has closed or `deadline` has passed.
    fn collect(self, deadline: Instant) -> String {
        let _ = self
            .closed
            .recv_timeout(deadline.saturating_duration_since(Instant::now()));
        let bytes = self.bytes.lock().unwrap_or_else(PoisonError::into_inner);
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// How a process that ended with `status` ended.
pub fn describe(status: ExitStatus) -> Ending {
    match status.code() {
        Some(code) => ending_of_exit_code(Os::current(), code),
        None => Ending::Crashed(signal_crash(status)),
    }
}

/// How a process that exited with `code` on `os` ended. On Windows a crash is an exit
/// code: an NTSTATUS error such as 0xC0000005 (access violation), which has its two top
/// bits set. On Unix a crash is a signal, never an exit code.
fn ending_of_exit_code(os: Os, code: i32) -> Ending {
    if os.is_windows() && (code as u32) >= 0xC000_0000 {
        return Ending::Crashed(Crash {
            signal: None,
            description: format!("crashed with exception 0x{:08X}", code as u32),
        });
    }
    Ending::Exited(code)
}

#[cfg(unix)]
fn signal_crash(status: ExitStatus) -> Crash {
    use std::os::unix::process::ExitStatusExt;
    let signal = status.signal();
    Crash {
        signal,
        description: says::signal(signal),
    }
}

#[cfg(not(unix))]
fn signal_crash(_status: ExitStatus) -> Crash {
    Crash {
        signal: None,
        description: says::signal(None),
    }
}

/// The last `count` lines of a process's output: where the reason for a failure is.
pub fn last_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text.trim_end().lines().collect();
    lines[lines.len().saturating_sub(count)..].join("\n")
}

pub use group::Group;

/// Process groups on Unix: one per captured child, ended with `killpg`.
#[cfg(unix)]
mod group {
    use std::io::{self, Write};
    use std::os::unix::process::CommandExt;
    use std::process::{Child, ChildStdin, Command, Stdio};
    use std::sync::Once;
    use std::sync::atomic::{AtomicI32, Ordering};
    use std::sync::mpsc;
    use std::thread;
    use std::time::Duration;

    /// A process group the runner ends: by [`Group::end`], when dropped, on Ctrl-C,
    /// and (through the kernel or a watchdog) when the runner dies.
    pub struct Group {
        id: libc::pid_t,
        ended: bool,
        /// The process that ends the group if the runner dies first. On Linux too: the
        /// kernel's parent-death signal reaches the runner's child only, not a process
        /// the child started (a learner's `sleep`, which stays in the group).
        watchdog: Option<Watchdog>,
    }

    impl Group {
        /// The group of `child`, whose command was [`prepare`]d: the child leads it.
        pub fn led_by(child: &Child) -> Group {
            Group::adopt(child.id())
        }

        /// The group whose id is `leader`: one the runner did not start itself, such as
        /// a fork of the pytest server, which made its own group.
        pub fn adopt(leader: u32) -> Group {
            let id = libc::pid_t::try_from(leader).expect("process ids fit in pid_t");
            live_groups::add(id);
            let watchdog = Watchdog::start(id).ok();
            Group {
                id,
                ended: false,
                watchdog,
            }
        }

        /// Kill every process of the group. Once only; the next calls do nothing.
        pub fn end(&mut self) {
            if std::mem::replace(&mut self.ended, true) {
                return;
            }
            // SAFETY: killpg has no memory effects; at worst the group is gone (ESRCH).
            unsafe { libc::killpg(self.id, libc::SIGKILL) };
            live_groups::remove(self.id);
            if let Some(watchdog) = self.watchdog.take() {
                watchdog.release();
            }
        }
    }

    impl Drop for Group {
        fn drop(&mut self) {
            self.end();
        }
    }

    /// Make the child of `command` lead a new process group and die with the runner.
    pub fn prepare(command: &mut Command) {
        ends_groups_on_interrupt();
        command.process_group(0);
        die_with_the_runner(command);
    }

    /// Linux: the kernel sends the child SIGKILL when the thread that started it ends.
    #[cfg(target_os = "linux")]
    pub fn die_with_the_runner(command: &mut Command) {
        let runner = std::process::id() as libc::pid_t;
        // SAFETY: the closure runs in the child between fork and exec and calls only
        // prctl and getppid, which are async-signal-safe, and allocates nothing.
        unsafe {
            command.pre_exec(move || {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) == -1 {
                    return Err(io::Error::last_os_error());
                }
                // The runner may have died before prctl: then no signal would ever come.
                if libc::getppid() != runner {
                    return Err(io::Error::from_raw_os_error(libc::ESRCH));
                }
                Ok(())
            });
        }
    }

    /// Elsewhere only the group's watchdog does it (see [`Group::adopt`]).
    #[cfg(not(target_os = "linux"))]
    pub fn die_with_the_runner(_command: &mut Command) {}

    /// Wait up to `limit` (or for ever) for `child` to end, without reaping it: until
    /// it is reaped its process id, which is its group's id, cannot be reused, so the
    /// group can still be ended safely. False if it was still running at `limit`.
    pub fn wait_for_end(child: &mut Child, limit: Option<Duration>) -> io::Result<bool> {
        let pid = child.id() as libc::pid_t;
        let Some(limit) = limit else {
            return wait_without_reaping(pid).map(|()| true);
        };
        let (ended, ended_in_time) = mpsc::channel();
        // This thread stays blocked until the child ends: at once, if it was killed.
        thread::spawn(move || {
            let _ = ended.send(wait_without_reaping(pid));
        });
        match ended_in_time.recv_timeout(limit) {
            Ok(result) => result.map(|()| true),
            Err(_) => Ok(false),
        }
    }

    fn wait_without_reaping(pid: libc::pid_t) -> io::Result<()> {
        loop {
            // SAFETY: `info` is a valid siginfo_t for waitid to fill in.
            let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
            let flags = libc::WEXITED | libc::WNOWAIT;
            // SAFETY: as above; waitid only writes into `info`.
            if unsafe { libc::waitid(libc::P_PID, pid as libc::id_t, &mut info, flags) } == 0 {
                return Ok(());
            }
            let error = io::Error::last_os_error();
            if error.kind() != io::ErrorKind::Interrupted {
                return Err(error);
            }
        }
    }

    /// A `sh` that waits for a line from the runner on a pipe and kills the group
    /// unless that line is `released`: when the runner dies, however it dies, the pipe
    /// closes and `read` returns nothing.
    pub struct Watchdog {
        sh: Child,
        pipe: Option<ChildStdin>,
    }

    const WATCHDOG: &str = r#"read -r word; [ "$word" = released ] || kill -s KILL -- "-$1""#;

    impl Watchdog {
        pub fn start(group: libc::pid_t) -> io::Result<Watchdog> {
            let mut sh = Command::new("/bin/sh")
                .args(["-c", WATCHDOG, "workshop-watchdog", &group.to_string()])
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                // Its own group: a Ctrl-C at the terminal must not stop it first.
                .process_group(0)
                .spawn()?;
            let pipe = sh.stdin.take();
            Ok(Watchdog { sh, pipe })
        }

        /// The runner ended the group itself: the watchdog leaves without killing.
        pub fn release(mut self) {
            if let Some(mut pipe) = self.pipe.take() {
                let _ = pipe.write_all(b"released\n");
            }
            let _ = self.sh.wait();
        }

        /// What the runner's death does: the pipe closes without a word.
        #[cfg(test)]
        pub fn close_as_if_the_runner_died(mut self) {
            drop(self.pipe.take());
            let _ = self.sh.wait();
        }
    }

    /// Ctrl-C at the terminal reaches the runner only (its children lead groups of
    /// their own): end every live group, then die of the signal as if unhandled.
    /// SIGTERM and SIGHUP (the terminal closed) do the same.
    fn ends_groups_on_interrupt() {
        static INSTALLED: Once = Once::new();
        INSTALLED.call_once(|| {
            for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
                install(signal);
            }
        });
    }

    fn install(signal: libc::c_int) {
        // SAFETY: sigaction on valid, zeroed structures; the handler only reads atomics
        // and calls killpg, signal and raise, which are async-signal-safe.
        unsafe {
            let mut previous: libc::sigaction = std::mem::zeroed();
            libc::sigaction(signal, std::ptr::null(), &mut previous);
            if previous.sa_sigaction == libc::SIG_IGN {
                return; // started with the signal ignored (nohup): keep it so
            }
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = end_groups_then_die as extern "C" fn(libc::c_int) as usize;
            action.sa_flags = libc::SA_RESTART;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }

    extern "C" fn end_groups_then_die(signal: libc::c_int) {
        live_groups::kill_all();
        // SAFETY: async-signal-safe calls. The signal is blocked while this handler
        // runs, so the raised one is delivered, with the default action, on return.
        unsafe {
            libc::signal(signal, libc::SIG_DFL);
            libc::raise(signal);
        }
    }

    /// The groups alive now, in a fixed table of atomics that a signal handler can read.
    mod live_groups {
        use super::*;

        /// More children than the runner ever has at once (it has about three).
        const SLOTS: usize = 64;
        static LIVE: [AtomicI32; SLOTS] = [const { AtomicI32::new(0) }; SLOTS];

        /// Remember `group`; with every slot taken it is not remembered, and only the
        /// parent-death signal or the watchdog ends it after a Ctrl-C.
        pub fn add(group: libc::pid_t) {
            for slot in &LIVE {
                if slot
                    .compare_exchange(0, group, Ordering::SeqCst, Ordering::SeqCst)
                    .is_ok()
                {
                    return;
                }
            }
        }

        pub fn remove(group: libc::pid_t) {
            for slot in &LIVE {
                if slot
                    .compare_exchange(group, 0, Ordering::SeqCst, Ordering::SeqCst)
                    .is_ok()
                {
                    return;
                }
            }
        }

        pub fn kill_all() {
            for slot in &LIVE {
                let group = slot.load(Ordering::SeqCst);
                if group > 0 {
                    // SAFETY: killpg is async-signal-safe and has no memory effects.
                    unsafe { libc::killpg(group, libc::SIGKILL) };
                }
            }
        }

        #[cfg(test)]
        pub fn contains(group: libc::pid_t) -> bool {
            LIVE.iter().any(|slot| slot.load(Ordering::SeqCst) == group)
        }
    }

    #[cfg(test)]
    pub use live_groups::contains as is_live;
}

/// Job objects on Windows: one per captured child, holding it and every process it
/// starts. The runner holds the only handle to each; when the runner ends, however
/// it ends, Windows closes the handles and `KILL_ON_JOB_CLOSE` ends the jobs.
/// (Written to be read: this machine cannot build for Windows.)
#[cfg(windows)]
mod group {
    use std::io;
    use std::os::windows::io::AsRawHandle;
    use std::process::{Child, Command};
    use std::time::Duration;

    use wait_timeout::ChildExt;
    use windows_sys::Win32::Foundation::{CloseHandle, HANDLE};
    use windows_sys::Win32::System::JobObjects::{
        AssignProcessToJobObject, CreateJobObjectW, JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
        JOBOBJECT_EXTENDED_LIMIT_INFORMATION, JobObjectExtendedLimitInformation,
        SetInformationJobObject, TerminateJobObject,
    };

    pub struct Group {
        /// None if the job could not be made: then only the child itself is killed.
        job: Option<HANDLE>,
        child: Option<HANDLE>,
        ended: bool,
    }

    // SAFETY: job and process handles may be used from any thread.
    unsafe impl Send for Group {}

    impl Group {
        pub fn led_by(child: &Child) -> Group {
            let process = child.as_raw_handle() as HANDLE;
            // A child that starts a process before it is assigned to the job leaves
            // that one outside: std cannot start a child suspended.
            Group {
                job: new_job(process).ok(),
                child: Some(process),
                ended: false,
            }
        }

        /// Windows has no fork server (the one user of this on Unix): nothing to adopt.
        pub fn adopt(_leader: u32) -> Group {
            Group {
                job: None,
                child: None,
                ended: true,
            }
        }

        pub fn end(&mut self) {
            if std::mem::replace(&mut self.ended, true) {
                return;
            }
            match self.job {
                // SAFETY: a job handle this group owns.
                Some(job) => unsafe {
                    TerminateJobObject(job, 1);
                },
                None => {
                    if let Some(process) = self.child {
                        // SAFETY: the child's handle lives as long as its `Child`.
                        unsafe {
                            windows_sys::Win32::System::Threading::TerminateProcess(process, 1);
                        }
                    }
                }
            }
        }
    }

    impl Drop for Group {
        fn drop(&mut self) {
            self.end();
            if let Some(job) = self.job.take() {
                // SAFETY: the group owns this handle and closes it once.
                unsafe { CloseHandle(job) };
            }
        }
    }

    fn new_job(process: HANDLE) -> io::Result<HANDLE> {
        // SAFETY: no security attributes and no name: an anonymous job.
        let job = unsafe { CreateJobObjectW(std::ptr::null(), std::ptr::null()) };
        if job.is_null() {
            return Err(io::Error::last_os_error());
        }
        let mut limits = JOBOBJECT_EXTENDED_LIMIT_INFORMATION::default();
        limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        // SAFETY: `limits` is the structure this information class takes, alive
        // across the call; `process` is a valid process handle.
        let made = unsafe {
            SetInformationJobObject(
                job,
                JobObjectExtendedLimitInformation,
                (&raw const limits).cast(),
                size_of::<JOBOBJECT_EXTENDED_LIMIT_INFORMATION>() as u32,
            ) != 0
                && AssignProcessToJobObject(job, process) != 0
        };
        if !made {
            let error = io::Error::last_os_error();
            // SAFETY: the handle made above, closed once.
            unsafe { CloseHandle(job) };
            return Err(error);
        }
        Ok(job)
    }

    /// Console Ctrl-C reaches every process of the console, children included.
    pub fn prepare(_command: &mut Command) {}

    /// The job object does it.
    pub fn die_with_the_runner(_command: &mut Command) {}

    pub fn wait_for_end(child: &mut Child, limit: Option<Duration>) -> io::Result<bool> {
        match limit {
            None => child.wait().map(|_| true),
            Some(limit) => child.wait_timeout(limit).map(|status| status.is_some()),
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::sync::mpsc;

    /// Run `work` on a thread; a hang becomes a failure after `guard` instead of a
    /// test that never ends.
    fn within<T: Send + 'static>(guard: Duration, work: impl FnOnce() -> T + Send + 'static) -> T {
        let (sender, result) = mpsc::channel();
        thread::spawn(move || {
            let _ = sender.send(work());
        });
        result
            .recv_timeout(guard)
            .expect("hung: the runner waited for a process it should have ended")
    }

    /// Whether process `pid` still exists (a zombie counts as gone: it runs nothing).
    fn alive(pid: u32) -> bool {
        std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
            stat.rsplit(')')
                .next()
                .is_some_and(|rest| !rest.trim_start().starts_with('Z'))
        })
    }

    fn gone_soon(pid: u32) -> bool {
        let deadline = Instant::now() + Duration::from_secs(10);
        while alive(pid) {
            if Instant::now() > deadline {
                return false;
            }
            thread::sleep(Duration::from_millis(20));
        }
        true
    }

    #[test]
    fn a_grandchild_holding_the_pipes_ends_with_its_parent() {
        // The shell starts a long sleep in the background (it inherits the pipes) and
        // exits at once: the runner must neither wait for the sleep nor leave it behind.
        let finished = within(Duration::from_secs(60), || {
            run(Command::new("sh").args(["-c", "sleep 300 & echo $!"]), None).unwrap()
        });
        assert_eq!(finished.ending, Ending::Exited(0));
        let sleep: u32 = finished.stdout.trim().parse().expect("the sleep's pid");
        assert!(gone_soon(sleep), "the background sleep {sleep} survived");
    }

    #[test]
    fn the_time_limit_ends_the_whole_group() {
        let finished = within(Duration::from_secs(60), || {
            run(
                Command::new("sh").args(["-c", "sleep 300 & echo $!; sleep 300"]),
                Some(Duration::from_millis(500)),
            )
            .unwrap()
        });
        assert_eq!(
            finished.ending,
            Ending::TimedOut(Duration::from_millis(500))
        );
        let sleep: u32 = finished.stdout.trim().parse().expect("the sleep's pid");
        assert!(gone_soon(sleep), "the background sleep {sleep} survived");
    }

    #[test]
    fn a_finished_group_is_forgotten() {
        let running = spawn(Command::new("sh").args(["-c", "exit 3"])).unwrap();
        let leader = running.child.id() as libc::pid_t;
        assert!(group::is_live(leader));
        let finished = running.finish(None).unwrap();
        assert_eq!(finished.ending, Ending::Exited(3));
        assert!(!group::is_live(leader));
    }

    #[test]
    fn the_watchdog_ends_the_group_when_the_runner_goes() {
        let mut sleeper =
            std::os::unix::process::CommandExt::process_group(&mut Command::new("sleep"), 0)
                .arg("300")
                .spawn()
                .unwrap();
        let watchdog = group::Watchdog::start(sleeper.id() as libc::pid_t).unwrap();
        watchdog.close_as_if_the_runner_died();
        let status = within(Duration::from_secs(60), move || sleeper.wait().unwrap());
        assert_eq!(
            describe(status),
            Ending::Crashed(Crash {
                signal: Some(SIGKILL),
                description: "killed (SIGKILL)".into()
            })
        );
    }

    #[test]
    fn a_crash_names_its_likely_cause() {
        let abort = Crash {
            signal: Some(6),
            description: "aborted (SIGABRT)".into(),
        };
        let overflow =
            "\nthread 'deep' has overflowed its stack\nfatal runtime error: stack overflow\n";
        assert!(
            abort
                .likely_cause(overflow)
                .unwrap()
                .contains("stack overflow")
        );
        let no_memory = "memory allocation of 34359738368 bytes failed\n";
        assert!(
            abort
                .likely_cause(no_memory)
                .unwrap()
                .contains("out of memory")
        );
        assert_eq!(abort.likely_cause("assertion failed"), None);
        let killed = Crash {
            signal: Some(SIGKILL),
            description: "killed (SIGKILL)".into(),
        };
        assert!(killed.likely_cause("").unwrap().contains("memory"));
    }
}

#[cfg(test)]
mod exit_code_tests {
    use super::*;

    #[test]
    fn an_ntstatus_exit_code_is_a_crash_on_windows_and_an_exit_code_on_unix() {
        let access_violation = 0xC000_0005_u32 as i32;
        let Ending::Crashed(crash) = ending_of_exit_code(Os::Windows, access_violation) else {
            panic!("an access violation on Windows was not taken for a crash");
        };
        assert_eq!(crash.description, "crashed with exception 0xC0000005");
        assert_eq!(
            ending_of_exit_code(Os::Linux, access_violation),
            Ending::Exited(access_violation)
        );
        assert_eq!(ending_of_exit_code(Os::Windows, 1), Ending::Exited(1));
        assert_eq!(ending_of_exit_code(Os::Macos, 101), Ending::Exited(101));
    }
}
