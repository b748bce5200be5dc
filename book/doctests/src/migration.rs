//! The migration appendix: the PyO3 0.30 form of every PyO3 0.20 idiom the
//! workshop's source material uses. The appendix shows each region below next to
//! the old form; the tests run each one in an embedded interpreter.

use std::ffi::CString;
use std::sync::mpsc;
use std::thread;

use pyo3::exceptions::{PyKeyError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{IntoPyDict, PyDict, PyList};

// ANCHOR: module
#[pyfunction]
fn sum_as_string(a: usize, b: usize) -> String {
    (a + b).to_string()
}

#[pyclass]
struct Greeter {
    name: String,
}

#[pymethods]
impl Greeter {
    #[new]
    fn new(name: String) -> Self {
        Self { name }
    }

    fn greet(&self) -> String {
        format!("Hello, {}!", self.name)
    }
}

/// One declaration lists everything the module exports.
#[pymodule]
mod my_extension {
    #[pymodule_export]
    use super::{Greeter, sum_as_string};
}
// ANCHOR_END: module

// ANCHOR: attach
/// `Python::with_gil` is now `Python::attach`.
pub fn python_version() -> PyResult<String> {
    Python::attach(|py| {
        let sys = py.import("sys")?;
        sys.getattr("version")?.extract()
    })
}
// ANCHOR_END: attach

// ANCHOR: initialize
/// A Rust program that embeds Python starts the interpreter once, up front.
/// (`prepare_freethreaded_python()` is gone; the `auto-initialize` feature, which makes
/// the first `Python::attach` do this, is still there.)
pub fn start_python() {
    Python::initialize();
}
// ANCHOR_END: initialize

// ANCHOR: detach
/// `py.allow_threads` is now `py.detach`: the closure runs without the interpreter.
pub fn sum_of_squares(py: Python<'_>, n: u64) -> u64 {
    py.detach(|| (1..=n).map(|k| k * k).sum())
}
// ANCHOR_END: detach

// ANCHOR: sys_path
/// `&PyList` and `.downcast()` are now `Bound<PyList>` and `.cast_into()`.
pub fn prepend_to_sys_path(py: Python<'_>, folder: &str) -> PyResult<()> {
    let path = py.import("sys")?.getattr("path")?.cast_into::<PyList>()?;
    path.insert(0, folder)?;
    Ok(())
}
// ANCHOR_END: sys_path

// ANCHOR: new_list
/// Constructors that can fail now say so: `PyList::new` returns a `PyResult`.
pub fn python_sum(py: Python<'_>, numbers: &[i64]) -> PyResult<i64> {
    let list = PyList::new(py, numbers)?;
    let builtins = py.import("builtins")?;
    builtins.getattr("sum")?.call1((list,))?.extract()
}
// ANCHOR_END: new_list

// ANCHOR: run
/// Code is a C string literal now, and the locals dictionary is borrowed.
pub fn run_with_locals(py: Python<'_>) -> PyResult<i64> {
    let list = PyList::new(py, [1, 2, 3])?;
    let locals = [("my_list", list)].into_py_dict(py)?;
    py.run(c"total = sum(my_list)", None, Some(&locals))?;
    let total = locals.get_item("total")?;
    total
        .ok_or_else(|| PyKeyError::new_err("the code did not set `total`"))?
        .extract()
}
// ANCHOR_END: run

// ANCHOR: from_code
/// `PyModule::from_code` takes `&CStr` for the code, file name and module name.
pub fn load_module_from_source<'py>(
    py: Python<'py>,
    source: &str,
) -> PyResult<Bound<'py, PyModule>> {
    let code = CString::new(source)
        .map_err(|_| PyValueError::new_err("Python source must not contain NUL bytes"))?;
    PyModule::from_code(py, &code, c"qa_module.py", c"qa_module")
}
// ANCHOR_END: from_code

// ANCHOR: call
/// Arguments are one tuple: `call1((question,))`, not `call1(((question,),))`.
pub fn call_upper(py: Python<'_>, text: &str) -> PyResult<String> {
    let upper = py.eval(c"str.upper", None, None)?;
    upper.call1((text,))?.extract()
}
// ANCHOR_END: call

// ANCHOR: cached_object
/// `Py<PyAny>` (once `PyObject`) outlives any one attach; `.bind(py)` replaces `.as_ref(py)`.
pub struct CachedCallable {
    callable: Py<PyAny>,
}

impl CachedCallable {
    pub fn new(py: Python<'_>, expression: &std::ffi::CStr) -> PyResult<Self> {
        let callable = py.eval(expression, None, None)?;
        Ok(Self {
            callable: callable.unbind(),
        })
    }

    pub fn call(&self, argument: &str) -> PyResult<String> {
        Python::attach(|py| self.callable.bind(py).call1((argument,))?.extract())
    }
}
// ANCHOR_END: cached_object

