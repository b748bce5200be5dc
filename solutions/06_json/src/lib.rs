//! Exercise 06: `json.loads`, written in Rust.
//!
//! Fill in the TODOs in `src/parser.rs`, then run `cargo workshop check 06`.
//! The book's chapter "Crossing the boundary: types" explains everything used here.
//!
//! In Python, the finished module behaves like this:
//!
//! ```python
//! >>> import rjson
//! >>> rjson.loads('{"name": "Ada", "born": 1815, "tags": ["math", null]}')
//! {'name': 'Ada', 'born': 1815, 'tags': ['math', None]}
//! >>> rjson.loads('[1, 2,')
//! Traceback (most recent call last):
//!   ...
//! json.decoder.JSONDecodeError: Expecting value: line 1 column 7 (char 6)
//! ```

use pyo3::prelude::*;
use pyo3::types::PyString;

mod parser;

pub use parser::MAX_DEPTH;

// ANCHOR: loads
/// Parse the JSON document `s` into Python objects, exactly as `json.loads(s)` does.
///
/// Invalid JSON raises `json.JSONDecodeError` (Python's own class) with the position
/// the standard library would report. The parameter is the Python `str` itself, not a
/// `&str` copy of it: an error needs the original object, which `JSONDecodeError`
/// keeps as its `doc`.
#[pyfunction]
pub fn loads<'py>(s: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyAny>> {
    // The str's text as UTF-8, borrowed from the object: an ASCII str's own bytes, or
    // the UTF-8 copy Python makes of any other str once and keeps with it.
    let text = s.to_str()?;
    parser::Parser::new(s, text).parse_document()
}
// ANCHOR_END: loads

/// The Python module `rjson`. Its name must match `module-name` in pyproject.toml.
#[pymodule(name = "rjson")]
mod rjson_module {
    #[pymodule_export]
    use super::loads;
}
