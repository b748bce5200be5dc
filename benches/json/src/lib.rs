//! The `rjson_bench` module: the reference `loads` of exercise 06 under a module name of
//! its own, built in release mode by `cargo workshop bench 06`, so that
//! benches/json_compare.py can time it beside the learner's `rjson`.

use pyo3::prelude::*;

#[pymodule]
mod rjson_bench {
    use pyo3::prelude::*;

    #[pymodule_export]
    use rjson::loads;

    /// "release" or "debug": the harness warns when its numbers come from a debug build.
    #[pyfunction]
    fn build_profile() -> &'static str {
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    }
}
