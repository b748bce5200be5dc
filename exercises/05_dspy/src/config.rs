//! The language model's configuration, read from a TOML file.

use std::path::Path;

use serde::Deserialize;

use crate::AskError;

// ANCHOR: lm_config
/// Which language model to ask, and how. Read from TOML:
///
/// ```toml
/// provider = "openai"
/// model = "gpt-4o-mini"
/// api_base = "https://api.openai.com/v1"   # optional
/// api_key_env = "OPENAI_API_KEY"           # the key itself never goes in the file
/// temperature = 0.0
/// max_tokens = 512
/// ```
///
/// With `provider = "dummy"`, DSPy's `DummyLM` answers from `[[answers]]` tables instead.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LmConfig {
    pub provider: String,
    pub model: String,
    pub api_base: Option<String>,
    /// The name of the environment variable that holds the API key. Leave it out for
    /// a server that needs no key.
    pub api_key_env: Option<String>,
    pub temperature: Option<f64>,
    pub max_tokens: Option<u32>,
    /// Seconds to wait for the server before giving up.
    pub timeout_seconds: Option<f64>,
    /// How often DSPy retries a failed call (DSPy's default is 3).
    pub num_retries: Option<u32>,
    /// The canned answers of the `dummy` provider, used in order.
    #[serde(default)]
    pub answers: Vec<DummyAnswer>,
}

/// One canned answer for `provider = "dummy"`. `ChainOfThought` needs a reasoning.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DummyAnswer {
    pub answer: String,
    pub reasoning: Option<String>,
}
// ANCHOR_END: lm_config

impl LmConfig {
    /// Read and check a config file.
    // The line below silences "unused variable" until you use it: delete it then.
    #[allow(unused_variables)]
    pub fn load(path: &Path) -> Result<LmConfig, AskError> {
        // TODO: read the file with `std::fs::read_to_string` and hand the text to
        // `LmConfig::from_toml`.
        // - A file that cannot be read is `AskError::ConfigUnreadable`, carrying the path
        //   and the `std::io::Error` (`map_err` turns one error into the other).
        todo!("read {}", path.display())
    }

    // ANCHOR: from_toml
    /// Parse and check a config from TOML text. Errors name the key at fault.
    // The line below silences "unused variable" until you use it: delete it then.
    #[allow(unused_variables)]
    pub fn from_toml(text: &str) -> Result<LmConfig, AskError> {
        // TODO: parse with `toml::from_str::<LmConfig>(text)`, then check the values.
        // - serde does the parsing: the `#[derive(Deserialize)]` above is all it needs.
        //   `deny_unknown_fields` makes a misspelt key an error instead of being ignored.
        // - A parse error becomes `AskError::ConfigInvalid`: `key_at(text, err.message(),
        //   err.span())` (below) finds the key, `err.message()` says what is wrong.
        // - Then the checks TOML's types cannot express, each naming its key:
        //   `provider` and `model` not empty; `temperature` within 0.0..=2.0;
        //   `max_tokens` at least 1; `timeout_seconds` positive; `answers` given
        //   for the "dummy" provider (and only for it).
        // Read: chapter 11, "The configuration"; docs.rs/toml (`from_str`, `de::Error`).
        // Extra challenge: write the checks so that adding one is a single line.
        todo!("parse the config")
    }
    // ANCHOR_END: from_toml

    /// `true` for DSPy's offline `DummyLM`.
    pub fn is_dummy(&self) -> bool {
        self.provider == "dummy"
    }

    /// The model's name as DSPy wants it: `provider/model`.
    pub fn model_id(&self) -> String {
        format!("{}/{}", self.provider, self.model)
    }

    /// The API key, read from the environment variable the config names (if any).
    pub fn api_key(&self) -> Result<Option<String>, AskError> {
        // TODO: no `api_key_env` means no key: `Ok(None)`. Otherwise read that variable
        // with `std::env::var`; unset is `AskError::ApiKeyMissing` naming the variable.
        // Constraint: the key comes from the environment only, and is never printed.
        todo!("read the API key's variable")
    }
}

/// The key a TOML error is about. serde names it in "missing field `model`" and
/// "unknown field `modle`"; otherwise it is on the line where the error starts:
/// `temperature = "hot"` gives `temperature`. (A helper, written for you.)
// The line below silences "never used" until `from_toml` calls it: delete it then.
#[allow(dead_code)]
fn key_at(text: &str, message: &str, span: Option<std::ops::Range<usize>>) -> Option<String> {
    if message.starts_with("missing field") || message.starts_with("unknown field") {
        return message.split('`').nth(1).map(str::to_string);
    }
    let start = span?.start.min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next()?;
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty()).then(|| key.to_string())
}
