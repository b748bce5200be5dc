//! Starting the embedded Python as the project's virtual environment.
//!
//! A Rust program that embeds Python has no `python` command in front of it, so it
//! must say which environment it wants: the venv in `VIRTUAL_ENV` when one is
//! active, otherwise the workshop's `.venv`, next to the program's own repository.
//! Never whatever `python3` comes first on `PATH`: that one may have another standard
//! library, and no DSPy. And never a `.venv` that happens to sit above the current
//! folder: starting Python runs code from its venv.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use pyo3::prelude::*;

use crate::StartError;

// ANCHOR: find_venv
/// The virtual environment to run: `virtual_env` (the value of `VIRTUAL_ENV`) when
/// set, otherwise the workshop's own `.venv`, in the repository that holds `program`
/// (this program's path: `target/debug/dspy-ask` is inside the repository). The
/// repository is the first folder above `program` with a `workshop.toml`.
///
/// Never a `.venv` above the current folder: Python runs the code of the venv it starts
/// in (its `.pth` files, `sitecustomize`), and a `.venv` that sits in a downloads folder
/// is anybody's code.
pub fn find_venv(virtual_env: Option<&OsStr>, program: &Path) -> Result<PathBuf, StartError> {
    // ANCHOR: todo-venv
    // TODO: pick the virtual environment Python should run as.
    // - A non-empty `virtual_env` wins: that is the venv the learner activated.
    // - Otherwise the workshop's `.venv`: look for the repository in the folder that
    //   holds `program`, then its parent, and so on up (`program.ancestors()`); the
    //   repository is the first folder with a `workshop.toml` file, and its venv is the
    //   `.venv` folder in it. No repository, or no `.venv` in it, is
    //   `StartError::NoVenv`.
    // - A venv is a folder with a `pyvenv.cfg` file: a chosen folder without one is
    //   `StartError::NotAVenv`.
    // Constraint: never fall back to the `python3` on PATH: it may be another Python,
    // with another standard library and no DSPy. And never look above the current
    // folder: a `.venv` planted in a downloads folder would run its code in yours.
    // Read: "Embedding Python in Rust", "Finding the venv".
    // Extra challenge: write the search as one iterator chain ending in `.find(…)`.
    todo!("find the venv ({virtual_env:?}) for {}", program.display())
    // ANCHOR_END: todo-venv
}
// ANCHOR_END: find_venv

/// The venv's own `python` executable.
pub fn venv_python(venv: &Path) -> PathBuf {
    if cfg!(windows) {
        venv.join("Scripts").join("python.exe")
    } else {
        venv.join("bin").join("python")
    }
}

/// The venv's Python version (`3.11`) as its `pyvenv.cfg` records it.
fn venv_version(venv: &Path) -> Option<String> {
    let cfg = std::fs::read_to_string(venv.join("pyvenv.cfg")).ok()?;
    cfg.lines().find_map(|line| {
        let (key, value) = line.split_once('=')?;
        let key = key.trim();
        (key == "version" || key == "version_info").then(|| {
            let mut parts = value.trim().split('.');
            format!(
                "{}.{}",
                parts.next().unwrap_or(""),
                parts.next().unwrap_or("")
            )
        })
    })
}

/// The outcome of the one start-up, shared by every caller (and every test thread).
static STARTED: OnceLock<Result<PathBuf, StartError>> = OnceLock::new();

// ANCHOR: ensure_started
/// This program's venv: `VIRTUAL_ENV`, else the workshop's `.venv`, found from where
/// the program itself lives (not from the current folder: see `find_venv`).
pub fn locate_venv() -> Result<PathBuf, StartError> {
    let program = std::env::current_exe().unwrap_or_default();
    find_venv(std::env::var_os("VIRTUAL_ENV").as_deref(), &program)
}

/// Start Python once per process, as the venv `locate_venv` picks; return that venv.
/// Later calls return the first outcome.
pub fn ensure_started() -> Result<PathBuf, StartError> {
    STARTED
        .get_or_init(|| {
            let venv = locate_venv()?;
            start_as(&venv)?;
            Ok(venv)
        })
        .clone()
}
// ANCHOR_END: ensure_started

/// Check the venv matches the Python this program is linked against, then start it.
fn start_as(venv: &Path) -> Result<(), StartError> {
    let python = venv_python(venv);
    let built = env!("DSPY_ASK_PYTHON_VERSION");
    if let Some(found) = venv_version(venv)
        && found != built
    {
        return Err(StartError::WrongPythonVersion {
            venv: venv.to_path_buf(),
            python,
            found,
            built: built.to_string(),
        });
    }
    initialize_as(venv, &python)?;
    restore_default_sigint()
}

/// CPython's start-up installs its own Ctrl-C handler, which only acts when Python
/// code runs on this thread. Put back the default, so that Ctrl-C stops the program
/// even while Rust is waiting. (This thread is Python's main thread: it started it.)
fn restore_default_sigint() -> Result<(), StartError> {
    Python::attach(|py| {
        let signal = py.import("signal")?;
        signal.call_method1(
            "signal",
            (signal.getattr("SIGINT")?, signal.getattr("SIG_DFL")?),
        )?;
        Ok(())
    })
    .map_err(|err: PyErr| StartError::Interpreter(err.to_string()))
}

