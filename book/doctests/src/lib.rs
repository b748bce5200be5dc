//! The book's own code.
//!
//! Most of the book includes code from the exercises, the solutions and the demo.
//! What has no home there lives here, in tested modules that the chapters include
//! by anchor. Every other ```rust block of the book is compiled as a doctest of
//! this crate: `build.rs` turns each chapter into a documented module.

pub mod crash_course;
pub mod embedding;
pub mod free_threading;
pub mod lifetimes;
pub mod migration;

#[cfg(doctest)]
mod chapters {
    include!(concat!(env!("OUT_DIR"), "/chapters.rs"));
}