// ANCHOR: dict_items
/// `PyDict::get_item` returns `PyResult<Option<…>>`: a missing key is not an error.
pub fn keywords_of(analysis: &Bound<'_, PyDict>) -> PyResult<Vec<String>> {
    match analysis.get_item("keywords")? {
        Some(value) => value.extract(),
        None => Ok(Vec::new()),
    }
}
// ANCHOR_END: dict_items

// ANCHOR: error_conversion
/// Converting a `PyErr` to text no longer needs the GIL by hand.
#[derive(Debug)]
pub enum BridgeError {
    Python(String),
}

impl From<PyErr> for BridgeError {
    fn from(err: PyErr) -> Self {
        BridgeError::Python(err.to_string())
    }
}
// ANCHOR_END: error_conversion

// ANCHOR: worker
/// A `#[pyclass]` must be `Send + Sync` now; an `mpsc::Sender` is both.
#[pyclass]
pub struct BackgroundWorker {
    sender: mpsc::Sender<String>,
    handle: thread::JoinHandle<usize>,
}

#[pymethods]
impl BackgroundWorker {
    #[new]
    fn new() -> Self {
        let (sender, receiver) = mpsc::channel::<String>();
        let handle = thread::spawn(move || receiver.iter().map(|message| message.len()).sum());
        Self { sender, handle }
    }

    /// Never `unwrap()` across the boundary: a closed channel becomes an exception.
    fn process(&self, data: String) -> PyResult<()> {
        self.sender
            .send(data)
            .map_err(|_| PyValueError::new_err("the worker has stopped"))
    }
}
// ANCHOR_END: worker

impl BackgroundWorker {
    /// Closes the channel and waits for the worker: the total length it processed.
    pub fn finish(self) -> usize {
        let Self { sender, handle } = self;
        drop(sender);
        handle.join().expect("the worker thread does not panic")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_module_exports_its_function_and_class() {
        start_python();
        Python::attach(|py| {
            let module = pyo3::wrap_pymodule!(my_extension)(py);
            let module = module.bind(py);
            let sum: String = module
                .getattr("sum_as_string")
                .unwrap()
                .call1((2, 3))
                .unwrap()
                .extract()
                .unwrap();
            assert_eq!(sum, "5");
            let greeter = module
                .getattr("Greeter")
                .unwrap()
                .call1(("Ferris",))
                .unwrap();
            let greeting: String = greeter.call_method0("greet").unwrap().extract().unwrap();
            assert_eq!(greeting, "Hello, Ferris!");
        });
    }

    #[test]
    fn attach_detach_and_lists() {
        start_python();
        assert!(python_version().unwrap().starts_with('3'));
        Python::attach(|py| {
            assert_eq!(sum_of_squares(py, 3), 14);
            assert_eq!(python_sum(py, &[1, 2, 39]).unwrap(), 42);
            assert_eq!(run_with_locals(py).unwrap(), 6);
            assert_eq!(call_upper(py, "gil").unwrap(), "GIL");
        });
    }

    #[test]
    fn sys_path_and_modules_from_source() {
        start_python();
        Python::attach(|py| {
            prepend_to_sys_path(py, "/nonexistent/book-doctests").unwrap();
            let first: String = py
                .import("sys")
                .unwrap()
                .getattr("path")
                .unwrap()
                .get_item(0)
                .unwrap()
                .extract()
                .unwrap();
            assert_eq!(first, "/nonexistent/book-doctests");

            let module = load_module_from_source(py, "def answer():\n    return 42\n").unwrap();
            let answer: i64 = module
                .getattr("answer")
                .unwrap()
                .call0()
                .unwrap()
                .extract()
                .unwrap();
            assert_eq!(answer, 42);
            assert!(load_module_from_source(py, "x = 1\0").is_err());
        });
    }

    #[test]
    fn cached_objects_dicts_and_errors() {
        start_python();
        let cached = Python::attach(|py| CachedCallable::new(py, c"str.title")).unwrap();
        assert_eq!(cached.call("hello world").unwrap(), "Hello World");

        Python::attach(|py| {
            let analysis = PyDict::new(py);
            assert!(keywords_of(&analysis).unwrap().is_empty());
            analysis
                .set_item("keywords", vec!["rust", "python"])
                .unwrap();
            assert_eq!(keywords_of(&analysis).unwrap(), ["rust", "python"]);

            let err = py.eval(c"1 / 0", None, None).unwrap_err();
            let BridgeError::Python(message) = BridgeError::from(err);
            assert!(message.contains("ZeroDivisionError"), "{message}");
        });
    }

    #[test]
    fn the_worker_processes_what_it_is_sent() {
        start_python();
        let worker = BackgroundWorker::new();
        worker.process("four".to_string()).unwrap();
        worker.process("two".to_string()).unwrap();
        assert_eq!(worker.finish(), 7);
    }
}
