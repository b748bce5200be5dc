"""Exercise 07, the Python test suite.

Change the Rust code in src/lib.rs to make the tests below pass.
Do not change the tests: they grade your solution and the reference one alike.
"""

import math
import os
import re
import subprocess
import sys

import pytest
import safe_math
from hypothesis import given
from hypothesis import strategies as st

I64_MIN = -(2**63)
I64_MAX = 2**63 - 1


# --- factorial -------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=20))
def test_factorial_matches_math_factorial(n):
    assert safe_math.factorial(n) == math.factorial(n)


@pytest.mark.parametrize("n", [21, 22, 100, 2**64 - 1])
def test_factorial_too_large_raises_value_error(n):
    with pytest.raises(ValueError, match=r"^Input too large \(max 20\)$"):
        safe_math.factorial(n)


@given(st.integers(min_value=21, max_value=2**64 - 1))
def test_property_factorial_too_large_is_safe_math_error(n):
    with pytest.raises(safe_math.SafeMathError, match=r"^Input too large \(max 20\)$"):
        safe_math.factorial(n)


# --- safe_divide -----------------------------------------------------------------


def test_safe_divide_divides():
    assert safe_math.safe_divide(10, 4) == 2.5
    assert safe_math.safe_divide(-1.0, 8.0) == -0.125


@pytest.mark.parametrize(("a", "b"), [(1, 0), (1.0, 0.0), (1.0, -0.0), (0, 0), (math.inf, 0)])
def test_safe_divide_by_zero_raises_value_error(a, b):
    with pytest.raises(ValueError, match=r"^Division by zero$"):
        safe_math.safe_divide(a, b)


def test_safe_divide_follows_float_rules_for_inf_and_nan():
    assert safe_math.safe_divide(1.0, math.inf) == 0.0
    assert safe_math.safe_divide(-math.inf, 2.0) == -math.inf
    assert safe_math.safe_divide(1e308, 1e-308) == math.inf
    assert math.isnan(safe_math.safe_divide(math.nan, 1.0))


def reference_divide(a, b):
    """What safe_divide does, in pure Python."""
    if b == 0:
        raise ValueError("Division by zero")
    return a / b


@given(st.floats(), st.floats())
def test_property_safe_divide_matches_python(a, b):
    try:
        expected = reference_divide(a, b)
    except ValueError:
        with pytest.raises(safe_math.SafeMathError, match=r"^Division by zero$"):
            safe_math.safe_divide(a, b)
        return
    actual = safe_math.safe_divide(a, b)
    assert actual == expected or (math.isnan(actual) and math.isnan(expected))


# --- safe_parse_int --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("42", 42),
        ("  42  ", 42),
        ("\t-7\n", -7),
        ("+5", 5),
        ("007", 7),
        ("\u00a012\u2003", 12),  # no-break space and em space are whitespace too
        (str(I64_MAX), I64_MAX),
        (str(I64_MIN), I64_MIN),
    ],
)
def test_safe_parse_int_parses(text, expected):
    assert safe_math.safe_parse_int(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "cannot parse integer from empty string"),
        ("   ", "cannot parse integer from empty string"),
        ("abc", "invalid digit found in string"),
        ("12abc", "invalid digit found in string"),
        ("1.5", "invalid digit found in string"),
        ("1_000", "invalid digit found in string"),
        ("1 000", "invalid digit found in string"),
        ("-", "invalid digit found in string"),
        ("\u0661\u0662\u0663", "invalid digit found in string"),  # Arabic-Indic digits
        ("\uff11\uff12", "invalid digit found in string"),  # full-width digits
        ("h\u00e9", "invalid digit found in string"),
        (str(I64_MAX + 1), "number too large to fit in target type"),
        (str(I64_MIN - 1), "number too small to fit in target type"),
        ("9" * 100, "number too large to fit in target type"),
    ],
)
def test_safe_parse_int_names_the_bad_input(text, reason):
    with pytest.raises(ValueError) as caught:
        safe_math.safe_parse_int(text)
    assert str(caught.value) == f"Cannot parse '{text}': {reason}"


# Characters whose digits and whitespace Rust and Python agree on.
PARSE_ALPHABET = st.sampled_from("0123456789+- \t\n_.xé\u0663\u00a0")


def reference_parse_int(text):
    """What safe_parse_int does, in pure Python: optional sign, ASCII digits, i64 range."""
    body = text.strip()
    digits = body[1:] if body[:1] in ("+", "-") else body
    if not digits or not all("0" <= c <= "9" for c in digits):
        raise ValueError(f"Cannot parse '{text}'")
    value = int(body)
    if not I64_MIN <= value <= I64_MAX:
        raise ValueError(f"Cannot parse '{text}'")
    return value


