//! A recursive-descent JSON parser that builds Python objects as it reads.
//!
//! It reads the document's UTF-8 bytes and creates each `dict`, `list`, `str`, `int`
//! and `float` the moment it has read it: there is no tree of Rust values in between.
//! Every position is a byte offset into the text; only an error converts one to the
//! character index that Python's `json` module reports.

use std::collections::HashMap;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyNone, PyString};

/// How deeply arrays and objects may nest. Each level is a Rust call (`parse_value`,
/// then `parse_array` or `parse_object`), and a thread's stack holds only so many:
/// 100,000 opening brackets would overflow it and crash the interpreter. (orjson
/// stops at 1024 too; the standard library stops near 1000 with a RecursionError.)
pub const MAX_DEPTH: usize = 1024;

// ANCHOR: parser
/// The document being read, and where the parser is in it.
pub struct Parser<'a, 'py> {
    py: Python<'py>,
    /// The Python `str` being parsed: `JSONDecodeError` keeps it as `doc`.
    doc: &'a Bound<'py, PyString>,
    /// The same text as UTF-8, and as bytes: what the parser reads.
    text: &'a str,
    bytes: &'a [u8],
    /// The byte offset of the next byte to read.
    at: usize,
    /// How many arrays and objects are open around `at`.
    depth: usize,
    /// The keys made so far, for `key`: an array of records repeats the same few.
    keys: HashMap<&'a str, Bound<'py, PyString>>,
}
// ANCHOR_END: parser

impl<'a, 'py> Parser<'a, 'py> {
    pub fn new(doc: &'a Bound<'py, PyString>, text: &'a str) -> Self {
        Parser {
            py: doc.py(),
            doc,
            text,
            bytes: text.as_bytes(),
            at: 0,
            depth: 0,
            keys: HashMap::new(),
        }
    }

    // ANCHOR: document
    /// The whole document: one value, with nothing but whitespace around it.
    pub fn parse_document(mut self) -> PyResult<Bound<'py, PyAny>> {
        if self.text.starts_with('\u{feff}') {
            return Err(self.error("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0));
        }
        self.skip_whitespace();
        let value = self.parse_value()?;
        self.skip_whitespace();
        if self.at < self.bytes.len() {
            return Err(self.error("Extra data", self.at));
        }
        Ok(value)
    }
    // ANCHOR_END: document

    /// The next byte, without moving past it; `None` at the end of the text.
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Does the text continue with `word` at the current position?
    fn at_word(&self, word: &str) -> bool {
        self.bytes[self.at..].starts_with(word.as_bytes())
    }

    /// Move past spaces, tabs, newlines and carriage returns: JSON's only whitespace.
    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    // ANCHOR: error
    /// `json.JSONDecodeError(message, doc, pos)`, for a problem at byte offset `at`.
    ///
    /// Python counts `pos` in characters (code points), the parser in bytes: "é" is one
    /// character and two bytes. So count the bytes before `at` that begin a character,
    /// which is every byte but UTF-8's continuation bytes, `0b10xx_xxxx`. The class
    /// itself computes `lineno` and `colno` from `doc` and `pos`.
    fn error(&self, message: &str, at: usize) -> PyErr {
        let pos = self.bytes[..at]
            .iter()
            .filter(|&&byte| byte & 0b1100_0000 != 0b1000_0000)
            .count();
        let error = self
            .py
            .import("json")
            .and_then(|json| json.getattr("JSONDecodeError"))
            .and_then(|class| class.call1((message, self.doc, pos)));
        match error {
            Ok(error) => PyErr::from_value(error),
            // Could not even build the error (no `json` module?): raise that instead.
            Err(failure) => failure,
        }
    }
    // ANCHOR_END: error

    /// The error for a comma right before the closing bracket, as in `[1,]`, with the
    /// parser at that bracket. Python 3.13 reports it at the comma ("Illegal trailing
    /// comma"); older versions at the bracket, as for any other missing value or key.
    fn trailing_comma(&self, comma: usize) -> PyErr {
        let in_array = self.peek() == Some(b']');
        match (self.py.version_info() >= (3, 13), in_array) {
            (true, true) => self.error("Illegal trailing comma before end of array", comma),
            (true, false) => self.error("Illegal trailing comma before end of object", comma),
            (false, true) => self.error("Expecting value", self.at),
            (false, false) => {
                self.error("Expecting property name enclosed in double quotes", self.at)
            }
        }
    }

    // ANCHOR: value
    /// One value of any kind, starting at the current position.
    fn parse_value(&mut self) -> PyResult<Bound<'py, PyAny>> {
        // ANCHOR: todo-value
        // TODO: look at the next byte (`self.peek()`) and hand over to the right parser:
        // `{` to `parse_object`, `[` to `parse_array`, `"` to `parse_string`. The
        // literals `null`, `true` and `false` (`self.at_word("null")`) become Python's
        // None, True and False: `PyNone::get(py)`, `PyBool::new(py, true)` (both
        // borrowed: `.to_owned().into_any()`). Move `self.at` past what you read.
        // Anything else is `parse_number`'s, which reports "Expecting value".
        // Extra: the stdlib also takes `NaN`, `Infinity` and `-Infinity`.
        todo!("parse the value at byte {}", self.at)
        // ANCHOR_END: todo-value
    }
    // ANCHOR_END: value

