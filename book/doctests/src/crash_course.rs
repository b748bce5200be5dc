//! Chapter 4, "A Rust crash course for Pythonistas": every example the chapter
//! shows, with tests that pin down what the chapter says about it.

// ANCHOR: variables
/// Adds up prices and 20% tax, in whole cents.
pub fn total_with_tax(prices_in_cents: &[i64]) -> i64 {
    let tax_rate = 0.2; // an f64, inferred from the literal
    let mut total: i64 = 0; // `mut`: this binding will change
    for price in prices_in_cents {
        total += price;
    }
    let tax = (total as f64 * tax_rate).round() as i64;
    total + tax
}
// ANCHOR_END: variables

// ANCHOR: integers
/// The byte after `byte`, or `None` at 255: 256 does not fit in eight bits.
pub fn next_byte(byte: u8) -> Option<u8> {
    byte.checked_add(1)
}
// ANCHOR_END: integers

// ANCHOR: add
pub fn add(a: i64, b: i64) -> i64 {
    a + b
}
// ANCHOR_END: add

// ANCHOR: point
/// Like a `@dataclass` with two float fields.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Point {
    /// A constructor is an ordinary associated function; `new` is a convention.
    pub fn new(x: f64, y: f64) -> Self {
        Self { x, y }
    }

    /// `&self` borrows the point: the method reads it and hands it back.
    pub fn distance_from_origin(&self) -> f64 {
        (self.x.powi(2) + self.y.powi(2)).sqrt()
    }

    /// `&mut self` borrows it exclusively: the method may change it.
    pub fn shift(&mut self, dx: f64, dy: f64) {
        self.x += dx;
        self.y += dy;
    }
}
// ANCHOR_END: point

// ANCHOR: result
pub fn divide(a: f64, b: f64) -> Result<f64, String> {
    if b == 0.0 {
        Err(format!("cannot divide {a} by zero"))
    } else {
        Ok(a / b)
    }
}
// ANCHOR_END: result

// ANCHOR: option
pub fn first_word(text: &str) -> Option<&str> {
    text.split_whitespace().next()
}
// ANCHOR_END: option

// ANCHOR: match
pub fn describe(outcome: Result<f64, String>) -> String {
    match outcome {
        Ok(value) => format!("got {value}"),
        Err(message) => format!("failed: {message}"),
    }
}
// ANCHOR_END: match

// ANCHOR: question_mark
/// `?` hands an error straight back to the caller, like an exception propagating.
pub fn parse_and_halve(text: &str) -> Result<i64, std::num::ParseIntError> {
    let n: i64 = text.trim().parse()?;
    Ok(n / 2)
}
// ANCHOR_END: question_mark

// ANCHOR: ownership
pub fn two_greetings() -> (String, String) {
    let greeting = String::from("hello");
    let moved = greeting; // the String now belongs to `moved`; `greeting` is gone
    let copy = moved.clone(); // a second, independent String: copying is explicit
    (moved, copy)
}
// ANCHOR_END: ownership

// ANCHOR: borrowing
/// Borrows the words: the caller still owns them afterwards.
pub fn longest(words: &[String]) -> Option<&str> {
    words
        .iter()
        .map(String::as_str)
        .max_by_key(|word| word.len())
}
// ANCHOR_END: borrowing

// ANCHOR: strings
/// Reads a borrowed `&str`, returns a new owned `String`.
pub fn shout(text: &str) -> String {
    let mut loud = text.to_uppercase();
    loud.push('!');
    loud
}
// ANCHOR_END: strings

// ANCHOR: iterators
/// `sum(n * n for n in numbers if n % 2 == 0)`, in Rust.
pub fn sum_of_even_squares(numbers: &[i64]) -> i64 {
    numbers.iter().filter(|&&n| n % 2 == 0).map(|n| n * n).sum()
}
// ANCHOR_END: iterators

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_adds_tax() {
        assert_eq!(total_with_tax(&[100, 150]), 300);
        assert_eq!(total_with_tax(&[]), 0);
    }

    #[test]
    fn next_byte_stops_at_255() {
        assert_eq!(next_byte(41), Some(42));
        assert_eq!(next_byte(255), None);
    }

    #[test]
    fn add_is_a_tail_expression() {
        assert_eq!(add(2, 40), 42);
    }

    #[test]
    fn point_methods() {
        let mut point = Point::new(3.0, 4.0);
        assert_eq!(point.distance_from_origin(), 5.0);
        point.shift(-3.0, -4.0);
        assert_eq!(point, Point::new(0.0, 0.0));
    }

    #[test]
    fn divide_returns_err_for_zero() {
        assert_eq!(divide(10.0, 4.0), Ok(2.5));
        assert_eq!(divide(1.0, 0.0), Err("cannot divide 1 by zero".to_string()));
        assert_eq!(
            describe(divide(1.0, 0.0)),
            "failed: cannot divide 1 by zero"
        );
        assert_eq!(describe(divide(5.0, 2.0)), "got 2.5");
    }

    #[test]
    fn first_word_is_none_for_blank_text() {
        assert_eq!(first_word("  hello world"), Some("hello"));
        assert_eq!(first_word("   "), None);
    }

    #[test]
    fn question_mark_propagates_the_parse_error() {
        assert_eq!(parse_and_halve(" 84 "), Ok(42));
        assert!(parse_and_halve("forty").is_err());
    }

    #[test]
    fn ownership_and_borrowing() {
        let (a, b) = two_greetings();
        assert_eq!(a, b);
        let words = vec!["a".to_string(), "abc".to_string(), "ab".to_string()];
        assert_eq!(longest(&words), Some("abc"));
        assert_eq!(words.len(), 3, "the caller still owns the words");
        assert_eq!(longest(&[]), None);
    }

    #[test]
    fn strings_and_iterators() {
        assert_eq!(shout("rust"), "RUST!");
        assert_eq!(sum_of_even_squares(&[1, 2, 3, 4]), 20);
    }
}
