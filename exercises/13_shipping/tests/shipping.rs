//! Exercise 13, the Rust test suite.
//!
//! Change the code (src/lib.rs, pyproject.toml, the stub) to make the tests below pass.
//! Do not change the tests: they grade your solution and the reference one alike.

use pyo3::prelude::*;

#[test]
fn module_version_is_the_crate_version() {
    Python::attach(|py| {
        let module = pyo3::wrap_pymodule!(slugify::slugify_module)(py);
        let version = module
            .bind(py)
            .getattr("__version__")
            .expect("the module has no __version__ attribute");
        let version: String = version.extract().expect("__version__ must be a str");
        // This test is compiled by Cargo too, with the same package version.
        assert_eq!(version, env!("CARGO_PKG_VERSION"));
    });
}
