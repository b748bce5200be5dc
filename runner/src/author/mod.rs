//! The author's wing: `cargo workshop verify`, the proof that the course works.

pub mod code_checks;
pub mod given_code;
pub mod lock;
pub mod stubtest;
pub mod verdict_checks;
pub mod verify;
