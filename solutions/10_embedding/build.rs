//! The program and its Rust test suite embed Python, so both link
//! libpython. Record where that library lives, or the binary may load another
//! Python's copy (or none) at run time.
fn main() {
    pyo3_build_config::add_libpython_rpath_link_args();
}
