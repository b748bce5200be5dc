//! Exercise 4, the drills: one test per drill, in the order of the drills.
//!
//! Change the Rust code in `src/` to make the tests below pass.
//! Do not change the tests: they grade your solution and the reference one alike.

use std::num::IntErrorKind;
use std::sync::Arc;

use drills::borrowing::{append_doubled_evens, cross_off_multiples};
use drills::conversions::{Celsius, Describe, Fahrenheit, PortError, parse_port};
use drills::panics::{panic_message, run_guarded};
use drills::threads::{parallel_sum, spawn_sum};

#[test]
fn drill_1_celsius_describes_itself() {
    assert_eq!(Celsius(21.5).describe(), "21.5 °C");
    assert_eq!(Celsius(-40.0).describe(), "-40 °C");
}

#[test]
fn drill_2_celsius_converts_into_fahrenheit() {
    assert_eq!(Fahrenheit::from(Celsius(100.0)), Fahrenheit(212.0));
    let body: Fahrenheit = Celsius(37.0).into();
    assert!(
        (body.0 - 98.6).abs() < 1e-9,
        "37 °C is 98.6 °F, got {body:?}"
    );
    assert_eq!(Fahrenheit::from(Celsius(-40.0)), Fahrenheit(-40.0));
}

#[test]
fn drill_3_question_mark_converts_the_parse_error() {
    let error = "x".parse::<u16>().unwrap_err();
    assert_eq!(
        PortError::from(error.clone()),
        PortError::NotANumber(error),
        "From<ParseIntError> must wrap the error in NotANumber"
    );
    assert_eq!(parse_port(" 8080 "), Ok(8080));
    assert_eq!(parse_port("   "), Err(PortError::Missing));
    for (text, kind) in [
        ("http", IntErrorKind::InvalidDigit),
        ("70000", IntErrorKind::PosOverflow),
    ] {
        match parse_port(text) {
            Err(PortError::NotANumber(error)) => assert_eq!(error.kind(), &kind, "{text:?}"),
            other => panic!("parse_port({text:?}) should be Err(NotANumber(…)), got {other:?}"),
        }
    }
}

#[test]
fn drill_4_panic_message_reads_both_kinds_of_text() {
    let literal = std::panic::catch_unwind(|| panic!("disk full")).unwrap_err();
    assert_eq!(panic_message(literal.as_ref()), "disk full");
    let free = 3;
    let formatted = std::panic::catch_unwind(|| panic!("{free} blocks left")).unwrap_err();
    assert_eq!(panic_message(formatted.as_ref()), "3 blocks left");
    let number = std::panic::catch_unwind(|| std::panic::panic_any(42_i32)).unwrap_err();
    assert_eq!(panic_message(number.as_ref()), "unknown panic");
}

#[test]
fn drill_5_run_guarded_turns_a_panic_into_err() {
    assert_eq!(run_guarded(|| 7), Ok(7));
    assert_eq!(
        run_guarded(|| panic!("out of fuel")),
        Err("out of fuel".to_string()),
        "an \"unknown panic\" here means panic_message was handed the Box, not what is in it"
    );
}

#[test]
fn drill_6_append_doubled_evens() {
    let mut numbers = vec![1, 2, 4];
    append_doubled_evens(&mut numbers);
    assert_eq!(numbers, [1, 2, 4, 4, 8]);
    let mut odd = vec![1, 3, 5];
    append_doubled_evens(&mut odd);
    assert_eq!(odd, [1, 3, 5], "no even number, nothing to add");
}

#[test]
fn drill_7_cross_off_multiples() {
    let mut keep = vec![true; 30];
    keep[0] = false;
    keep[1] = false;
    cross_off_multiples(&mut keep);
    let left: Vec<usize> = (0..keep.len()).filter(|&i| keep[i]).collect();
    assert_eq!(left, [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]);
}

#[test]
fn drill_8_spawn_sum_returns_a_running_thread() {
    let numbers: Arc<Vec<u64>> = Arc::new((1..=100).collect());
    let low = spawn_sum(Arc::clone(&numbers), 0..50);
    let high = spawn_sum(Arc::clone(&numbers), 50..100);
    assert_eq!(low.join().expect("the thread of 0..50 panicked"), 1275);
    assert_eq!(high.join().expect("the thread of 50..100 panicked"), 3775);
    assert_eq!(
        Arc::strong_count(&numbers),
        1,
        "each finished thread should have dropped its Arc"
    );
}

#[test]
fn drill_9_parallel_sum_adds_every_chunk() {
    let numbers: Arc<Vec<u64>> = Arc::new((1..=1000).collect());
    assert_eq!(parallel_sum(&numbers, 4), 500_500);
    assert_eq!(parallel_sum(&numbers, 1), 500_500);
    let ten: Arc<Vec<u64>> = Arc::new((1..=10).collect());
    assert_eq!(parallel_sum(&ten, 3), 55, "chunks of 4, 4 and 2");
    assert_eq!(parallel_sum(&ten, 20), 55, "more workers than numbers");
    assert_eq!(parallel_sum(&Arc::new(Vec::new()), 2), 0, "no numbers");
}
