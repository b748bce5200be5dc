//! Drills 8 and 9: `move` closures, `Arc` and `'static`, with `std::thread::spawn`.

use std::ops::Range;
use std::sync::Arc;
use std::thread::JoinHandle;

// Drill 8: a worker thread that owns what it uses.
/// Start a thread that adds up `numbers[range]`; its `JoinHandle` gives the sum.
// The line below silences "unused variable" until you use them: delete it then.
#[allow(unused_variables)]
pub fn spawn_sum(numbers: Arc<Vec<u64>>, range: Range<usize>) -> JoinHandle<u64> {
    // TODO: `std::thread::spawn(move || …)`. The thread may outlive this call, so its
    // closure must own everything it uses (`'static`): `move` hands it the `Arc`, a
    // shared handle to the numbers, and the range. In the closure, sum
    // `numbers[range].iter()`.
    todo!()
}

// Drill 9: several workers over the same data.
/// Add up `numbers` on `workers` threads, one chunk each, and combine their sums.
// The line below silences "unused variable" until you use them: delete it then.
#[allow(unused_variables)]
pub fn parallel_sum(numbers: &Arc<Vec<u64>>, workers: usize) -> u64 {
    // TODO: split `0..numbers.len()` into `workers` ranges of about equal size (a chunk
    // of `numbers.len().div_ceil(workers)` each, the last one shorter), start a
    // `spawn_sum` for each with `Arc::clone(numbers)`, and only then `join()` every
    // handle and add up the results. `join()` returns `Err` if the thread panicked:
    // `.expect("…")` is fine here.
    todo!()
}
