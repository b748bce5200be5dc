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
        format!("{} °C", self.0)
    }
}

// Drill 2: implement `From`.
impl From<Celsius> for Fahrenheit {
    fn from(celsius: Celsius) -> Self {
        Fahrenheit(celsius.0 * 9.0 / 5.0 + 32.0)
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
        PortError::NotANumber(error)
    }
}

/// Read a port number such as `" 8080 "`: spaces around it are fine.
pub fn parse_port(text: &str) -> Result<u16, PortError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(PortError::Missing);
    }
    // `?` calls `PortError::from` on a parse error before returning it.
    Ok(text.parse::<u16>()?)
}
