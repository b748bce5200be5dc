//! Exercise 11: a Rust program that embeds Python and asks DSPy a question.
//!
//! The `dspy-ask` program (src/main.rs) is a thin shell over this library:
//!
//! - [`LmConfig`]: which language model to use, read from a TOML file;
//! - [`Predictor`]: a DSPy `Predict` or `ChainOfThought` module, built once, asked many times;
//! - [`ContextQa`]: a custom DSPy module written in Python (`python/context_qa.py`);
//! - [`Prediction`]: the answer (and reasoning) as plain Rust strings;
//! - [`AskError`]: every failure, with a message that says what to do next;
//! - [`batch`]: many questions at once, for `dspy-ask --batch`;
//! - [`serve`]: the same, behind HTTP, for the `dspy-serve` program (src/bin/dspy-serve.rs);
//! - [`tools`]: `dspy-ask config …`'s template and check, which need no Python;
//! - [`inspect`]: `dspy-ask inspect`, a signature's fields as a table or a Rust struct;
//! - [`outputs`]: the struct `dspy-ask inspect --rust` made for `ContextQA`.
//!
//! Python starts on first use, as the project's virtual environment (see [`interpreter`]).

pub mod batch;
mod config;
mod error;
pub mod inspect;
pub mod interpreter;
pub mod outputs;
mod predictor;
pub mod serve;
pub mod tools;

pub use config::{DummyAnswer, LmConfig, is_variable_name};
pub use error::{AskError, StartError};
pub use predictor::{ContextQa, Prediction, Predictor, Strategy};
