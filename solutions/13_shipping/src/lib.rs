//! Exercise 13: ship it. `slugify` already works; make it a package others can install.
//!
//! The code below is done. The work of this exercise is packaging: pyproject.toml, a
//! type stub, and the module's `__version__` (the one TODO in this file). The book's
//! chapter "Shipping it" explains each step; `cargo workshop check 13` grades them.

use pyo3::prelude::*;

// ANCHOR: slugify
/// Turn `text` into a URL slug: letters and digits, lowercased, with every run of other
/// characters replaced by one `separator`, and none at either end.
#[pyfunction]
#[pyo3(signature = (text, separator = "-"))]
pub fn slugify(text: &str, separator: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    // A separator is written only once the next kept character arrives: a run of
    // punctuation becomes one separator, and the slug never ends with one.
    let mut gap = false;
    for character in text.chars() {
        if character.is_alphanumeric() {
            if gap && !slug.is_empty() {
                slug.push_str(separator);
            }
            gap = false;
            slug.extend(character.to_lowercase());
        } else {
            gap = true;
        }
    }
    slug
}
// ANCHOR_END: slugify

/// The Python module `slugify`. Its name must match `module-name` in pyproject.toml.
#[pymodule(name = "slugify")]
pub mod slugify_module {
    #[pymodule_export]
    use super::slugify;

    // ANCHOR: todo-version
    use pyo3::prelude::*;

    /// Runs when Python imports the module.
    #[pymodule_init]
    fn init(module: &Bound<'_, PyModule>) -> PyResult<()> {
        // Cargo sets CARGO_PKG_VERSION to Cargo.toml's version for every compilation,
        // so a release bumps one line and the module follows.
        module.add("__version__", env!("CARGO_PKG_VERSION"))
    }
    // ANCHOR_END: todo-version
}
