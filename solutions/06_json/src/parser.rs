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
        let py = self.py;
        let (value, length) = match self.peek() {
            Some(b'{') => return self.parse_object(),
            Some(b'[') => return self.parse_array(),
            Some(b'"') => return Ok(self.parse_string()?.into_any()),
            _ if self.at_word("null") => (PyNone::get(py).to_owned().into_any(), 4),
            _ if self.at_word("true") => (PyBool::new(py, true).to_owned().into_any(), 4),
            _ if self.at_word("false") => (PyBool::new(py, false).to_owned().into_any(), 5),
            // Not JSON, but the standard library accepts them, and so do we.
            _ if self.at_word("NaN") => (PyFloat::new(py, f64::NAN).into_any(), 3),
            _ if self.at_word("Infinity") => (PyFloat::new(py, f64::INFINITY).into_any(), 8),
            _ if self.at_word("-Infinity") => (PyFloat::new(py, f64::NEG_INFINITY).into_any(), 9),
            _ => return self.parse_number(),
        };
        self.at += length;
        Ok(value)
        // ANCHOR_END: todo-value
    }
    // ANCHOR_END: value

    /// A number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    fn parse_number(&mut self) -> PyResult<Bound<'py, PyAny>> {
        // ANCHOR: todo-number
        let start = self.at;
        let mut end = start;
        if self.bytes.get(end) == Some(&b'-') {
            end += 1;
        }
        match self.bytes.get(end) {
            Some(b'0') => end += 1,
            Some(b'1'..=b'9') => end = self.skip_digits(end + 1),
            _ => return Err(self.error("Expecting value", start)),
        }
        let mut is_float = false;
        // A fraction needs a digit after the point: in `1.` the number is `1`, and
        // the `.` is left over (an error the caller reports).
        if self.bytes.get(end) == Some(&b'.') && self.is_digit(end + 1) {
            end = self.skip_digits(end + 2);
            is_float = true;
        }
        if let Some(b'e' | b'E') = self.bytes.get(end) {
            let mut digits = end + 1;
            if let Some(b'+' | b'-') = self.bytes.get(digits) {
                digits += 1;
            }
            // The same for an exponent: without digits, the `e` is not part of it.
            if self.is_digit(digits) {
                end = self.skip_digits(digits);
                is_float = true;
            }
        }
        self.at = end;
        let number = &self.text[start..end];
        if is_float {
            // Rust's `f64` parsing is correctly rounded, as Python's `float()` is.
            let value: f64 = number
                .parse()
                .map_err(|_| self.error("Invalid number", start))?;
            return Ok(PyFloat::new(self.py, value).into_any());
        }
        match number.parse::<i64>() {
            Ok(value) => Ok(value.into_pyobject(self.py)?.into_any()),
            // Too big for 64 bits: Python's own `int(text)` makes a big int of it.
            Err(_) => self.py.get_type::<PyInt>().call1((number,)),
        }
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
        let quote = self.at;
        let mut at = quote + 1;
        // Text without escapes is copied from the document as it stands. `copied` is
        // where the text not yet copied into `unescaped` begins.
        let mut copied = at;
        let mut unescaped = Unescaped::default();
        loop {
            match self.bytes.get(at) {
                Some(b'"') => break,
                Some(b'\\') => {
                    unescaped.bytes.extend_from_slice(&self.bytes[copied..at]);
                    at = self.parse_escape(quote, at, &mut unescaped)?;
                    copied = at;
                }
                Some(&byte) if byte < 0x20 => {
                    return Err(self.error("Invalid control character at", at));
                }
                Some(_) => at += 1,
                None => return Err(self.error("Unterminated string starting at", quote)),
            }
        }
        self.at = at + 1;
        if copied == quote + 1 {
            // The fast path: no escapes. The slice is already valid UTF-8 (it is part
            // of a `&str`, cut at two quotes), so nothing is checked twice.
            return Ok(PyString::new(self.py, &self.text[copied..at]));
        }
        unescaped.bytes.extend_from_slice(&self.bytes[copied..at]);
        unescaped.into_py_string(self.py)
        // ANCHOR_END: todo-string
    }
    // ANCHOR_END: string

    /// One escape sequence, `at` on its backslash, inside the string whose quote is at
    /// `quote`. Appends what it stands for to `unescaped`; returns the offset after it.
    fn parse_escape(&self, quote: usize, at: usize, unescaped: &mut Unescaped) -> PyResult<usize> {
        // ANCHOR: todo-escape
        let simple = match self.bytes.get(at + 1) {
            None => return Err(self.error("Unterminated string starting at", quote)),
            Some(b'u') => return self.parse_unicode_escape(at, unescaped),
            Some(b'"') => b'"',
            Some(b'\\') => b'\\',
            Some(b'/') => b'/',
            Some(b'b') => b'\x08',
            Some(b'f') => b'\x0c',
            Some(b'n') => b'\n',
            Some(b'r') => b'\r',
            Some(b't') => b'\t',
            Some(_) => return Err(self.error("Invalid \\escape", at)),
        };
        unescaped.bytes.push(simple);
        Ok(at + 2)
        // ANCHOR_END: todo-escape
    }

    /// `\uXXXX`, `at` on its backslash: a character of the Basic Multilingual Plane,
    /// or the first half of a surrogate pair (`\ud83d\ude00` is one emoji).
    fn parse_unicode_escape(&self, at: usize, unescaped: &mut Unescaped) -> PyResult<usize> {
        // ANCHOR: todo-unicode
        // The standard library wants a character after the four digits (at least the
        // closing quote) before it reads them, and reports any problem at the `u`.
        let end = at + 6;
        let invalid = || self.error("Invalid \\uXXXX escape", at + 1);
        if end >= self.bytes.len() {
            return Err(invalid());
        }
        let first = self.hex4(at + 2).ok_or_else(invalid)?;
        // A high surrogate followed by another `\u` (and then something more): a pair.
        if (0xD800..0xDC00).contains(&first)
            && end + 6 < self.bytes.len()
            && self.bytes[end..].starts_with(b"\\u")
        {
            let second = self
                .hex4(end + 2)
                .ok_or_else(|| self.error("Invalid \\uXXXX escape", end + 1))?;
            if (0xDC00..0xE000).contains(&second) {
                let joined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                unescaped.push(joined);
                return Ok(end + 6);
            }
            // Not a low surrogate: the second escape is read again on its own.
        }
        unescaped.push(first);
        Ok(end)
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
        self.enter()?;
        self.at += 1;
        let list = PyList::empty(self.py);
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.at += 1;
            self.depth -= 1;
            return Ok(list.into_any());
        }
        loop {
            list.append(self.parse_value()?)?;
            self.skip_whitespace();
            match self.peek() {
                Some(b']') => break,
                Some(b',') => {
                    let comma = self.at;
                    self.at += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b']') {
                        return Err(self.trailing_comma(comma));
                    }
                }
                _ => return Err(self.error("Expecting ',' delimiter", self.at)),
            }
        }
        self.at += 1;
        self.depth -= 1;
        Ok(list.into_any())
        // ANCHOR_END: todo-array
    }
    // ANCHOR_END: array

    /// An object, the parser at its `{`.
    fn parse_object(&mut self) -> PyResult<Bound<'py, PyAny>> {
        // ANCHOR: todo-object
        self.enter()?;
        self.at += 1;
        let dict = PyDict::new(self.py);
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.at += 1;
            self.depth -= 1;
            return Ok(dict.into_any());
        }
        loop {
            if self.peek() != Some(b'"') {
                return Err(
                    self.error("Expecting property name enclosed in double quotes", self.at)
                );
            }
            let key = self.parse_key()?;
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.error("Expecting ':' delimiter", self.at));
            }
            self.at += 1;
            self.skip_whitespace();
            // A key seen before keeps its place and takes the new value, as in Python.
            dict.set_item(key, self.parse_value()?)?;
            self.skip_whitespace();
            match self.peek() {
                Some(b'}') => break,
                Some(b',') => {
                    let comma = self.at;
                    self.at += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b'}') {
                        return Err(self.trailing_comma(comma));
                    }
                }
                _ => return Err(self.error("Expecting ',' delimiter", self.at)),
            }
        }
        self.at += 1;
        self.depth -= 1;
        Ok(dict.into_any())
        // ANCHOR_END: todo-object
    }

    // ANCHOR: enter
    /// One level deeper, the parser at a `[` or `{`. The caller goes back up with
    /// `self.depth -= 1` once its array or object is closed.
    fn enter(&mut self) -> PyResult<()> {
        // ANCHOR: todo-depth
        if self.depth == MAX_DEPTH {
            return Err(self.error("Maximum nesting depth exceeded", self.at));
        }
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
