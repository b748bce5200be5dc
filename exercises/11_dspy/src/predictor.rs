//! Asking DSPy from Rust: build the module once, call it many times.

// ANCHOR: todo-silence
// Until your code calls them, the given helpers below are "never used": this line
// silences that. Delete it once the predictor stage is done.
#![allow(dead_code, unused_imports, unused_variables)]
// ANCHOR_END: todo-silence

use std::path::Path;
use std::time::Duration;

use pyo3::exceptions::{PyModuleNotFoundError, PyTimeoutError};
use pyo3::prelude::*;
use pyo3::types::{IntoPyDict, PyDict, PyList};

use crate::interpreter::{ensure_started, venv_python};
use crate::{AskError, LmConfig};

/// How DSPy should answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// `dspy.Predict`: straight to the answer.
    Predict,
    /// `dspy.ChainOfThought`: reason first, then answer.
    ChainOfThought,
}

// ANCHOR: prediction
/// What DSPy answered, as plain Rust values: no Python object escapes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prediction {
    pub answer: String,
    /// The model's reasoning, from `ChainOfThought` only.
    pub reasoning: Option<String>,
}
// ANCHOR_END: prediction

// ANCHOR: predictor
/// A DSPy module for `question -> answer`, with its language model set.
///
/// The Python object is built once by `new` and kept as a `Py<PyAny>`, a reference
/// that outlives any one `Python::attach` and may cross threads; each `ask` reuses it.
pub struct Predictor {
    module: DspyModule,
}

impl Predictor {
    /// Start Python if needed, import DSPy, and build the module.
    pub fn new(config: &LmConfig, strategy: Strategy) -> Result<Predictor, AskError> {
        // ANCHOR: todo-predictor-new
        // TODO: build the DSPy module once, with `DspyModule::build` (below): its
        // closure gets the `dspy` module and makes the module to keep, here
        // `dspy.Predict("question -> answer")` or `dspy.ChainOfThought(…)` by `strategy`.
        // Read: "DSPy from Rust", "Predict from Rust".
        todo!("build the DSPy module")
        // ANCHOR_END: todo-predictor-new
    }

    /// Ask one question. The GIL is held only while DSPy runs.
    pub fn ask(&self, question: &str) -> Result<Prediction, AskError> {
        // ANCHOR: todo-predictor-ask
        // TODO: ask the kept module, with the keyword argument `question=…`.
        todo!("ask {question:?}")
        // ANCHOR_END: todo-predictor-ask
    }
}
// ANCHOR_END: predictor

// ANCHOR: context_qa
/// The custom DSPy module of `python/context_qa.py`: answers a question from a context.
pub struct ContextQa {
    module: DspyModule,
}

/// The module's source, compiled into the program so that it cannot go missing.
const CONTEXT_QA_SOURCE: &std::ffi::CStr =
    pyo3::ffi::c_str!(include_str!("../python/context_qa.py"));

impl ContextQa {
    /// Start Python if needed, load `context_qa.py` and build its `ContextQA` module.
    pub fn new(config: &LmConfig) -> Result<ContextQa, AskError> {
        // ANCHOR: todo-context-new
        // TODO: like `Predictor::new`, but the module is written in Python, in
        // python/context_qa.py (read it). Load it with
        // `PyModule::from_code(py, CONTEXT_QA_SOURCE, c"context_qa.py", c"context_qa")?`,
        // then build its class: `.getattr("ContextQA")?.call0()`.
        todo!("load the ContextQA module")
        // ANCHOR_END: todo-context-new
    }

    /// Answer `question` from `context`.
    pub fn ask(&self, context: &str, question: &str) -> Result<Prediction, AskError> {
        // ANCHOR: todo-context-ask
        // TODO: like `Predictor::ask`, with two keyword arguments: `context` and `question`.
        todo!("ask {question:?} about the context")
        // ANCHOR_END: todo-context-ask
    }
}
// ANCHOR_END: context_qa

// ANCHOR: dspy_module
/// What `Predictor` and `ContextQa` share: a DSPy module with its language model set.
struct DspyModule {
    module: Py<PyAny>,
    /// Kept only to hide it from error messages.
    api_key: Option<String>,
    /// How long one `ask` may take, retries included.
    deadline: Duration,
}

impl DspyModule {
    /// Start Python if needed, import DSPy, let `make` create the module, set its LM.
    fn build(
        config: &LmConfig,
        make: impl for<'py> FnOnce(&Bound<'py, PyModule>) -> PyResult<Bound<'py, PyAny>>,
    ) -> Result<DspyModule, AskError> {
        // ANCHOR: todo-build
        // TODO: build the module once, and keep it.
        // 1. `config.api_key()?` first: a missing key fails before Python starts.
        // 2. `ensure_started()?` starts Python as the project's venv and returns the
        //    venv's folder.
        // 3. In `Python::attach(|py| …)`: `import_dspy(py, &venv)?` (below), then
        //    `make(&dspy)?` and `module.call_method1("set_lm", (lm,))?`, with the
        //    `lm` that `language_model` (below) builds from the config.
        // 4. Keep `module.unbind()`, a `Py<PyAny>`, with the key and `config.timeout()`
        //    as the deadline of `ask`.
        // - Errors: `AskError::from_python(py, err)` turns a `PyErr` into an `AskError`;
        //   then `.redact(api_key)`, so that the key never reaches the screen.
        // Constraint: only Python work inside `attach`; return plain Rust values.
        todo!("build the DSPy module")
        // ANCHOR_END: todo-build
    }

    /// Call the module with keyword arguments; Python runs only inside `attach`.
    fn ask(&self, inputs: &[(&str, &str)]) -> Result<Prediction, AskError> {
        Python::attach(|py| {
            run(self.module.bind(py), inputs, self.deadline)
                .map_err(|err| AskError::from_python(py, err).redact(self.api_key.as_deref()))
        })
    }
}
// ANCHOR_END: dspy_module