@given(st.one_of(st.text(PARSE_ALPHABET, max_size=25), st.integers().map(str)))
def test_property_safe_parse_int_matches_python(text):
    try:
        expected = reference_parse_int(text)
    except ValueError:
        with pytest.raises(
            safe_math.SafeMathError, match="^" + re.escape(f"Cannot parse '{text}': ")
        ):
            safe_math.safe_parse_int(text)
        return
    assert safe_math.safe_parse_int(text) == expected


def test_safe_parse_int_of_a_lone_surrogate_is_safe_math_error():
    # "\ud800" is a legal Python str, but not Unicode: it has no UTF-8 form.
    with pytest.raises(safe_math.SafeMathError) as caught:
        safe_math.safe_parse_int("12\ud800")
    reason = "it is not valid Unicode (a lone surrogate)"
    assert str(caught.value) == rf"Cannot parse '12\ud800': {reason}"


# --- the exception class ---------------------------------------------------------


def test_every_error_is_a_safe_math_error():
    for call, args in [
        (safe_math.factorial, (21,)),
        (safe_math.safe_divide, (1.0, 0.0)),
        (safe_math.safe_parse_int, ("x",)),
    ]:
        with pytest.raises(safe_math.SafeMathError):
            call(*args)


# --- stretch: mean turns a panic into an exception -----------------------------------


def test_mean_of_numbers():
    assert safe_math.mean([1, 2, 6]) == 3.0
    assert safe_math.mean([-2.5]) == -2.5


def test_mean_of_empty_list_raises_safe_math_error():
    # Without catch_unwind this would be a PanicException, which `except Exception`
    # does not catch. The test asks for an ordinary exception with the panic's message.
    with pytest.raises(
        safe_math.SafeMathError, match=r"^Rust code panicked: mean of an empty slice$"
    ):
        safe_math.mean([])


LYING_LIST = """
import safe_math

class LyingList(list):
    def __len__(self):
        return 2**33  # 64 GiB of floats, for whoever believes it

print(safe_math.mean(LyingList([1.0, 2.0, 6.0])))
"""


def test_mean_of_a_list_whose_len_lies():
    # In a child process: a mean that trusts len() aborts its interpreter, which must
    # fail this test, not end the whole test run.
    result = subprocess.run(
        [sys.executable, "-c", LYING_LIST],
        check=False,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        timeout=60,
    )
    assert result.returncode == 0, f"exit code {result.returncode}:\n{result.stderr[:2000]}"
    assert result.stdout == "3.0\n"


def reference_mean(values):
    """What mean does, in pure Python (a plain loop: sum() rounds differently on 3.12+)."""
    total = 0.0
    for value in values:
        total += value
    return total / len(values)


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1))
def test_property_mean_matches_python(values):
    assert safe_math.mean(values) == reference_mean(values)


# --- free: what the boundary does before your code runs --------------------------
# The tests below pass before you write any code: PyO3 checks each argument against
# the Rust parameter's type before your function runs (the manifest marks them "free").


def test_safe_math_error_subclasses_value_error():
    assert issubclass(safe_math.SafeMathError, ValueError)


@pytest.mark.parametrize("n", [-1, 2**64, -(2**70)])
def test_factorial_out_of_u64_range_raises_overflow_error(n):
    with pytest.raises(OverflowError):
        safe_math.factorial(n)


@pytest.mark.parametrize("bad", ["3", 2.5, None, [3]])
def test_factorial_non_integer_raises_type_error(bad):
    with pytest.raises(TypeError):
        safe_math.factorial(bad)


@pytest.mark.parametrize(("a", "b"), [("1", 2), (1, "2"), (None, 1), (1, [2]), (1j, 1)])
def test_safe_divide_non_number_raises_type_error(a, b):
    with pytest.raises(TypeError):
        safe_math.safe_divide(a, b)


def test_safe_divide_int_too_large_for_float_raises_overflow_error():
    with pytest.raises(OverflowError):
        safe_math.safe_divide(10**400, 1)


@pytest.mark.parametrize("bad", [42, None, b"42", ["4", "2"]])
def test_safe_parse_int_non_string_raises_type_error(bad):
    with pytest.raises(TypeError):
        safe_math.safe_parse_int(bad)


@pytest.mark.parametrize("bad", ["abc", [1, "a"], None, 3.0])
def test_mean_non_list_of_numbers_raises_type_error(bad):
    with pytest.raises(TypeError):
        safe_math.mean(bad)
