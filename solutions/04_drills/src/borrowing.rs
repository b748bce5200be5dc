//! Drills 6 and 7: changing a collection while you go through it (error E0502).

// Drill 6: collect first, then change.
/// Append a doubled copy of each even number, in order: `[1, 2, 4]` becomes
/// `[1, 2, 4, 4, 8]`.
pub fn append_doubled_evens(numbers: &mut Vec<i64>) {
    // The shared borrow of `iter()` ends with `collect()`; `extend` may then change it.
    let doubled: Vec<i64> = numbers
        .iter()
        .filter(|&&n| n % 2 == 0)
        .map(|n| n * 2)
        .collect();
    numbers.extend(doubled);
}

// Drill 7: loop over indexes, not over the values.
/// Cross off multiples: when it is called, `keep[i]` is true for every i >= 2. For
/// each i from 2 whose flag is still true when the loop reaches it, set the flags of
/// 2i, 3i, 4i, … to false. What stays true are the numbers no smaller number (from 2)
/// divides.
pub fn cross_off_multiples(keep: &mut [bool]) {
    // An index borrows nothing: each `keep[i]` is a short borrow of its own.
    for i in 2..keep.len() {
        if keep[i] {
            for multiple in (2 * i..keep.len()).step_by(i) {
                keep[multiple] = false;
            }
        }
    }
}
