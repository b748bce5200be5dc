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

// ANCHOR: collect_results
/// Every number of a line such as "1 2 3", or the error of the first word that is not one.
pub fn numbers_of(line: &str) -> Result<Vec<i64>, std::num::ParseIntError> {
    // Collecting `Result`s into a `Result<Vec<_>, _>` stops at the first `Err`.
    line.split_whitespace().map(str::parse).collect()
}
// ANCHOR_END: collect_results

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

// ANCHOR: traits
/// A trait names a behaviour; any type can take it on with an `impl` block.
pub trait Area {
    fn area(&self) -> f64;
}

pub struct Square {
    pub side: f64,
}

impl Area for Square {
    fn area(&self) -> f64 {
        self.side * self.side
    }
}

/// Works for every type that implements `Area`, the way duck typing would.
pub fn total_area(shapes: &[&dyn Area]) -> f64 {
    shapes.iter().map(|shape| shape.area()).sum()
}
// ANCHOR_END: traits

// ANCHOR: from
#[derive(Debug, PartialEq)]
pub struct Meters(pub f64);

#[derive(Debug, PartialEq)]
pub struct Feet(pub f64);

/// One `impl From` gives both `Feet::from(meters)` and `meters.into()`.
impl From<Meters> for Feet {
    fn from(meters: Meters) -> Self {
        Feet(meters.0 / 0.3048)
    }
}
// ANCHOR_END: from

// ANCHOR: question_mark_from
use std::num::{ParseFloatError, ParseIntError};

/// Everything that can go wrong while reading a "count,weight" line.
#[derive(Debug, PartialEq)]
pub enum LineError {
    NoComma,
    BadCount(ParseIntError),
    BadWeight(ParseFloatError),
}

impl From<ParseIntError> for LineError {
    fn from(error: ParseIntError) -> Self {
        LineError::BadCount(error)
    }
}

impl From<ParseFloatError> for LineError {
    fn from(error: ParseFloatError) -> Self {
        LineError::BadWeight(error)
    }
}

/// `"3,0.5"` → `(3, 0.5)`. Each `?` converts its error into a `LineError` with `From`.
pub fn parse_line(line: &str) -> Result<(u32, f64), LineError> {
    let (count, weight) = line.split_once(',').ok_or(LineError::NoComma)?;
    Ok((count.trim().parse()?, weight.trim().parse()?))
}
// ANCHOR_END: question_mark_from

// ANCHOR: any
use std::any::Any;

/// `Box<dyn Any>` holds a value of any type; `downcast_ref` asks "is it a T?".
pub fn describe_any(value: &dyn Any) -> String {
    if let Some(number) = value.downcast_ref::<i64>() {
        format!("the number {number}")
    } else if let Some(text) = value.downcast_ref::<String>() {
        format!("the text {text:?}")
    } else {
        "something else".to_string()
    }
}
// ANCHOR_END: any

// ANCHOR: catch_unwind
/// Runs `work` and catches a panic in it. `Err` holds the panic's payload: whatever
/// value `panic!` was given, boxed as `Box<dyn Any + Send>`.
pub fn try_to_run(work: fn() -> i64) -> Result<i64, Box<dyn Any + Send>> {
    std::panic::catch_unwind(work)
}

/// What kind of value a payload holds.
pub fn payload_kind(payload: &(dyn Any + Send)) -> &'static str {
    if payload.is::<&str>() {
        "a &str"
    } else if payload.is::<String>() {
        "a String"
    } else {
        "something else"
    }
}
// ANCHOR_END: catch_unwind

// ANCHOR: as_ref_trap
pub fn kinds_of_one_payload() -> (&'static str, &'static str) {
    let payload = try_to_run(|| panic!("out of range")).unwrap_err();
    // Wrong: `&payload` is a `&Box<dyn Any + Send>`, and a Box is an `Any` too.
    let the_box = payload_kind(&payload);
    // Right: `as_ref()` (or `&*payload`) reaches the value inside the box.
    let the_value = payload_kind(payload.as_ref());
    (the_box, the_value) // ("something else", "a &str")
}
// ANCHOR_END: as_ref_trap

