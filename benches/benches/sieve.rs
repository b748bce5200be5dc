//! Exercise 09's reference sieves against the `primal` crate, which is what a Rust user
//! would pick instead of writing a sieve. Pure Rust: no Python is involved, so this
//! measures the algorithms alone (`benches/compare.py` measures them from Python).
//!
//! Run: `cargo bench -p sieve-benches` (under a minute on 2 cores, once compiled).

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};

fn count_primes_up_to(c: &mut Criterion) {
    let mut group = c.benchmark_group("count primes up to n");
    // Few, flat samples: the plain sieve takes most of a second at 10^8, and the whole
    // run must stay short on a shared laptop. Criterion reports the spread it sees.
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    for n in [1_000_000, 10_000_000, 100_000_000] {
        group.bench_with_input(
            BenchmarkId::new("plain_sieve (Vec<bool>, all primes)", n),
            &n,
            |b, &n| b.iter(|| sieve::plain_sieve(black_box(n)).len()),
        );
        group.bench_with_input(
            BenchmarkId::new("sieve_of_eratosthenes (odd bits, all primes)", n),
            &n,
            |b, &n| b.iter(|| sieve::sieve_of_eratosthenes(black_box(n)).unwrap().len()),
        );
        group.bench_with_input(
            BenchmarkId::new("count_primes (odd bits, segmented)", n),
            &n,
            |b, &n| b.iter(|| sieve::count_primes_segmented(black_box(n))),
        );
        group.bench_with_input(
            BenchmarkId::new("primal::StreamingSieve::prime_pi", n),
            &n,
            |b, &n| b.iter(|| primal::StreamingSieve::prime_pi(black_box(n))),
        );
    }
    group.finish();
}

criterion_group!(benches, count_primes_up_to);
criterion_main!(benches);
