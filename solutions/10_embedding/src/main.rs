//! `text-stats`: word statistics of a text, computed by a Python module that this
//! Rust program embeds.
//!
//! ```text
//! text-stats [--min-length N] < FILE
//! ```
//!
//! Prints the number of lines and words, the longest word, then each word that
//! occurs more than once with its count. Bad input is one line on stderr and exit
//! code 1: never a traceback, never a panic.

use std::io::Read;
use std::process::ExitCode;

use pyo3::prelude::*;
use text_stats::{StatsError, import_textstats, python_folder, summarize, word_counts};

fn main() -> ExitCode {
    let min_length = match parse_min_length(std::env::args().skip(1)) {
        Ok(min_length) => min_length,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let mut text = String::new();
    if let Err(err) = std::io::stdin().read_to_string(&mut text) {
        eprintln!("error: cannot read stdin: {err}");
        return ExitCode::from(2);
    }
    match run(&text, min_length) {
        Ok(report) => {
            print!("{report}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// `--min-length N`, or 1 when it is not given.
fn parse_min_length(mut args: impl Iterator<Item = String>) -> Result<i64, String> {
    match (args.next().as_deref(), args.next()) {
        (None, _) => Ok(1),
        (Some("--min-length"), Some(n)) => n.parse().map_err(|_| format!("not a number: {n}")),
        _ => Err("usage: text-stats [--min-length N] < FILE".into()),
    }
}

/// Start Python, call the module, and format what it found.
fn run(text: &str, min_length: i64) -> Result<String, StatsError> {
    // The program is linked against one Python; start it (once). The module needs
    // only the standard library, so no venv's packages are needed.
    Python::initialize();
    Python::attach(|py| {
        let module = import_textstats(py, &python_folder())
            .map_err(|err| StatsError::from_python(py, &err))?;
        let summary = summarize(&module, text)?;
        let counts = word_counts(&module, text, min_length)?;
        let mut repeated: Vec<(String, u64)> = counts.into_iter().filter(|(_, n)| *n > 1).collect();
        // Most frequent first; equal counts in alphabetical order, so the output is stable.
        repeated.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut report = format!(
            "lines: {}\nwords: {}\nlongest: {}\n",
            summary.lines, summary.words, summary.longest
        );
        for (word, count) in repeated {
            report.push_str(&format!("{word}: {count}\n"));
        }
        Ok(report)
    })
}
