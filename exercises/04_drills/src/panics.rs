//! Drills 4 and 5: what a panic leaves behind (`Box<dyn Any + Send>`), and how to get
//! its message out.

use std::any::Any;

// Drill 4: downcast a payload.
/// The message of a caught panic, or `"unknown panic"` when the payload is not text.
// The line below silences "unused variable `payload`" until you use it: delete it then.
#[allow(unused_variables)]
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    // TODO: `panic!("a literal")` leaves a `&'static str` in the payload, and
    // `panic!("{x} formatted")` leaves a `String`. Try `payload.downcast_ref::<&str>()`,
    // then `payload.downcast_ref::<String>()`: each gives `Some(&value)` if the payload
    // holds that type. Anything else is "unknown panic".
    todo!("get the text out of the payload")
}

// Drill 5: catch a panic.
/// Run `work`; a panic inside it becomes `Err(its message)`.
// The line below silences "unused variable `work`" until you use it: delete it then.
#[allow(unused_variables)]
pub fn run_guarded(work: fn() -> u32) -> Result<u32, String> {
    // TODO: `std::panic::catch_unwind(work)` runs `work` and returns
    // `Result<u32, Box<dyn Any + Send>>`. Turn the `Err` side into a message with
    // `map_err` and `panic_message`. Careful: `&payload` compiles, but it is not what
    // `panic_message` should see (the chapter's section "What a panic leaves behind"
    // says why).
    todo!()
}