#[cfg(unix)]
fn initialize_as(_venv: &Path, python: &Path) -> Result<(), StartError> {
    use std::os::unix::ffi::OsStrExt;

    let program = std::ffi::CString::new(python.as_os_str().as_bytes())
        .map_err(|_| StartError::Interpreter("the venv's path contains a NUL byte".into()))?;
    // SAFETY: `pyo3::ffi::Py_IsInitialized` may be called at any time. Only this
    // function initializes Python in this program, and `STARTED` runs it at most once.
    if unsafe { pyo3::ffi::Py_IsInitialized() } != 0 {
        return Ok(());
    }
    // SAFETY: see `config_ffi`: the config lives in a buffer larger than CPython's
    // `PyConfig`, is initialized by CPython before use and cleared once after;
    // `program` outlives the calls that read it.
    unsafe { config_ffi::initialize_with_argv0(&program) }?;
    // `Py_InitializeFromConfig` leaves this thread attached to the interpreter.
    // Detach, so that `Python::attach` works from any thread, this one included.
    // SAFETY: Python is initialized and this thread holds the GIL.
    unsafe { pyo3::ffi::PyEval_SaveThread() };
    Ok(())
}

#[cfg(not(unix))]
fn initialize_as(venv: &Path, _python: &Path) -> Result<(), StartError> {
    // Windows finds the standard library next to the interpreter's DLL, not through
    // PATH, so PyO3's own start-up finds the right one; add the venv's packages.
    Python::initialize();
    Python::attach(|py| {
        let site_packages = venv.join("Lib").join("site-packages");
        py.import("site")?
            .call_method1("addsitedir", (site_packages,))?;
        Ok(())
    })
    .map_err(|err: PyErr| StartError::Interpreter(err.to_string()))
}

/// Starting Python through CPython's `PyConfig` API.
///
/// PyO3 is built here for the stable ABI (abi3), which leaves `PyConfig` out: its
/// layout changes with every Python version. So this module never reads or writes a
/// field of it. It hands CPython a buffer, lets CPython fill it, and sets `argv[0]`
/// to the venv's python: CPython derives `program_name` from `argv[0]`, and from
/// `program_name` it finds `pyvenv.cfg`, the standard library and site-packages,
/// exactly as when you run that python yourself.
#[cfg(unix)]
mod config_ffi {
    use std::ffi::{CStr, c_char, c_int};

    use crate::StartError;

    /// Storage for a CPython `PyConfig`, which is under 1 KiB in every CPython from
    /// 3.10 to 3.14; 8 KiB leaves room for growth.
    #[repr(C, align(16))]
    pub struct PyConfig {
        _storage: [u8; 8192],
    }

    /// CPython's `PyStatus`, returned by value; unchanged since Python 3.8.
    #[repr(C)]
    pub struct PyStatus {
        kind: c_int,
        _func: *const c_char,
        err_msg: *const c_char,
        exitcode: c_int,
    }

    unsafe extern "C" {
        fn PyConfig_InitPythonConfig(config: *mut PyConfig);
        fn PyConfig_SetBytesArgv(
            config: *mut PyConfig,
            argc: isize,
            argv: *const *const c_char,
        ) -> PyStatus;
        fn Py_InitializeFromConfig(config: *const PyConfig) -> PyStatus;
        fn PyConfig_Clear(config: *mut PyConfig);
    }

    // ANCHOR: initialize
    /// Start Python as if `program` (the venv's python) had been run.
    ///
    /// # Safety
    /// Call at most once, before anything else initializes Python in this process.
    pub unsafe fn initialize_with_argv0(program: &CStr) -> Result<(), StartError> {
        let mut config = Box::new(PyConfig {
            _storage: [0; 8192],
        });
        let config: *mut PyConfig = &mut *config;
        let argv = [program.as_ptr()];
        // SAFETY: `config` points to zeroed, aligned storage larger than `PyConfig`;
        // CPython initializes it here and we only pass the pointer back to CPython.
        // `argv` holds one valid C string that CPython copies before returning.
        unsafe {
            PyConfig_InitPythonConfig(config);
            let status = PyConfig_SetBytesArgv(config, 1, argv.as_ptr());
            let status = if status.kind == 0 {
                Py_InitializeFromConfig(config)
            } else {
                status
            };
            PyConfig_Clear(config);
            check(status)
        }
    }
    // ANCHOR_END: initialize

    /// Turn a failed `PyStatus` into an error with CPython's own message.
    ///
    /// # Safety
    /// `status.err_msg` is null or a static C string, as CPython documents.
    unsafe fn check(status: PyStatus) -> Result<(), StartError> {
        if status.kind == 0 {
            return Ok(());
        }
        let message = if status.err_msg.is_null() {
            format!("exit code {}", status.exitcode)
        } else {
            // SAFETY: non-null `err_msg` is a NUL-terminated static string.
            unsafe { CStr::from_ptr(status.err_msg) }
                .to_string_lossy()
                .into_owned()
        };
        Err(StartError::Interpreter(message))
    }
}
