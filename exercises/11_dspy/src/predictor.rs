//! Asking DSPy from Rust: build the module once, call it many times.

use std::time::Duration;

use pyo3::exceptions::PyTimeoutError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

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
// The line below silences "never read" until `ask` reads the fields: delete it then.
#[allow(dead_code)]
pub struct Predictor {
    module: Py<PyAny>,
    /// Kept only to hide it from error messages.
    api_key: Option<String>,
    /// How long one `ask` may take, retries included.
    deadline: Duration,
}

impl Predictor {
    /// Start Python if needed, import DSPy, and build the module.
    // The line below silences "unused variable" until you use them: delete it then.
    #[allow(unused_variables)]
    pub fn new(config: &LmConfig, strategy: Strategy) -> Result<Predictor, AskError> {
        // TODO: build the DSPy module once, and keep it in the Predictor.
        // 1. `config.api_key()?` first: a missing key fails before Python starts.
        // 2. `crate::interpreter::ensure_started()?` starts Python as the project's venv
        //    and returns the venv's folder.
        // 3. In `Python::attach(|py| …)`: set `os.environ["LITELLM_LOCAL_MODEL_COST_MAP"]`
        //    to "True" (or litellm goes to the internet on import), then
        //    `py.import("dspy")`. A `PyModuleNotFoundError` whose `.name` is "dspy" is
        //    `AskError::DspyMissing` (`interpreter::venv_python(&venv)` names the python).
        // 4. The language model. Provider "dummy": `dspy.utils.DummyLM([{"answer": …,
        //    "reasoning": …}, …])` from `config.answers`. Otherwise
        //    `dspy.LM(config.model_id(), api_base=…, api_key=…, temperature=…,
        //    max_tokens=…, num_retries=…, cache=False)`, passing only the settings the
        //    config has (build a `PyDict` of keyword arguments). With no `api_key_env`,
        //    pass `api_key="no-key"`: DSPy insists on some key. (`timeout_seconds` is
        //    not DSPy's `timeout`: keep `config.timeout()` as the `deadline` of `ask`.)
        // 5. `dspy.Predict("question -> answer")` or `dspy.ChainOfThought(…)`, then
        //    `module.set_lm(lm)`. `module.unbind()` gives the `Py<PyAny>` to keep.
        // - Errors: `AskError::from_python(py, err)` turns a `PyErr` into an `AskError`;
        //   then `.redact(api_key)`, so that the key never reaches the screen.
        // Read: chapter 11, "Predict from Rust".
        // Extra challenge: write steps 3 and 4 as helper functions that `ContextQa` reuses.
        todo!("build the DSPy module")
    }

    /// Ask one question. The GIL is held only while DSPy runs.
    // The line below silences "unused variable" until you use it: delete it then.
    #[allow(unused_variables)]
    pub fn ask(&self, question: &str) -> Result<Prediction, AskError> {
        // TODO: in `Python::attach`, call `self.module.bind(py)` with the keyword
        // argument `question=…` through `call_within(&module, &kwargs, self.deadline)?`
        // (below: `module(**kwargs)` with a deadline), then copy the prediction's
        // `answer` (a `String`) and `prediction.get("reasoning")` (an `Option<String>`:
        // `Predict` has none) into a `Prediction`.
        // Constraint: only Python work inside `attach`; return plain Rust values.
        // Errors as in `new`: `from_python`, then `redact`.
        todo!("ask {question:?}")
    }
}
// ANCHOR_END: predictor

// ANCHOR: context_qa
/// The custom DSPy module of `python/context_qa.py`: answers a question from a context.
// The line below silences "never read" until `ask` reads the fields: delete it then.
#[allow(dead_code)]
pub struct ContextQa {
    module: Py<PyAny>,
    /// Kept only to hide it from error messages.
    api_key: Option<String>,
    /// How long one `ask` may take, retries included.
    deadline: Duration,
}

/// The module's source, compiled into the program so that it cannot go missing.
// The line below silences "never used" until you use it: delete it then.
#[allow(dead_code)]
const CONTEXT_QA_SOURCE: &std::ffi::CStr =
    pyo3::ffi::c_str!(include_str!("../python/context_qa.py"));

impl ContextQa {
    /// Start Python if needed, load `context_qa.py` and build its `ContextQA` module.
    // The line below silences "unused variable" until you use it: delete it then.
    #[allow(unused_variables)]
    pub fn new(config: &LmConfig) -> Result<ContextQa, AskError> {
        // TODO: like `Predictor::new`, but the module is written in Python, in
        // python/context_qa.py (read it). Load it with
        // `PyModule::from_code(py, CONTEXT_QA_SOURCE, c"context_qa.py", c"context_qa")?`,
        // then build its class: `.getattr("ContextQA")?.call0()?`, and `set_lm` as before.
        todo!("load the ContextQA module")
    }

    /// Answer `question` from `context`.
    // The line below silences "unused variable" until you use them: delete it then.
    #[allow(unused_variables)]
    pub fn ask(&self, context: &str, question: &str) -> Result<Prediction, AskError> {
        // TODO: like `Predictor::ask`, with two keyword arguments: `context` and `question`.
        todo!("ask {question:?} about the context")
    }
}
// ANCHOR_END: context_qa

// ANCHOR: call_within
/// Call a DSPy module with keyword arguments, like `module(**kwargs)`, but give up with
/// a `TimeoutError` once `deadline` has passed, retries included. (A helper, written for you.)
///
/// Why not DSPy's own `timeout`: it bounds each wait for the next byte, not the call. A
/// server that sends a byte every half second never trips it, and every retry starts
/// the clock again. Why not a Rust thread that stops waiting at the deadline: it cannot
/// stop Python, and the abandoned call would go on reading from the server behind the
/// program's back. So the call goes through DSPy's async entry point, `acall`, under
/// `asyncio.wait_for`: at the deadline asyncio cancels it wherever it waits (a read from
/// the socket, the pause between two retries), DSPy closes the connection as the
/// cancellation unwinds, and `wait_for` raises `TimeoutError`.
// The line below silences "never used" until `ask` calls it: delete it then.
#[allow(dead_code)]
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
