//! Exercise 09: the sieve of Eratosthenes, and how much faster Rust really is.
//!
//! `sieve_of_eratosthenes` returns the primes as a Python list; `plain_sieve` is the
//! textbook version the exercise asks for. `count_primes` (the stretch) only counts,
//! with a sieve built for speed: odd numbers only, one bit each, in cache-sized
//! segments, with the GIL released while it works. The reference list reuses that sieve.

use std::sync::LazyLock;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

// ANCHOR: limit
/// The largest `n` either function accepts.
///
/// The plain sieve needs one byte per number, and the primes up to 10^9 are already
/// 50 million Python ints (about 2 GB as a list): `MAX_N` keeps a call within a
/// laptop's memory. Checking *before* allocating matters: a `Vec` that cannot be
/// allocated aborts the whole Python process instead of raising an exception.
pub const MAX_N: usize = 1_000_000_000;

fn check_limit(n: usize) -> PyResult<()> {
    if n > MAX_N {
        return Err(PyValueError::new_err(format!(
            "n = {n} is too large: the limit is MAX_N = {MAX_N}"
        )));
    }
    Ok(())
}
// ANCHOR_END: limit

// ANCHOR: sieve
/// Return every prime `p <= n`, in increasing order (`[]` when `n < 2`).
///
/// A negative `n` is refused by PyO3 before this runs (`usize` has no negative
/// values), and so is anything that is not an `int`.
///
/// The exercise asks for the plain sieve, `plain_sieve` below, and that is a complete
/// answer. The reference goes one step further and reuses the fast sieve of the
/// stretch: then building the Python list is most of the cost (the chapter "Performance" measures both).
#[pyfunction]
pub fn sieve_of_eratosthenes(n: usize) -> PyResult<Vec<usize>> {
    check_limit(n)?;
    Ok(primes_segmented(n))
}
// ANCHOR_END: sieve

// ANCHOR: plain_sieve
/// The textbook sieve: one `bool` per number, cross off the multiples of each prime.
pub fn plain_sieve(n: usize) -> Vec<usize> {
    if n < 2 {
        return Vec::new();
    }
    let mut is_prime = vec![true; n + 1];
    is_prime[0] = false;
    is_prime[1] = false;
    let mut p = 2;
    while p * p <= n {
        if is_prime[p] {
            // Smaller multiples of p were crossed off by smaller primes already.
            for multiple in (p * p..=n).step_by(p) {
                is_prime[multiple] = false;
            }
        }
        p += 1;
    }
    is_prime
        .iter()
        .enumerate()
        .filter_map(|(number, &prime)| prime.then_some(number))
        .collect()
}
// ANCHOR_END: plain_sieve

// ANCHOR: count_primes
/// Return how many primes are `<= n`, without building a list of them.
///
/// The work runs inside `py.detach`: the GIL is released, so other Python threads
/// keep running while Rust counts. The closure touches no Python object.
#[pyfunction]
pub fn count_primes(py: Python<'_>, n: usize) -> PyResult<usize> {
    check_limit(n)?;
    Ok(py.detach(|| count_primes_segmented(n)))
}
// ANCHOR_END: count_primes

// ANCHOR: segmented
/// One segment: 32 KiB of bits, so that it stays in a typical L1 data cache.
const SEGMENT_WORDS: usize = 32 * 1024 / 8;
const SEGMENT_BITS: usize = SEGMENT_WORDS * 64;

/// Count the primes `<= n` with a segmented sieve of odd numbers, one bit each.
///
/// Bit `k` of the sieve stands for the odd number `2k + 1`: even numbers are never
/// stored, which halves the work, and a bit instead of a `bool` divides the memory
/// by 8 again. The sieve is processed one segment at a time, so the bits being
/// crossed off are always in cache. Pure Rust: no Python anywhere, so it can run
/// without the GIL (and the benchmarks can call it directly).
pub fn count_primes_segmented(n: usize) -> usize {
    if n < 2 {
        return 0;
    }
    // 2 and the presieved primes are not in the bits: count them here.
    let mut count = 1 + PRESIEVED.iter().filter(|&&p| p <= n).count();
    for_each_segment(n, |_, words, len| count += count_ones(words, len));
    count
}

