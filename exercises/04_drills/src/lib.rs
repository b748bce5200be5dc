//! Exercise 4: drills, the pieces of Rust that the later exercises lean on.
//!
//! Each drill is one function or one `impl` with a `TODO` and a `todo!()` body, and
//! one test in `tests/drills.rs`. Do them in order and run `cargo workshop check 04`
//! after each one. Chapter 4 of the book ("A Rust crash course for Pythonistas")
//! explains everything used here.

/// Drills 1 to 3: a trait, `From`, and how `?` converts an error.
pub mod conversions;

/// Drills 4 and 5: a panic's payload, `Box<dyn Any + Send>`, and its message.
pub mod panics;

/// Drills 6 and 7: changing a collection while you go through it.
pub mod borrowing;

/// Drills 8 and 9: `move` closures, `Arc` and threads.
pub mod threads;
