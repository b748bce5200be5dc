//! The helpers behind `dspy-ask config …`: a template to start from, and a check that
//! lists every problem of a config file with its line, without starting Python.

use std::fmt;

/// One thing wrong with a config file: the key at fault (if one can be named), the line
/// it is on (1-based; none for a key that is missing) and what is wrong, never the value.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub key: Option<String>,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        match &self.key {
            Some(key) => write!(f, "{key}: {}", self.message),
            None => write!(f, "{}", self.message),
        }
    }
}

/// The line (counted from 1) that a byte offset of `text` is on.
pub fn line_of(text: &str, offset: usize) -> usize {
    // ANCHOR: todo-line
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&byte| byte == b'\n')
        .count()
        + 1
    // ANCHOR_END: todo-line
}

// ANCHOR: check_config
/// Every problem of a config file's text; none for a config `LmConfig::from_toml` accepts.
pub fn check_config(text: &str) -> Vec<Problem> {
    // ANCHOR: todo-check-config
    use crate::{AskError, LmConfig};
    use toml::de::DeTable;

    // A syntax error stops the parser: it is the only problem there is to report.
    let table = match DeTable::parse(text) {
        Ok(table) => table.into_inner(),
        Err(err) => {
            return vec![Problem {
                key: None,
                line: err.span().map(|span| line_of(text, span.start)),
                message: err.message().trim().to_string(),
            }];
        }
    };
    // `from_toml` stops at the first problem. Blank out the entry at fault (spaces
    // keep every offset, so the lines stay right) and ask again, until it is content
    // or the problem is one that blanking cannot get past.
    let mut problems: Vec<Problem> = Vec::new();
    let mut remaining = text.to_string();
    while let Err(AskError::ConfigInvalid { key, message }) = LmConfig::from_toml(&remaining) {
        if problems
            .iter()
            .any(|seen| seen.key.is_some() && seen.key == key)
        {
            break; // a key blanked out before, now missing: already reported
        }
        let entry = key
            .as_deref()
            .and_then(|key| table.iter().find(|(name, _)| name.get_ref() == key));
        problems.push(Problem {
            line: entry.map(|(name, _)| line_of(text, name.span().start)),
            key,
            message,
        });
        let Some((name, value)) = entry else { break };
        let blanked = blank(&remaining, name.span().start..value.span().end);
        if DeTable::parse(&blanked).is_err() {
            break;
        }
        remaining = blanked;
    }
    problems
    // ANCHOR_END: todo-check-config
}
// ANCHOR_END: check_config

/// `text` with the bytes of `range` turned to spaces, its line breaks kept.
fn blank(text: &str, range: std::ops::Range<usize>) -> String {
    let range = range.start.min(text.len())..range.end.min(text.len());
    let spaces: String = text[range.clone()]
        .chars()
        .map(|c| if c == '\n' { '\n' } else { ' ' })
        .collect();
    // Multi-byte characters become one space each: pad so the offsets after stay put.
    let padding = " ".repeat(range.len() - spaces.len());
    format!(
        "{}{spaces}{padding}{}",
        &text[..range.start],
        &text[range.end..]
    )
}

// ANCHOR: template
/// A commented config for `provider`, that `check_config` accepts as it is.
pub fn template(provider: &str) -> String {
    // ANCHOR: todo-template
    // Quoted the way TOML wants it, whatever the name holds.
    let quoted = toml::Value::String(provider.to_string()).to_string();
    if provider == "dummy" {
        return format!(
            "# DSPy's DummyLM: canned answers, used in order. No network, no key.\n\
             provider = {quoted}\n\
             model = \"canned\"\n\
             \n\
             [[answers]]\n\
             answer = \"Because it is fast and safe.\"\n\
             # The reasoning is what --cot prints.\n\
             reasoning = \"Rust compiles to native code and checks memory at compile time.\"\n"
        );
    }
    let model = if provider == "openai" {
        "gpt-4o-mini"
    } else {
        "MODEL"
    };
    let var: String = provider
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "# The model, as DSPy names it: provider/model.\n\
         provider = {quoted}\n\
         model = \"{model}\"\n\
         # A server of your own (an OpenAI-compatible one, say):\n\
         # api_base = \"http://127.0.0.1:11434/v1\"\n\
         # The name of the variable holding the API key, never the key itself.\n\
         api_key_env = \"{var}_API_KEY\"\n\
         temperature = 0.0\n\
         max_tokens = 512\n\
         # Seconds one question may take, retries included.\n\
         timeout_seconds = 60\n"
    )
    // ANCHOR_END: todo-template
}
// ANCHOR_END: template
