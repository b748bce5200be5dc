//! Everything that can go wrong, as one enum whose messages a person can act on.

use std::path::PathBuf;

use pyo3::exceptions::PyTimeoutError;
use pyo3::prelude::*;
use pyo3::types::PyTraceback;

use crate::config::{NOT_A_VARIABLE_NAME, is_variable_name};

/// Why the embedded Python could not be started. `Clone`, because the outcome of
/// starting Python is stored once and handed to every caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StartError {
    #[error(
        "no Python environment found: set VIRTUAL_ENV, or run `cargo workshop` in the \
         workshop's repository to create its .venv (looked for the repository above {})",
        program.display()
    )]
    NoVenv {
        /// This program, whose repository's `.venv` was looked for.
        program: PathBuf,
    },

    #[error("{} is not a Python virtual environment (it has no pyvenv.cfg)", venv.display())]
    NotAVenv { venv: PathBuf },

    #[error(
        "the environment {} runs Python {found}, but dspy-ask was built against Python \
         {built}: rebuild it with PYO3_PYTHON={} cargo build",
        venv.display(),
        python.display()
    )]
    WrongPythonVersion {
        venv: PathBuf,
        python: PathBuf,
        found: String,
        built: String,
    },

    #[error("Python failed to start: {0}")]
    Interpreter(String),
}

// ANCHOR: error_enum
/// An error from `dspy-ask`: its `Display` is the one line the program prints.
#[derive(Debug, thiserror::Error)]
pub enum AskError {
    #[error(transparent)]
    Start(#[from] StartError),

    #[error(
        "DSPy is not installed in {}: install it with `cargo workshop check 11`, or \
         `{} -m pip install --group dspy` from the repository's root",
        venv.display(),
        python.display()
    )]
    DspyMissing { venv: PathBuf, python: PathBuf },

    #[error("cannot read the config file {}: {source}", path.display())]
    ConfigUnreadable {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("invalid config: {}: {message}", key.as_deref().unwrap_or("(file)"))]
    ConfigInvalid {
        /// The offending key, when one can be named.
        key: Option<String>,
        message: String,
    },

    #[error("{}", key_missing_message(var))]
    ApiKeyMissing { var: String },

    #[error("the model's server failed ({}): {message}", status.map_or("no status".to_string(), |s| format!("HTTP {s}")))]
    Server {
        status: Option<u16>,
        message: String,
    },

    #[error("the connection to the model's server failed: {message}")]
    Transport { message: String },

    #[error("the model's server timed out: {message}")]
    Timeout { message: String },

    #[error(
        "the model's reply could not be parsed into the fields DSPy expected; it began with {reply:?}"
    )]
    Unparsable { reply: String },

    #[error("the language model refused the request: {message}")]
    Lm { message: String },

    #[error("Python raised {kind}: {message}")]
    Python {
        kind: String,
        message: String,
        /// The formatted traceback, shown by `--verbose` only.
        traceback: Option<String>,
    },
}
// ANCHOR_END: error_enum

/// Name the variable only when it is one: a key pasted into `api_key_env` by mistake
/// must not be printed back.
fn key_missing_message(var: &str) -> String {
    if is_variable_name(var) {
        format!(
            "the environment variable {var} is not set: the config's `api_key_env` names \
             it; export it with your API key"
        )
    } else {
        format!("the config's `api_key_env` {NOT_A_VARIABLE_NAME}")
    }
}

impl AskError {
    /// The full Python traceback, when there is one (for `--verbose`).
    pub fn traceback(&self) -> Option<&str> {
        match self {
            AskError::Python { traceback, .. } => traceback.as_deref(),
            _ => None,
        }
    }

    /// Hide `secret` (the API key) wherever it appears: a server may echo the key
    /// back in its error message, and the key must never reach the screen.
    pub fn redact(self, secret: Option<&str>) -> AskError {
        let Some(secret) = secret.filter(|secret| !secret.is_empty()) else {
            return self;
        };
        let hide = |text: String| text.replace(secret, "[API key hidden]");
        match self {
            AskError::Server { status, message } => AskError::Server {
                status,
                message: hide(message),
            },
            AskError::Transport { message } => AskError::Transport {
                message: hide(message),
            },
            AskError::Unparsable { reply } => AskError::Unparsable { reply: hide(reply) },
            AskError::Lm { message } => AskError::Lm {
                message: hide(message),
            },
            AskError::Python {
                kind,
                message,
                traceback,
            } => AskError::Python {
                kind,
                message: hide(message),
                traceback: traceback.map(hide),
            },
            other => other,
        }
    }

    // ANCHOR: from_python
    /// Sort a Python exception into the variant that says what went wrong.
    ///
    /// DSPy 3.4 raises typed errors from `dspy.utils.exceptions`; `isinstance` checks
    /// against those classes, most specific first, keep this robust to new subclasses.
    pub fn from_python(py: Python<'_>, err: PyErr) -> AskError {
        match classify(py, &err) {
            Ok(Some(error)) => error,
            // Not one of DSPy's, or DSPy itself is not importable: report it as it is.
            Ok(None) | Err(_) => python_error(py, &err),
        }
    }
    // ANCHOR_END: from_python
}

/// The variant for one of DSPy's exceptions, or `None` for any other exception.
fn classify(py: Python<'_>, err: &PyErr) -> PyResult<Option<AskError>> {
    // ANCHOR: todo-classify
    let exceptions = py.import("dspy.utils.exceptions")?;
    let value = err.value(py);
    let is = |name: &str| -> PyResult<bool> { value.is_instance(&exceptions.getattr(name)?) };
    let message = || -> PyResult<String> {
        // DSPy keeps the message without the "[model]" prefix in `.message`.
        Ok(first_line(
            &value.getattr("message")?.str()?.to_string_lossy(),
        ))
    };

    let error = if is("AdapterParseError")? {
        let reply: String = value
            .getattr("lm_response")?
            .str()?
            .to_string_lossy()
            .into();
        AskError::Unparsable {
            reply: reply.trim().chars().take(60).collect(),
        }
    } else if is("LMServerError")? {
        AskError::Server {
            status: value.getattr("status")?.extract()?,
            message: message()?,
        }
    } else if is("LMTransportError")? || is("LMTimeoutError")? {
        AskError::Transport {
            message: message()?,
        }
    } else if is("LMError")? {
        AskError::Lm {
            message: message()?,
        }
    } else {
        return Ok(None);
    };
    Ok(Some(error))
    // ANCHOR_END: todo-classify
}

/// Any other Python exception: a `TimeoutError` (a question's deadline passed, see
/// `call_within`) as `AskError::Timeout`; the rest with its class, its first line, and its
/// traceback.
pub(crate) fn python_error(py: Python<'_>, err: &PyErr) -> AskError {
    if err.is_instance_of::<PyTimeoutError>(py) {
        return AskError::Timeout {
            message: first_line(&err.value(py).to_string()),
        };
    }
    let kind = err
        .get_type(py)
        .name()
        .map_or_else(|_| "an exception".to_string(), |name| name.to_string());
    AskError::Python {
        kind,
        message: first_line(&err.value(py).to_string()),
        traceback: err.traceback(py).and_then(|tb| format_traceback(&tb)),
    }
}

fn format_traceback(traceback: &Bound<'_, PyTraceback>) -> Option<String> {
    traceback.format().ok()
}

/// One line for stderr: a multi-line message is cut at its first non-empty line.
fn first_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or("(no message)")
        .to_string()
}
