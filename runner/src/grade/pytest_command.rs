//! The pytest command line and environment shared by every way the runner starts
//! pytest: directly (`pytest_suite.rs`) and through `watch`'s fork server
//! (`pytest_server.rs`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::python_env::Venv;

/// Where the runner's Python helpers live (the reporting plugin among them).
pub fn python_dir(root: &Path) -> PathBuf {
    root.join("runner").join("python")
}

/// The environment every pytest run of the runner gets.
pub fn set_pytest_env(command: &mut Command, root: &Path, venv: &Venv) {
    command
        .env("PYTHONPATH", python_dir(root))
        .env("VIRTUAL_ENV", &venv.dir)
        // pytest caches the modules it rewrites as .pyc files; without that cache
        // every run rewrites them again (about 1.5 s here).
        .env_remove("PYTHONDONTWRITEBYTECODE")
        .env("RUST_BACKTRACE", "0");
    // The programs of the program exercises, which pytest starts, link libpython.
    venv.let_find_libpython(command);
}
