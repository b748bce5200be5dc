//! Exercise 14, the Rust test suite.
//!
//! Change the Rust code in `src/lib.rs` to make the tests below pass.
//! Do not change the tests: they grade your solution and the reference one alike.
//!
//! Only `moving_average` is tested here: the other two bugs crash or hang the process
//! that meets them, so the pytest suite tests them, each in a Python of its own.

use telemetry::moving_average;

#[test]
fn moving_average_of_four_readings_over_two() {
    assert_eq!(moving_average(&[1.0, 2.0, 3.0, 4.0], 2), [1.5, 2.5, 3.5]);
}

#[test]
fn moving_average_over_every_reading_is_their_mean() {
    assert_eq!(moving_average(&[2.0, 4.0, 9.0], 3), [5.0]);
}

#[test]
fn moving_average_over_one_reading_is_the_readings() {
    let readings = [0.5, -1.0, 8.0, 3.25];
    assert_eq!(moving_average(&readings, 1), readings);
}
