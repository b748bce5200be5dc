//! The program embeds Python, so it links libpython. Record where that library lives,
//! or the binary (and its tests) may load another Python's copy at run time.
//! Also record which Python version it was built against, so that it can refuse a
//! venv of another version with a clear message instead of crashing.
fn main() {
    pyo3_build_config::add_libpython_rpath_link_args();
    let version = pyo3_build_config::get().version();
    println!(
        "cargo:rustc-env=DSPY_ASK_PYTHON_VERSION={}.{}",
        version.major, version.minor
    );
}
