//! Drills 6 and 7: changing a collection while you go through it (error E0502).

// Drill 6: collect first, then change.
/// Append a doubled copy of each even number, in order: `[1, 2, 4]` becomes
/// `[1, 2, 4, 4, 8]`.
pub fn append_doubled_evens(numbers: &mut Vec<i64>) {
    // TODO: this loop does not compile (error E0502): `numbers.iter()` borrows the
    // vector to read it, and `push` needs it exclusively while that borrow lasts.
    //
    //     for n in numbers.iter() {
    //         if n % 2 == 0 {
    //             numbers.push(n * 2);
    //         }
    //     }
    //
    // Collect the doubled evens into a new `Vec` first, then `extend` `numbers` with it.
    todo!("double the evens of {numbers:?}")
}

// Drill 7: loop over indexes, not over the values.
/// Cross off multiples: when it is called, `keep[i]` is true for every i >= 2. For
/// each i from 2 whose flag is still true when the loop reaches it, set the flags of
/// 2i, 3i, 4i, … to false. What stays true are the numbers no smaller number (from 2)
/// divides.
pub fn cross_off_multiples(keep: &mut [bool]) {
    // TODO: `for (i, still_in) in keep.iter().enumerate()` would borrow `keep` for the
    // whole loop, so `keep[j] = false` inside it is E0502 again. Loop over the indexes
    // instead (`for i in 2..keep.len()`) and index into `keep` each time.
    todo!("cross off in {} flags", keep.len())
}
