//! The lifetimes section of the chapter "Types across the boundary": `Bound<'py, T>`
//! with its lifetime written out, and `Py<T>` for a Python object kept between calls.

use pyo3::prelude::*;
use pyo3::types::PyList;

// ANCHOR: explicit_py
/// The longest item of a Python list (by `len()`), handed back as the same object.
///
/// `'py` is the lifetime of the `Python<'py>` token that `items` was bound with. The
/// result carries the same `'py`: it is valid exactly as long as the list is, and the
/// compiler refuses any use of it after the interpreter has been let go.
pub fn longest<'py>(items: &Bound<'py, PyList>) -> PyResult<Option<Bound<'py, PyAny>>> {
    let mut best: Option<(usize, Bound<'py, PyAny>)> = None;
    for item in items.iter() {
        let length = item.len()?;
        if best.as_ref().is_none_or(|(longest, _)| length > *longest) {
            best = Some((length, item));
        }
    }
    Ok(best.map(|(_, item)| item))
}
// ANCHOR_END: explicit_py

// ANCHOR: py_vs_bound
/// Remembers the last value it was given, from one call to the next.
///
/// A field cannot be a `Bound<'py, PyAny>`: no `'py` outlives the call that made it.
/// `Py<PyAny>` is the same reference without the lifetime, safe to keep anywhere;
/// `unbind()` turns a `Bound` into one, and `bind(py)` or `into_bound(py)` turns it back.
#[pyclass]
pub struct LastSeen {
    value: Option<Py<PyAny>>,
}

#[pymethods]
impl LastSeen {
    #[new]
    pub fn new() -> Self {
        LastSeen { value: None }
    }

    /// Keep `value` and return the one kept before (`None` the first time).
    pub fn swap<'py>(
        &mut self,
        py: Python<'py>,
        value: Bound<'py, PyAny>,
    ) -> Option<Bound<'py, PyAny>> {
        let previous = self.value.replace(value.unbind());
        previous.map(|kept| kept.into_bound(py))
    }
}
// ANCHOR_END: py_vs_bound

impl Default for LastSeen {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_hands_back_the_same_object() {
        Python::initialize();
        Python::attach(|py| {
            let items = PyList::new(py, ["ab", "abcd", "abc"]).unwrap();
            let found = longest(&items).unwrap().unwrap();
            assert!(found.is(items.get_item(1).unwrap()));
            assert!(longest(&PyList::empty(py)).unwrap().is_none());
        });
    }

    #[test]
    fn py_keeps_a_value_between_calls() {
        Python::initialize();
        let seen = Python::attach(|py| Py::new(py, LastSeen::new()).unwrap());
        // Each attach is a new `'py`: only the `Py` fields survive from one to the next.
        Python::attach(|py| {
            let first = seen.bind(py).call_method1("swap", ("first",)).unwrap();
            assert!(first.is_none());
        });
        Python::attach(|py| {
            let before: String = seen
                .bind(py)
                .call_method1("swap", ("second",))
                .unwrap()
                .extract()
                .unwrap();
            assert_eq!(before, "first");
        });
    }
}
