"""Exercise 08, the Python test suite.

Change the Rust code in src/lib.rs to make the tests below pass.
Do not change the tests: they grade your solution and the reference one alike.
"""

import pytest
from counter import Counter
from hypothesis import given
from hypothesis import strategies as st

I64_MIN = -(2**63)
I64_MAX = 2**63 - 1


class ReferenceCounter:
    """What Counter does, in pure Python."""

    def __init__(self, *, start=0, step=1):
        if step == 0:
            raise ValueError("step must not be zero")
        self.start = start
        self.step = step
        self._value = start

    def _move_to(self, value):
        if not I64_MIN <= value <= I64_MAX:
            raise OverflowError("would overflow a 64-bit integer")
        self._value = value

    def increment(self):
        self._move_to(self._value + self.step)

    def decrement(self):
        self._move_to(self._value - self.step)

    def value(self):
        return self._value

    def reset(self):
        self._value = self.start

    def __repr__(self):
        return f"Counter(value={self._value})"


OPERATIONS = st.lists(st.sampled_from(["increment", "decrement", "reset"]), max_size=50)


def run_both(operations, **arguments):
    """Apply the same operations to a Counter and a ReferenceCounter, comparing as we go."""
    counter = Counter(**arguments)
    reference = ReferenceCounter(**arguments)
    for operation in operations:
        try:
            getattr(reference, operation)()
        except OverflowError:
            before = counter.value()
            with pytest.raises(OverflowError, match="overflow"):
                getattr(counter, operation)()
            assert counter.value() == before, f"a failed {operation}() changed the value"
            continue
        assert getattr(counter, operation)() is None
        assert counter.value() == reference.value()
        assert repr(counter) == repr(reference)


# --- core ------------------------------------------------------------------------


def test_new_counter_is_zero():
    assert Counter().value() == 0


def test_increment_adds_one():
    counter = Counter()
    counter.increment()
    counter.increment()
    assert counter.value() == 2


def test_decrement_subtracts_one_and_goes_below_zero():
    counter = Counter()
    counter.increment()
    counter.decrement()
    counter.decrement()
    assert counter.value() == -1


def test_methods_that_change_the_counter_return_none():
    counter = Counter()
    assert counter.increment() is None
    assert counter.decrement() is None
    assert counter.reset() is None


def test_reset_goes_back_to_zero():
    counter = Counter()
    for _ in range(5):
        counter.increment()
    counter.reset()
    assert counter.value() == 0


def test_value_is_a_python_int():
    assert type(Counter().value()) is int


def test_repr():
    counter = Counter()
    assert repr(counter) == "Counter(value=0)"
    counter.decrement()
    assert repr(counter) == "Counter(value=-1)"


def test_counters_are_independent():
    first, second = Counter(), Counter()
    first.increment()
    assert (first.value(), second.value()) == (1, 0)


@given(OPERATIONS)
def test_property_behaves_like_the_reference(operations):
    run_both(operations)


@pytest.mark.parametrize("method", ["increment", "decrement", "value", "reset"])
def test_methods_take_no_arguments(method):
    with pytest.raises(TypeError):
        getattr(Counter(), method)(1)


def test_value_cannot_be_assigned():
    counter = Counter()
    with pytest.raises(AttributeError):
        counter.value = 5
    assert counter.value() == 0


# --- stretch: start, step and overflow ---------------------------------------------


def test_start_and_step():
    counter = Counter(start=10, step=5)
    assert counter.value() == 10
    counter.increment()
    assert counter.value() == 15
    counter.decrement()
    counter.decrement()
    assert repr(counter) == "Counter(value=5)"


def test_reset_goes_back_to_start():
    counter = Counter(start=-3)
    counter.increment()
    counter.reset()
    assert counter.value() == -3


def test_negative_step_counts_down():
    counter = Counter(step=-2)
    counter.increment()
    assert counter.value() == -2


def test_zero_step_raises_value_error():
    with pytest.raises(ValueError, match=r"^step must not be zero$"):
        Counter(step=0)


@pytest.mark.parametrize(
    ("start", "step", "operation"),
    [
        (I64_MAX, 1, "increment"),
        (I64_MIN, 1, "decrement"),
        (I64_MAX - 1, 2, "increment"),
        (0, I64_MIN, "decrement"),  # 0 - (-2**63) is 2**63, one past the largest i64
        (I64_MIN, -1, "increment"),
        (-1, I64_MAX, "decrement"),  # -1 - (2**63 - 1) is -2**63: fits
    ],
)
def test_i64_bounds(start, step, operation):
    counter = Counter(start=start, step=step)
    reference = ReferenceCounter(start=start, step=step)
    try:
        getattr(reference, operation)()
    except OverflowError:
        with pytest.raises(OverflowError, match="overflow"):
            getattr(counter, operation)()
        assert counter.value() == start, f"a failed {operation}() changed the value"
    else:
        getattr(counter, operation)()
        assert counter.value() == reference.value()


I64 = st.integers(min_value=I64_MIN, max_value=I64_MAX)


@given(I64, I64.filter(bool), OPERATIONS)
def test_property_start_and_step_behave_like_the_reference(start, step, operations):
    run_both(operations, start=start, step=step)


# --- free: what the boundary does before your code runs --------------------------
# The tests below pass before you write any code: PyO3 checks the arguments against
# the signature and the Rust types before `new` runs (the manifest marks them "free").


@pytest.mark.parametrize(
    "arguments",
    [
        {"start": "5"},
        {"start": ""},
        {"start": "\u0665"},  # Arabic-Indic five
        {"start": 1.5},
        {"start": None},
        {"step": "1"},
        {"step": 0.5},
    ],
)
def test_non_integer_start_or_step_raises_type_error(arguments):
    with pytest.raises(TypeError):
        Counter(**arguments)


@pytest.mark.parametrize(
    "arguments",
    [{"start": I64_MAX + 1}, {"start": I64_MIN - 1}, {"step": 2**100}, {"step": -(2**64)}],
)
def test_start_or_step_outside_i64_raises_overflow_error(arguments):
    with pytest.raises(OverflowError):
        Counter(**arguments)


@pytest.mark.parametrize(("args", "kwargs"), [((5,), {}), ((), {"stop": 3}), ((0, 1), {})])
def test_positional_or_unknown_arguments_raise_type_error(args, kwargs):
    with pytest.raises(TypeError):
        Counter(*args, **kwargs)