// ANCHOR: run
/// Call a DSPy module with keyword arguments, within `deadline`, and copy its
/// prediction into Rust.
fn run(
    module: &Bound<'_, PyAny>,
    inputs: &[(&str, &str)],
    deadline: Duration,
) -> PyResult<Prediction> {
    // ANCHOR: todo-run
    // TODO: call `module(**kwargs)` through `call_within(module, &kwargs, deadline)?`
    // (below), with `inputs.into_py_dict(module.py())?` as the keyword arguments, then
    // copy the prediction's `answer` (a `String`) and `prediction.get("reasoning")` (an
    // `Option<String>`: `Predict` has none) into a `Prediction`.
    todo!("call the module with {inputs:?}")
    // ANCHOR_END: todo-run
}
// ANCHOR_END: run

// ANCHOR: call_within
/// Call a DSPy module with keyword arguments, like `module(**kwargs)`, but give up with
/// a `TimeoutError` once `deadline` has passed, retries included.
///
/// Why not DSPy's own `timeout`: it bounds each wait for the next byte, not the call. A
/// server that sends a byte every half second never trips it, and every retry starts
/// the clock again. Why not a Rust thread that stops waiting at the deadline: it cannot
/// stop Python, and the abandoned call would go on reading from the server behind the
/// program's back. So the call goes through DSPy's async entry point, `acall`, under
/// `asyncio.wait_for`: at the deadline asyncio cancels it wherever it waits (a read from
/// the socket, the pause between two retries), DSPy closes the connection as the
/// cancellation unwinds, and `wait_for` raises `TimeoutError`.
fn call_within<'py>(
    module: &Bound<'py, PyAny>,
    kwargs: &Bound<'py, PyDict>,
    deadline: Duration,
) -> PyResult<Bound<'py, PyAny>> {
    let py = module.py();
    let asyncio = py.import("asyncio")?;
    let call = module.call_method("acall", (), Some(kwargs))?;
    let bounded = asyncio.call_method1("wait_for", (call, deadline.as_secs_f64()))?;
    asyncio.call_method1("run", (bounded,)).map_err(|err| {
        // Python 3.10's `wait_for` raises `asyncio.TimeoutError`; 3.11 made it the built-in.
        let deadline_passed = asyncio
            .getattr("TimeoutError")
            .is_ok_and(|timeout| err.is_instance(py, &timeout));
        if deadline_passed {
            PyTimeoutError::new_err(format!(
                "no complete answer within {} s (the config's `timeout_seconds`, retries \
                 included)",
                deadline.as_secs_f64()
            ))
        } else {
            err
        }
    })
}
// ANCHOR_END: call_within

/// Import DSPy, or say how to install it.
pub(crate) fn import_dspy<'py>(
    py: Python<'py>,
    venv: &Path,
) -> Result<Bound<'py, PyModule>, AskError> {
    let import = || -> PyResult<Bound<'py, PyModule>> {
        // litellm, which DSPy uses, fetches a price list from the internet on import
        // unless told to use its local copy.
        let environ = py.import("os")?.getattr("environ")?;
        environ.call_method1("setdefault", ("LITELLM_LOCAL_MODEL_COST_MAP", "True"))?;
        py.import("dspy")
    };
    import().map_err(|err| {
        let missing = err.is_instance_of::<PyModuleNotFoundError>(py)
            && err
                .value(py)
                .getattr("name")
                .and_then(|name| name.extract::<String>())
                .is_ok_and(|name| name == "dspy");
        if missing {
            AskError::DspyMissing {
                venv: venv.to_path_buf(),
                python: venv_python(venv),
            }
        } else {
            AskError::from_python(py, err)
        }
    })
}

/// The key sent to a server when the config names no `api_key_env`.
const NO_API_KEY: &str = "no-key";

// ANCHOR: language_model
/// The `dspy.LM` (or `DummyLM`) the config describes.
fn language_model<'py>(
    dspy: &Bound<'py, PyModule>,
    config: &LmConfig,
    api_key: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = dspy.py();
    if config.is_dummy() {
        let answers = PyList::empty(py);
        for canned in &config.answers {
            let answer = PyDict::new(py);
            answer.set_item("answer", &canned.answer)?;
            if let Some(reasoning) = &canned.reasoning {
                answer.set_item("reasoning", reasoning)?;
            }
            answers.append(answer)?;
        }
        return py
            .import("dspy.utils")?
            .getattr("DummyLM")?
            .call1((answers,));
    }
    // Only the settings the file gives: DSPy keeps its own defaults for the rest.
    // (`timeout_seconds` is not DSPy's `timeout`: `call_within` enforces it.)
    let options = PyDict::new(py);
    if let Some(api_base) = &config.api_base {
        options.set_item("api_base", api_base)?;
    }
    // Without `api_key_env` the server takes no key (a local one, say). DSPy insists
    // on some key for OpenAI-compatible servers, so it gets one that means "none".
    options.set_item("api_key", api_key.unwrap_or(NO_API_KEY))?;
    if let Some(temperature) = config.temperature {
        options.set_item("temperature", temperature)?;
    }
    if let Some(max_tokens) = config.max_tokens {
        options.set_item("max_tokens", max_tokens)?;
    }
    if let Some(retries) = config.num_retries {
        options.set_item("num_retries", retries)?;
    }
    // DSPy caches answers on disk by default; a command line tool should ask afresh.
    options.set_item("cache", false)?;
    dspy.getattr("LM")?
        .call((config.model_id(),), Some(&options))
}
// ANCHOR_END: language_model
