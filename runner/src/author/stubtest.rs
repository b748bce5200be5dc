//! Do the type stubs tell the truth? mypy's stubtest imports the installed module and
//! compares every function and class in its `.pyi` with the compiled one.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::Result;

use crate::process;
use crate::process::last_lines;
use crate::python_env::Venv;

/// Check `module`, as installed in `venv`, against its stub. `Ok` holds a summary,
/// `Err` what stubtest found wrong.
pub fn stubs_match(
    root: &Path,
    venv: &Venv,
    work_dir: &Path,
    module: &str,
) -> Result<Result<String, String>> {
    let script = root
        .join("runner")
        .join("python")
        .join("workshop_stubtest.py");
    // Run outside the repository, so that nothing there shadows the installed module.
    let finished = process::run(
        Command::new(venv.python())
            .arg(script)
            .args(["--concise", module])
            .current_dir(work_dir)
            .env("VIRTUAL_ENV", &venv.dir),
        Some(Duration::from_secs(300)),
    )?;
    Ok(if finished.success() {
        Ok(format!("{module}.pyi matches the compiled module"))
    } else {
        Err(last_lines(
            &format!("{}{}", finished.stdout, finished.stderr),
            15,
        ))
    })
}