// ANCHOR: change_while_iterating
/// Marks the neighbour after every marked slot: by index, so no borrow outlives a step.
pub fn mark_next_too(marks: &mut [bool]) {
    for i in (0..marks.len().saturating_sub(1)).rev() {
        if marks[i] {
            marks[i + 1] = true;
        }
    }
}

/// Appends an upper-case copy of each word that ends in `!`: read first, change after.
pub fn add_shouts(words: &mut Vec<String>) {
    let shouts: Vec<String> = words
        .iter()
        .filter(|word| word.ends_with('!'))
        .map(|word| word.to_uppercase())
        .collect(); // the loan of `words` ends here
    words.extend(shouts);
}
// ANCHOR_END: change_while_iterating

// ANCHOR: threads
use std::sync::Arc;
use std::thread::{self, JoinHandle};

/// Counts, on one thread per letter, the words that contain that letter.
pub fn count_on_threads(words: Arc<Vec<String>>, letters: &[char]) -> Vec<usize> {
    let handles: Vec<JoinHandle<usize>> = letters
        .iter()
        .map(|&letter| {
            let words = Arc::clone(&words); // one more handle to the same Vec
            // `move`: the closure takes `words` and `letter` along with it.
            thread::spawn(move || words.iter().filter(|word| word.contains(letter)).count())
        })
        .collect();
    // `join` waits for a thread and hands back what its closure returned.
    handles
        .into_iter()
        .map(|handle| handle.join().expect("a counting thread panicked"))
        .collect()
}
// ANCHOR_END: threads

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traits_and_from() {
        let small = Square { side: 2.0 };
        let big = Square { side: 3.0 };
        assert_eq!(total_area(&[&small, &big]), 13.0);
        let feet: Feet = Meters(3.048).into();
        assert!((feet.0 - 10.0).abs() < 1e-9, "{feet:?}");
    }

    #[test]
    fn collecting_results_stops_at_the_first_error() {
        assert_eq!(numbers_of("1 2 3"), Ok(vec![1, 2, 3]));
        assert!(numbers_of("1 two 3").is_err());
        assert_eq!(numbers_of(""), Ok(vec![]));
    }

    #[test]
    fn question_mark_converts_with_from() {
        assert_eq!(parse_line("3, 0.5"), Ok((3, 0.5)));
        assert_eq!(parse_line("3"), Err(LineError::NoComma));
        assert!(matches!(parse_line("x,0.5"), Err(LineError::BadCount(_))));
        assert!(matches!(
            parse_line("3,heavy"),
            Err(LineError::BadWeight(_))
        ));
    }

    #[test]
    fn downcasting() {
        let values: Vec<Box<dyn Any>> =
            vec![Box::new(42_i64), Box::new("hi".to_string()), Box::new(1.5)];
        let described: Vec<String> = values
            .iter()
            .map(|value| describe_any(value.as_ref()))
            .collect();
        assert_eq!(
            described,
            ["the number 42", "the text \"hi\"", "something else"]
        );
    }

    #[test]
    fn a_caught_panic_and_the_as_ref_trap() {
        assert_eq!(try_to_run(|| 7).ok(), Some(7));
        let formatted = try_to_run(|| {
            // A literal message, even with arguments inlined, stays a `&str`: only a
            // message formatted at run time becomes a `String`.
            panic!("{} is too big", std::hint::black_box(7))
        })
        .unwrap_err();
        assert_eq!(payload_kind(formatted.as_ref()), "a String");
        assert_eq!(kinds_of_one_payload(), ("something else", "a &str"));
    }

    #[test]
    fn changing_while_iterating() {
        let mut marks = [true, false, false, true, false];
        mark_next_too(&mut marks);
        assert_eq!(marks, [true, true, false, true, true]);
        let mut words = vec!["hi".to_string(), "stop!".to_string()];
        add_shouts(&mut words);
        assert_eq!(words, ["hi", "stop!", "STOP!"]);
    }

    #[test]
    fn threads_share_an_arc() {
        let words: Arc<Vec<String>> =
            Arc::new(["apple", "pear", "plum"].map(String::from).to_vec());
        assert_eq!(
            count_on_threads(Arc::clone(&words), &['p', 'l', 'z']),
            [3, 2, 0]
        );
        assert_eq!(
            Arc::strong_count(&words),
            1,
            "every thread dropped its handle"
        );
    }

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
