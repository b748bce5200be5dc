"""Exercise 05, the Python test suite.

Change the Rust code in src/lib.rs to make the tests below pass.
Do not change the tests: they grade your solution and the reference one alike.
"""

import math

import pytest
from factorial import factorial
from hypothesis import given
from hypothesis import strategies as st


@pytest.mark.parametrize("n", range(21))
def test_matches_math_factorial(n):
    assert factorial(n) == math.factorial(n)


@given(st.integers(min_value=0, max_value=20))
def test_property_matches_math_factorial(n):
    assert factorial(n) == math.factorial(n)


def test_returns_a_python_int():
    assert type(factorial(5)) is int


@given(st.integers(min_value=21, max_value=2**64 - 1))
def test_too_large_for_64_bits_raises_overflow_error(n):
    with pytest.raises(OverflowError, match="64 bits"):
        factorial(n)


# ANCHOR: free
# The tests below pass before you write any code: PyO3 checks the argument against
# the `u64` parameter before your function runs. They are here to show you what
# the boundary does for free (the manifest marks them "free").


def test_negative_raises_overflow_error():
    with pytest.raises(OverflowError):
        factorial(-1)


def test_beyond_u64_raises_overflow_error():
    with pytest.raises(OverflowError):
        factorial(2**64)


@pytest.mark.parametrize("bad", ["3", 2.5, None, [3]])
def test_non_integer_raises_type_error(bad):
    with pytest.raises(TypeError):
        factorial(bad)
    # ANCHOR_END: free