    /// A number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    fn parse_number(&mut self) -> PyResult<Bound<'py, PyAny>> {
        // ANCHOR: todo-number
        // TODO: read `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` with
        // `skip_digits` and `is_digit`. No digit where one must start: "Expecting value"
        // at the start. A `.` or `e` without digits after it is not part of the number.
        // A fraction or exponent makes a float (`PyFloat::new`, from `str::parse::<f64>`);
        // otherwise an int: `i64` if it fits, else Python's own `int` called on the text.
        todo!("parse the number at byte {}", self.at)
        // ANCHOR_END: todo-number
    }

    /// Is the byte at `at` an ASCII digit?
    fn is_digit(&self, at: usize) -> bool {
        self.bytes.get(at).is_some_and(u8::is_ascii_digit)
    }

    /// The offset of the first byte at or after `at` that is not a digit.
    fn skip_digits(&self, mut at: usize) -> usize {
        while self.is_digit(at) {
            at += 1;
        }
        at
    }

    // ANCHOR: string
    /// A string, the parser at its opening quote.
    fn parse_string(&mut self) -> PyResult<Bound<'py, PyString>> {
        // ANCHOR: todo-string
        // TODO: from the byte after the quote, find the closing `"`. Without any
        // backslash, the string is a slice of `self.text`: `PyString::new`. A backslash
        // starts an escape: copy the text before it into an `Unescaped` and let
        // `parse_escape` read the escape. A byte below 0x20 is "Invalid control
        // character at" its position; the end of the text is "Unterminated string
        // starting at" the quote. Leave `self.at` after the closing quote.
        todo!("parse the string at byte {}", self.at)
        // ANCHOR_END: todo-string
    }
    // ANCHOR_END: string

    /// One escape sequence, `at` on its backslash, inside the string whose quote is at
    /// `quote`. Appends what it stands for to `unescaped`; returns the offset after it.
    fn parse_escape(&self, quote: usize, at: usize, unescaped: &mut Unescaped) -> PyResult<usize> {
        // ANCHOR: todo-escape
        // TODO: the byte after the backslash says which escape: `\"`, `\\`, `\/`,
        // `\b`, `\f`, `\n`, `\r`, `\t` push one byte; `\u` is `parse_unicode_escape`'s.
        // Anything else is "Invalid \\escape" at the backslash; nothing at all,
        // "Unterminated string starting at" the quote.
        let _ = (quote, unescaped);
        todo!("parse the escape at byte {at}")
        // ANCHOR_END: todo-escape
    }

    /// `\uXXXX`, `at` on its backslash: a character of the Basic Multilingual Plane,
    /// or the first half of a surrogate pair (`\ud83d\ude00` is one emoji).
    fn parse_unicode_escape(&self, at: usize, unescaped: &mut Unescaped) -> PyResult<usize> {
        // ANCHOR: todo-unicode
        // TODO: four hex digits (`self.hex4`) after `\u`; push their code point with
        // `unescaped.push`. A high surrogate (0xD800..0xDC00) followed by `\u` and a
        // low one (0xDC00..0xE000) is one character: 0x10000 + (high - 0xD800) * 0x400
        // + (low - 0xDC00). Errors are "Invalid \\uXXXX escape" at the `u`. The stdlib
        // wants one more character after the digits (`at + 6 < len`), and after the
        // second escape's digits too, before it reads them.
        let _ = unescaped;
        todo!("parse the \\u escape at byte {at}")
        // ANCHOR_END: todo-unicode
    }

    /// The four hex digits at `at` as a number, or `None` if they are not four hex digits.
    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.bytes.get(at..at + 4)?;
        digits.iter().try_fold(0, |value, &byte| {
            Some(value * 16 + char::from(byte).to_digit(16)?)
        })
    }

    /// An object's key, the parser at its quote: `parse_string`, except that a short
    /// key without escapes is made once and shared by every object that has it (the
    /// stdlib does the same), which saves creating, and hashing, the same str again.
    fn parse_key(&mut self) -> PyResult<Bound<'py, PyString>> {
        let start = self.at + 1;
        let Some(length) = self.bytes[start..].iter().take(32).position(|&b| b == b'"') else {
            return self.parse_string();
        };
        let key = &self.text[start..start + length];
        if key.bytes().any(|byte| byte == b'\\' || byte < 0x20) {
            return self.parse_string();
        }
        self.at = start + length + 1;
        let py = self.py;
        Ok(self
            .keys
            .entry(key)
            .or_insert_with(|| PyString::new(py, key))
            .clone())
    }

    // ANCHOR: array
    /// An array, the parser at its `[`.
    fn parse_array(&mut self) -> PyResult<Bound<'py, PyAny>> {
        // ANCHOR: todo-array
        // TODO: `self.enter()?`, then step over the `[`, and append values to a
        // `PyList::empty(self.py)` until the `]`, with whitespace anywhere between.
        // After a value comes `,` or `]`, else "Expecting ',' delimiter"; a `]` right
        // after a comma is `self.trailing_comma(comma)`. Do `self.depth -= 1` at the end.
        todo!("parse the array at byte {}", self.at)
        // ANCHOR_END: todo-array
    }
    // ANCHOR_END: array

    /// An object, the parser at its `{`.
    fn parse_object(&mut self) -> PyResult<Bound<'py, PyAny>> {
        // ANCHOR: todo-object
        // TODO: like an array, into a `PyDict::new(self.py)`, with `"key": value` pairs:
        // read each key with `parse_key` (`parse_string`, with a cache); a key that
        // does not start with `"` is "Expecting property name enclosed in
        // double quotes", a missing `:` is "Expecting ':' delimiter". `set_item` keeps
        // the first place and the last value of a repeated key, as json.loads does.
        todo!("parse the object at byte {}", self.at)
        // ANCHOR_END: todo-object
    }

    // ANCHOR: enter
    /// One level deeper, the parser at a `[` or `{`. The caller goes back up with
    /// `self.depth -= 1` once its array or object is closed.
    fn enter(&mut self) -> PyResult<()> {
        // ANCHOR: todo-depth
        // TODO (stretch): refuse to go deeper than MAX_DEPTH: a JSONDecodeError,
        // "Maximum nesting depth exceeded", at the bracket. Without it, 100,000 `[`
        // overflow the stack and crash Python.
        // ANCHOR_END: todo-depth
        self.depth += 1;
        Ok(())
    }
    // ANCHOR_END: enter
}

