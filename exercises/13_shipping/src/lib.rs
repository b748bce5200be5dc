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
    // TODO: give the module a `__version__` attribute, a `str` equal to the version in
    // Cargo.toml. Do not type the number: let Cargo hand it to the compiler (look for
    // the environment variables Cargo sets at compile time, and the macro that reads
    // one). A function marked `#[pymodule_init]` runs when Python imports the module
    // and gets the module as `&Bound<'_, PyModule>`, to `add` attributes to.
    // ANCHOR_END: todo-version
}
