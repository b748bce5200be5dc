//! Drills 1 to 3: a trait, `From`, and how `?` converts an error through `From`.

use std::num::ParseIntError;

/// Something that can say what it is in one line, like Python's `__str__`.
pub trait Describe {
    fn describe(&self) -> String;
}

/// A temperature in degrees Celsius.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Celsius(pub f64);

/// A temperature in degrees Fahrenheit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fahrenheit(pub f64);

// Drill 1: implement a trait.
impl Describe for Celsius {
    fn describe(&self) -> String {
        // TODO: return the number followed by " °C": "21.5 °C" for `Celsius(21.5)`.
        // `self.0` is the number inside; `format!` works like an f-string.
        todo!("describe {self:?}")
    }
}

// Drill 2: implement `From`.
impl From<Celsius> for Fahrenheit {
    fn from(celsius: Celsius) -> Self {
        // TODO: °F = °C × 9 / 5 + 32. Once this works, `Fahrenheit::from(c)` and
        // `let f: Fahrenheit = c.into();` both do the conversion.
        todo!("convert {celsius:?}")
    }
}

/// Why a port number could not be read.
#[derive(Debug, PartialEq)]
pub enum PortError {
    /// The text was empty, or only spaces.
    Missing,
    /// The text was not a whole number from 0 to 65535.
    NotANumber(ParseIntError),
}

// Drill 3: let `?` convert a `ParseIntError` into a `PortError`.
impl From<ParseIntError> for PortError {
    fn from(error: ParseIntError) -> Self {
        // TODO: wrap `error` in the `NotANumber` variant.
        todo!("wrap {error}")
    }
}

/// Read a port number such as `" 8080 "`: spaces around it are fine.
pub fn parse_port(text: &str) -> Result<u16, PortError> {
    // TODO: trim the text; when nothing is left, return `Err(PortError::Missing)`.
    // Otherwise `text.parse::<u16>()?` does the rest: on a parse error, `?` turns the
    // `ParseIntError` into a `PortError` with the `From` impl above, so there is no
    // `map_err` to write.
    todo!("parse {text:?}")
}