/// A string's text with its escapes replaced, as UTF-8 bytes.
///
/// JSON may spell half of a surrogate pair alone (`"\ud800"`), and Python keeps it in
/// the `str`; no Rust `String` can hold one. Such a half is stored the way
/// Python's `surrogatepass` error handler reads it back: three bytes, as if it were a
/// character of its own.
#[derive(Default)]
struct Unescaped {
    bytes: Vec<u8>,
    lone_surrogate: bool,
}

impl Unescaped {
    /// Append the character with this code point (or a lone surrogate).
    fn push(&mut self, code_point: u32) {
        match char::from_u32(code_point) {
            Some(character) => {
                let mut buffer = [0; 4];
                let encoded = character.encode_utf8(&mut buffer);
                self.bytes.extend_from_slice(encoded.as_bytes());
            }
            None => {
                // 0xD800..=0xDFFF: 1110_xxxx 10xx_xxxx 10xx_xxxx, as UTF-8 would have it.
                self.bytes.extend_from_slice(&[
                    0xE0 | (code_point >> 12) as u8,
                    0x80 | ((code_point >> 6) & 0x3F) as u8,
                    0x80 | (code_point & 0x3F) as u8,
                ]);
                self.lone_surrogate = true;
            }
        }
    }

    /// The Python `str`. Python's decoder checks the bytes; nothing else does.
    fn into_py_string(self, py: Python<'_>) -> PyResult<Bound<'_, PyString>> {
        if self.lone_surrogate {
            let bytes = PyBytes::new(py, &self.bytes);
            PyString::from_encoded_object(&bytes, Some(c"utf-8"), Some(c"surrogatepass"))
        } else {
            PyString::from_bytes(py, &self.bytes)
        }
    }
}
