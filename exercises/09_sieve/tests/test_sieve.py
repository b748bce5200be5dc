"""Exercise 09, the Python test suite.

Change the Rust code in src/lib.rs to make the tests below pass.
Do not change the tests: they grade your solution and the reference one alike.
"""

import bisect
import itertools
import math
import operator
import threading

import pytest
import sieve
from hypothesis import given
from hypothesis import strategies as st
from sieve import count_primes, sieve_of_eratosthenes

LIMIT = 2_000_000


def primes_up_to(n):
    """The reference: a pure Python sieve (the one the benchmarks time)."""
    is_prime = bytearray([1]) * (n + 1)
    is_prime[0] = is_prime[1] = 0
    for p in range(2, math.isqrt(n) + 1):
        if is_prime[p]:
            is_prime[p * p :: p] = bytes(len(range(p * p, n + 1, p)))
    return list(itertools.compress(range(n + 1), is_prime))


REFERENCE_PRIMES = primes_up_to(LIMIT)


def expected_primes(n):
    return REFERENCE_PRIMES[: bisect.bisect_right(REFERENCE_PRIMES, n)]


# π(10^k): how many primes there are up to 10, 100, …, 10^8.
PRIMES_UP_TO_POWERS_OF_TEN = {
    10: 4,
    100: 25,
    1_000: 168,
    10_000: 1_229,
    100_000: 9_592,
    1_000_000: 78_498,
    10_000_000: 664_579,
    100_000_000: 5_761_455,
}


# sieve_of_eratosthenes


@pytest.mark.parametrize("n", [0, 1])
def test_below_two_there_are_no_primes(n):
    assert sieve_of_eratosthenes(n) == []


def test_primes_up_to_thirty():
    assert sieve_of_eratosthenes(30) == [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]


@pytest.mark.parametrize("n", [2, 3, 97, 7919])
def test_n_itself_is_included_when_prime(n):
    assert sieve_of_eratosthenes(n)[-1] == n


def test_returns_a_list_of_python_ints():
    primes = sieve_of_eratosthenes(10)
    assert type(primes) is list
    assert all(type(p) is int for p in primes)


@given(st.integers(min_value=0, max_value=20_000))
def test_property_matches_pure_python(n):
    assert sieve_of_eratosthenes(n) == expected_primes(n)


# A fast sieve works in pieces: 64-bit words (128 odd numbers), segments (2^19), ...
@pytest.mark.parametrize("n", [128 * 1000 + 1, 2**19 - 1, 2**19 + 1, 15015 * 128 + 1, LIMIT])
def test_matches_pure_python_across_pieces(n):
    assert sieve_of_eratosthenes(n) == expected_primes(n)


@pytest.mark.parametrize("n", [10**k for k in range(1, 7)])
def test_counts_up_to_powers_of_ten(n):
    assert len(sieve_of_eratosthenes(n)) == PRIMES_UP_TO_POWERS_OF_TEN[n]


@pytest.mark.parametrize("n", [sieve.MAX_N + 1, 2**63])
def test_too_large_raises_value_error_naming_the_limit(n):
    # Check the limit before allocating: n bytes that cannot be allocated abort
    # the whole Python process, which no `except` can catch.
    with pytest.raises(ValueError, match=str(sieve.MAX_N)):
        sieve_of_eratosthenes(n)


# count_primes (the stretch)


@pytest.mark.parametrize("n", [0, 1])
def test_count_primes_below_two_is_zero(n):
    assert count_primes(n) == 0


@pytest.mark.parametrize("n", list(PRIMES_UP_TO_POWERS_OF_TEN))
def test_count_primes_up_to_powers_of_ten(n):
    assert count_primes(n) == PRIMES_UP_TO_POWERS_OF_TEN[n]


@given(st.integers(min_value=0, max_value=LIMIT))
def test_count_primes_property_matches_pure_python(n):
    assert count_primes(n) == bisect.bisect_right(REFERENCE_PRIMES, n)


def test_count_primes_returns_a_python_int():
    assert type(count_primes(100)) is int


@pytest.mark.parametrize("n", [sieve.MAX_N + 1, 2**63])
def test_count_primes_too_large_raises_value_error_naming_the_limit(n):
    with pytest.raises(ValueError, match=str(sieve.MAX_N)):
        count_primes(n)


# ANCHOR: gil_test
def test_count_primes_lets_other_threads_run():
    """While count_primes counts, another Python thread runs: the GIL is released.

    `results.extend(map(count_primes, pending))` is C code from end to end: it takes
    n out of `pending`, calls count_primes and stores the answer in `results`, with
    no Python code in between. So a thread that finds `pending` emptied and
    `results` still empty ran *during* the count, which it can only do if
    count_primes released the GIL. No clock, no sleep: it does not matter how fast
    the machine is.
    """
    n = 10**8
    pending = iter([n])
    results = []
    watcher_ready = threading.Event()
    seen_during_the_count = []

    def watcher():
        watcher_ready.set()
        while operator.length_hint(pending) > 0:  # until the count has started
            pass
        seen_during_the_count.append(not results)

    thread = threading.Thread(target=watcher)
    thread.start()
    watcher_ready.wait()
    try:
        results.extend(map(count_primes, pending))
    finally:
        thread.join()
    assert results == [PRIMES_UP_TO_POWERS_OF_TEN[n]]
    assert seen_during_the_count == [True], (
        "no other Python thread ran while count_primes was counting: "
        "wrap the work in py.detach(|| …) to release the GIL"
    )


# ANCHOR_END: gil_test


# The tests below pass before you write any code: PyO3 checks the argument against
# the `usize` parameter before your function runs. They show what the boundary does
# for free (the manifest marks them "free").


@pytest.mark.parametrize("function", [sieve_of_eratosthenes, count_primes])
def test_negative_raises_overflow_error(function):
    with pytest.raises(OverflowError):
        function(-1)


@pytest.mark.parametrize("function", [sieve_of_eratosthenes, count_primes])
@pytest.mark.parametrize("bad", ["100", 100.0, None])
def test_non_integer_raises_type_error(function, bad):
    with pytest.raises(TypeError):
        function(bad)
