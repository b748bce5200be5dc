//! Drills 4 and 5: what a panic leaves behind (`Box<dyn Any + Send>`), and how to get
//! its message out.

use std::any::Any;

// Drill 4: downcast a payload.
/// The message of a caught panic, or `"unknown panic"` when the payload is not text.
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "unknown panic".to_string()
    }
}

// Drill 5: catch a panic.
/// Run `work`; a panic inside it becomes `Err(its message)`.
pub fn run_guarded(work: fn() -> u32) -> Result<u32, String> {
    // `payload.as_ref()` is the value inside the box; `&payload` would be the box
    // itself, which is an `Any` too, and downcasts to neither `&str` nor `String`.
    std::panic::catch_unwind(work).map_err(|payload| panic_message(payload.as_ref()))
}
