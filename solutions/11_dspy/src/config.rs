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
        let text = std::fs::read_to_string(path).map_err(|source| AskError::ConfigUnreadable {
            path: path.to_path_buf(),
            source,
        })?;
        LmConfig::from_toml(&text)
        // ANCHOR_END: todo-load
    }

    // ANCHOR: from_toml
    /// Parse and check a config from TOML text. Errors name the key at fault.
    pub fn from_toml(text: &str) -> Result<LmConfig, AskError> {
        // ANCHOR: todo-parse
        let config: LmConfig = toml::from_str(text).map_err(|err| parse_error(text, &err))?;
        config.check()?;
        Ok(config)
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
        match &self.api_key_env {
            None => Ok(None),
            Some(var) => std::env::var(var)
                .map(Some)
                .map_err(|_| AskError::ApiKeyMissing { var: var.clone() }),
        }
        // ANCHOR_END: todo-api-key
    }

    // ANCHOR: todo-check
    /// The checks that TOML's types cannot express.
    fn check(&self) -> Result<(), AskError> {
        let invalid = |key: &str, message: &str| {
            Err(AskError::ConfigInvalid {
                key: Some(key.to_string()),
                message: message.to_string(),
            })
        };
        if self.provider.trim().is_empty() {
            return invalid(
                "provider",
                "must not be empty (e.g. \"openai\" or \"dummy\")",
            );
        }
        if self.model.trim().is_empty() {
            return invalid("model", "must not be empty");
        }
        if let Some(t) = self.temperature
            && !(0.0..=2.0).contains(&t)
        {
            return invalid("temperature", &format!("{t} is outside 0.0..=2.0"));
        }
        if self.max_tokens == Some(0) {
            return invalid("max_tokens", "must be at least 1");
        }
        if let Some(t) = self.timeout_seconds
            && !(t > 0.0 && t.is_finite())
        {
            return invalid("timeout_seconds", &format!("{t} is not a positive number"));
        }
        if self.is_dummy() && self.answers.is_empty() {
            return invalid(
                "answers",
                "the dummy provider needs at least one [[answers]] table",
            );
        }
        if !self.is_dummy() && !self.answers.is_empty() {
            return invalid("answers", "only the dummy provider takes canned answers");
        }
        match self.api_key_env.as_deref() {
            Some("") => {
                return invalid("api_key_env", "must not be empty (leave it out for no key)");
            }
            Some(var) if !is_variable_name(var) => {
                return invalid("api_key_env", NOT_A_VARIABLE_NAME);
            }
            _ => {}
        }
        Ok(())
    }
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
