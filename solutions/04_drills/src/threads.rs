//! Drills 8 and 9: `move` closures, `Arc` and `'static`, with `std::thread::spawn`.

use std::ops::Range;
use std::sync::Arc;
use std::thread::JoinHandle;

// Drill 8: a worker thread that owns what it uses.
/// Start a thread that adds up `numbers[range]`; its `JoinHandle` gives the sum.
pub fn spawn_sum(numbers: Arc<Vec<u64>>, range: Range<usize>) -> JoinHandle<u64> {
    // `move`: the closure owns this `Arc` and the range, so it borrows nothing from
    // this function and may outlive it.
    std::thread::spawn(move || numbers[range].iter().sum())
}

// Drill 9: several workers over the same data.
/// Add up `numbers` on `workers` threads, one chunk each, and combine their sums.
pub fn parallel_sum(numbers: &Arc<Vec<u64>>, workers: usize) -> u64 {
    let len = numbers.len();
    // At least 1: `step_by(0)` panics, and an empty list still needs a step.
    let chunk = len.div_ceil(workers.max(1)).max(1);
    // Start every thread before joining any, or they would run one after the other.
    let handles: Vec<JoinHandle<u64>> = (0..len)
        .step_by(chunk)
        .map(|start| spawn_sum(Arc::clone(numbers), start..(start + chunk).min(len)))
        .collect();
    handles
        .into_iter()
        .map(|handle| handle.join().expect("a summing thread panicked"))
        .sum()
}
