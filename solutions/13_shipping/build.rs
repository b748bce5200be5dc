//! The Rust test suite runs inside an embedded Python, so its test binary links
//! libpython. Record where that library lives, or the binary may load another
//! Python's copy (or none) at run time.
fn main() {
    pyo3_build_config::add_libpython_rpath_link_args();
}
