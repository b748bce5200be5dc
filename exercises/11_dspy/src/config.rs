//! The language model's configuration, read from a TOML file.

use std::path::Path;
use std::time::Duration;

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
    /// Seconds one question may take, retries included (60 when not given).
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

/// The deadline of one question when the config gives no `timeout_seconds`.
const DEFAULT_TIMEOUT_SECONDS: f64 = 60.0;

/// What is wrong with an `api_key_env` that is no variable's name. It never shows the
/// value: such a value is most likely the key itself, pasted in by mistake.
pub(crate) const NOT_A_VARIABLE_NAME: &str = "must name an environment variable (like \
     OPENAI_API_KEY), not hold a key: its value looks like a key and is not shown";

impl LmConfig {
    /// Read and check a config file.
    pub fn load(path: &Path) -> Result<LmConfig, AskError> {
        // ANCHOR: todo-load
        // TODO: read the file with `std::fs::read_to_string` and hand the text to
        // `LmConfig::from_toml`.
        // - A file that cannot be read is `AskError::ConfigUnreadable`, carrying the path
        //   and the `std::io::Error` (`map_err` turns one error into the other).
        todo!("read {}", path.display())
        // ANCHOR_END: todo-load
    }

    // ANCHOR: from_toml
    /// Parse and check a config from TOML text. Errors name the key at fault.
    pub fn from_toml(text: &str) -> Result<LmConfig, AskError> {
        // ANCHOR: todo-parse
        // TODO: parse with `toml::from_str::<LmConfig>(text)`, then `config.check()?`
        //   (`check` is yours to write too: its TODO is further down this file).
        // - serde does the parsing: the `#[derive(Deserialize)]` above is all it needs.
        //   `deny_unknown_fields` makes a misspelt key an error instead of being ignored.
        // - A parse error becomes `AskError::ConfigInvalid`: `parse_error(text, &err)`
        //   (below) names the key at fault and says what is wrong, without its value.
        // Read: "DSPy from Rust", "The configuration"; docs.rs/toml (`from_str`).
        let _ = parse_error; // keeps the helper from being reported unused: delete it
        todo!("parse the config ({} bytes)", text.len())
        // ANCHOR_END: todo-parse
    }
    // ANCHOR_END: from_toml

    /// `true` for DSPy's offline `DummyLM`.
    pub fn is_dummy(&self) -> bool {
        self.provider == "dummy"
    }

    /// How long one question may take, retries included: `timeout_seconds`, or 60 s.
    pub fn timeout(&self) -> Duration {
        let seconds = self.timeout_seconds.unwrap_or(DEFAULT_TIMEOUT_SECONDS);
        // `from_secs_f64` would panic on 1e300 seconds; that long is no deadline at all.
        Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX)
    }

    /// The model's name as DSPy wants it: `provider/model`.
    pub fn model_id(&self) -> String {
        format!("{}/{}", self.provider, self.model)
    }

    /// The API key, read from the environment variable the config names (if any).
    pub fn api_key(&self) -> Result<Option<String>, AskError> {
        // ANCHOR: todo-api-key
        // TODO: no `api_key_env` means no key: `Ok(None)`. Otherwise read that variable
        // with `std::env::var`; unset is `AskError::ApiKeyMissing` naming the variable.
        // Constraint: the key comes from the environment only, and is never printed.
        todo!("read the API key's variable")
        // ANCHOR_END: todo-api-key
    }

    // ANCHOR: todo-check
    // TODO: `fn check(&self) -> Result<(), AskError>`, for `from_toml`: the checks
    // TOML's types cannot express, each an `AskError::ConfigInvalid` naming its key:
    // `provider` and `model` not empty; `temperature` within 0.0..=2.0; `max_tokens`
    // at least 1; `timeout_seconds` positive and finite; `answers` given for the
    // "dummy" provider (and only for it); `api_key_env`, when given, not empty and a
    // variable's name (`is_variable_name`, below), else the message
    // `NOT_A_VARIABLE_NAME` (above).
    // Constraint: never put a value of the file in a message: a key pasted into the
    // wrong field would be printed back.
    // Extra challenge: write the checks so that adding one is a single line.
    // ANCHOR_END: todo-check
}

/// A TOML error as `AskError::ConfigInvalid`: the key at fault and what is wrong with it,
/// but never the value.
fn parse_error(text: &str, err: &toml::de::Error) -> AskError {
    AskError::ConfigInvalid {
        key: key_at(text, err.message(), err.span()),
        message: without_strings(err.message()),
    }
}

/// serde quotes the string it could not use (`invalid type: string "sk-…", expected
/// f64`), so a key pasted under the wrong name would be printed back. Keep the words,
/// drop the string.
fn without_strings(message: &str) -> String {
    let Some((before, quoted)) = message.split_once("string \"") else {
        return message.to_string();
    };
    // serde writes the string as `{:?}` does: an inner quote is escaped as `\"`.
    let mut escaped = false;
    let end = quoted.char_indices().find_map(|(i, c)| {
        let closing = c == '"' && !escaped;
        escaped = c == '\\' && !escaped;
        closing.then_some(i + 1)
    });
    let after = end.map_or("", |end| &quoted[end..]);
    format!("{before}a string{}", without_strings(after))
}

/// `true` for a plausible environment variable name, like `OPENAI_API_KEY`: ASCII
/// letters, digits and `_`, not starting with a digit. A long mix of lower case, upper
/// case and digits is refused too: API keys look like that, names do not.
pub fn is_variable_name(text: &str) -> bool {
    let mut chars = text.chars();
    let well_formed = chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    let looks_random = text.len() >= 20
        && text.chars().any(|c| c.is_ascii_lowercase())
        && text.chars().any(|c| c.is_ascii_uppercase())
        && text.chars().any(|c| c.is_ascii_digit());
    well_formed && !looks_random
}

/// The key a TOML error is about. serde names it in "missing field `model`" and
/// "unknown field `modle`"; otherwise it is on the line where the error starts:
/// `temperature = "hot"` gives `temperature`.
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
