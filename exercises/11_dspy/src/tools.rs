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
    // TODO (stretch, tools): count the line breaks before `offset`, plus one.
    // An offset past the end of `text` is on its last line.
    todo!("the line of byte {offset} in {} bytes", text.len())
    // ANCHOR_END: todo-line
}

// ANCHOR: check_config
/// Every problem of a config file's text; none for a config `LmConfig::from_toml` accepts.
pub fn check_config(text: &str) -> Vec<Problem> {
    // ANCHOR: todo-check-config
    // TODO (stretch, tools): every problem, not only the first.
    // - `toml::de::DeTable::parse(text)` keeps where each key and value is (`.span()`,
    //   byte offsets: `line_of` turns them into lines). A syntax error is the one
    //   problem there is; `err.span()` says where.
    // - `LmConfig::from_toml` stops at the first problem (`AskError::ConfigInvalid`,
    //   with its key). To find the next one, ask again without that entry: `blank`
    //   (below) turns the entry's bytes into spaces, so every offset stays the same.
    // - Stop when `from_toml` is content, or when the key is not in the file (a missing
    //   key has no line: `None`), or was reported already.
    // Constraint: no message shows a value of the file (`from_toml`'s never do).
    // Read: "DSPy from Rust", "The subcommands"; docs.rs/toml (`de::DeTable`).
    let _ = blank; // delete: silences "unused"
    todo!("check {} bytes of config", text.len())
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
    // TODO (stretch, tools): a config for `provider` that `check_config` accepts, with
    // a comment above the keys a newcomer would wonder about.
    // - Quote the provider's name as TOML does: `toml::Value::String(…).to_string()`.
    // - "dummy" needs `[[answers]]`; the others a model and an `api_key_env` (a
    //   variable's *name*, like OPENAI_API_KEY, derived from the provider's).
    todo!("a template for {provider}")
    // ANCHOR_END: todo-template
}
// ANCHOR_END: template
