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
    pub fn load(path: &Path) -> Result<LmConfig, AskError> {
        let text = std::fs::read_to_string(path).map_err(|source| AskError::ConfigUnreadable {
            path: path.to_path_buf(),
            source,
        })?;
        LmConfig::from_toml(&text)
    }

    // ANCHOR: from_toml
    /// Parse and check a config from TOML text. Errors name the key at fault.
    pub fn from_toml(text: &str) -> Result<LmConfig, AskError> {
        let config: LmConfig = toml::from_str(text).map_err(|err| AskError::ConfigInvalid {
            key: key_at(text, err.message(), err.span()),
            message: err.message().to_string(),
        })?;
        config.check()?;
        Ok(config)
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
        match &self.api_key_env {
            None => Ok(None),
            Some(var) => std::env::var(var)
                .map(Some)
                .map_err(|_| AskError::ApiKeyMissing { var: var.clone() }),
        }
    }

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
        if let Some(var) = &self.api_key_env
            && (var.is_empty() || var.contains('='))
        {
            return invalid("api_key_env", "must be the name of an environment variable");
        }
        Ok(())
    }
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