/// Every prime `<= n`, in increasing order, from the same segments as the count.
pub fn primes_segmented(n: usize) -> Vec<usize> {
    if n < 2 {
        return Vec::new();
    }
    let mut primes = vec![2];
    primes.extend(PRESIEVED.iter().filter(|&&p| p <= n));
    for_each_segment(n, |low, words, len| {
        for (index, &word) in words[..len.div_ceil(64)].iter().enumerate() {
            let mut word = word;
            while word != 0 {
                let bit = low + index * 64 + word.trailing_zeros() as usize;
                if bit >= low + len {
                    break; // past n, in the last segment's last word
                }
                primes.push(2 * bit + 1);
                word &= word - 1; // clear the lowest set bit
            }
        }
    });
    primes
}

/// Sieve the odd numbers up to `n` (n >= 2) one segment at a time, and hand each
/// finished segment to `visit(first_bit, words, len)`: its `len` valid bits start at
/// bit `first_bit` of the whole sieve, and a set bit is a prime (not presieved).
fn for_each_segment(n: usize, mut visit: impl FnMut(usize, &[u64], usize)) {
    let bits = n.div_ceil(2); // the odd numbers 1, 3, …, up to n
    // The primes that cross off the others: odd, not presieved, and at most √n.
    // The plain sieve is plenty for them: √(10^9) is only about 31,623.
    let crossing_primes: Vec<usize> = plain_sieve(n.isqrt())
        .into_iter()
        .filter(|p| !PRESIEVED.contains(p) && *p != 2)
        .collect();
    // For each crossing prime, the next bit to clear. p * p is odd, so it is bit
    // p * p / 2; every second multiple of p is even, so in bits the step is p.
    let mut next_bit: Vec<usize> = crossing_primes.iter().map(|p| p * p / 2).collect();

    let mut words = vec![0_u64; SEGMENT_WORDS];
    for low in (0..bits).step_by(SEGMENT_BITS) {
        let len = SEGMENT_BITS.min(bits - low);
        fill_with_pattern(&mut words, low / 64);
        if low == 0 {
            words[0] &= !1; // 1 is not a prime
        }
        for (&p, next) in crossing_primes.iter().zip(&mut next_bit) {
            let mut k = *next - low;
            while k < len {
                words[k / 64] &= !(1 << (k % 64));
                k += p;
            }
            *next = low + k;
        }
        visit(low, &words, len);
    }
}

/// The number of set bits among the first `len` bits of `words`.
fn count_ones(words: &[u64], len: usize) -> usize {
    let full = &words[..len / 64];
    let mut ones: usize = full.iter().map(|w| w.count_ones() as usize).sum();
    if !len.is_multiple_of(64) {
        let last = words[len / 64] & ((1 << (len % 64)) - 1);
        ones += last.count_ones() as usize;
    }
    ones
}
// ANCHOR_END: segmented

// ANCHOR: presieve
/// The smallest odd primes cross off the most bits (a third of all odd numbers are
/// multiples of 3). Their multiples repeat every 3 * 5 * 7 * 11 * 13 = 15015 odd
/// numbers, so a segment starts as a copy of a precomputed pattern instead.
const PRESIEVED: [usize; 5] = [3, 5, 7, 11, 13];
/// 15015 words are 64 periods of 15015 bits: the pattern ends exactly where it
/// starts again, so it can be copied whole words at a time.
const PATTERN_WORDS: usize = 3 * 5 * 7 * 11 * 13;

/// Bit `k` is set unless `2k + 1` is a multiple of a presieved prime. Built once,
/// on first use, and shared by every call (and thread) after that.
static PATTERN: LazyLock<Vec<u64>> = LazyLock::new(|| {
    let mut pattern = vec![u64::MAX; PATTERN_WORDS];
    for p in PRESIEVED {
        // Bit p / 2 is p itself: crossed off too, and counted separately.
        for k in (p / 2..PATTERN_WORDS * 64).step_by(p) {
            pattern[k / 64] &= !(1 << (k % 64));
        }
    }
    pattern
});

/// Fill `words` with the pattern, starting at word `first_word` of the whole sieve.
fn fill_with_pattern(words: &mut [u64], first_word: usize) {
    let mut from = first_word % PATTERN_WORDS;
    let mut filled = 0;
    while filled < words.len() {
        let take = (PATTERN_WORDS - from).min(words.len() - filled);
        words[filled..filled + take].copy_from_slice(&PATTERN[from..from + take]);
        filled += take;
        from = 0;
    }
}
// ANCHOR_END: presieve

// ANCHOR: module
/// The Python module `sieve`. Its name must match `module-name` in pyproject.toml.
#[pymodule(name = "sieve")]
mod sieve_module {
    #[pymodule_export]
    use super::{count_primes, sieve_of_eratosthenes};

    /// The largest `n` the functions accept.
    #[pymodule_export]
    const MAX_N: usize = super::MAX_N;
}
// ANCHOR_END: module
