"""The live demo's Python test suite: every function and class of rust_demo, with good
input compared against pure_python.py and bad input checked for the exact exception.
"""

import math
import re
import threading

import pure_python
import pytest
import rust_demo
from hypothesis import example, given
from hypothesis import strategies as st

I64_MIN = -(2**63)
I64_MAX = 2**63 - 1
U64_MAX = 2**64 - 1

I64 = st.integers(min_value=I64_MIN, max_value=I64_MAX)
# Letters (ASCII and not), digits, punctuation and the whitespace both languages agree on.
# Left out on purpose: \x1c-\x1f (whitespace to Python, not to Rust) and combining
# marks (alphanumeric to Rust, not to Python); see pure_python.py.
TEXT = st.text(st.sampled_from("aAbBzZ09 \t\n.,!?'éÉßΣσςİıЖж日本\u00a0\u3000"), max_size=40)

NOT_A_STRING = [None, 5, 1.5, b"text", ["text"]]
NOT_A_LIST_OF_INTS = ["123", None, 5, [1.5], [None], ["1"], [1, "2"]]


# --- fibonacci ---------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=93))
def test_fibonacci_matches_python(n):
    assert rust_demo.fibonacci(n) == pure_python.fibonacci(n)


def test_fibonacci_first_values():
    assert [rust_demo.fibonacci(n) for n in range(8)] == [0, 1, 1, 2, 3, 5, 8, 13]
    assert rust_demo.fibonacci(93) == 12_200_160_415_121_876_738


@pytest.mark.parametrize("n", [94, 95, 1000, U64_MAX])
def test_fibonacci_beyond_93_raises_overflow_error(n):
    with pytest.raises(OverflowError, match=rf"^fibonacci\({n}\) does not fit in 64 bits$"):
        rust_demo.fibonacci(n)


@pytest.mark.parametrize("n", [-1, U64_MAX + 1])
def test_fibonacci_outside_u64_raises_overflow_error(n):
    with pytest.raises(OverflowError):
        rust_demo.fibonacci(n)


@pytest.mark.parametrize("bad", ["10", "", 1.5, None, [10]])
def test_fibonacci_non_integer_raises_type_error(bad):
    with pytest.raises(TypeError):
        rust_demo.fibonacci(bad)


# --- sum_list and filter_positive --------------------------------------------------


@given(st.lists(I64))
def test_sum_list_matches_python(items):
    assert rust_demo.sum_list(items) == pure_python.sum_list(items)


def test_sum_list_is_exact_beyond_64_bits():
    assert rust_demo.sum_list([]) == 0
    assert rust_demo.sum_list([I64_MAX, I64_MAX]) == 2 * I64_MAX
    assert rust_demo.sum_list([I64_MIN] * 3) == 3 * I64_MIN


def test_sum_list_accepts_any_sequence_of_ints():
    assert rust_demo.sum_list((1, 2, 3)) == 6
    assert rust_demo.sum_list(range(5)) == 10


@given(st.lists(I64))
def test_filter_positive_matches_python(items):
    assert rust_demo.filter_positive(items) == pure_python.filter_positive(items)


def test_filter_positive_drops_zero():
    assert rust_demo.filter_positive([0, -1, 3, 0, 2]) == [3, 2]
    assert rust_demo.filter_positive([]) == []


@pytest.mark.parametrize("function", [rust_demo.sum_list, rust_demo.filter_positive])
@pytest.mark.parametrize("bad", NOT_A_LIST_OF_INTS)
def test_list_functions_refuse_non_int_lists_with_type_error(function, bad):
    with pytest.raises(TypeError):
        function(bad)


@pytest.mark.parametrize("function", [rust_demo.sum_list, rust_demo.filter_positive])
@pytest.mark.parametrize("bad", [[I64_MAX + 1], [1, I64_MIN - 1]])
def test_list_functions_refuse_ints_outside_i64_with_overflow_error(function, bad):
    with pytest.raises(OverflowError):
        function(bad)


def test_a_str_is_not_a_list():
    with pytest.raises(TypeError, match="Can't extract `str` to `Vec`"):
        rust_demo.sum_list("123")


# --- word_frequencies, count_unique_words, is_palindrome ----------------------------


@given(st.lists(TEXT))
def test_word_frequencies_matches_python(words):
    assert rust_demo.word_frequencies(words) == pure_python.word_frequencies(words)


def test_word_frequencies_ignores_case():
    result = rust_demo.word_frequencies(["apple", "Banana", "APPLE", "banana", "Straße", "ÉTÉ"])
    assert result == {"apple": 2, "banana": 2, "straße": 1, "été": 1}
    assert rust_demo.word_frequencies([]) == {}
    assert rust_demo.word_frequencies(["", ""]) == {"": 2}


@pytest.mark.parametrize("bad", ["apple", None, [1], ["a", None], [b"a"]])
def test_word_frequencies_non_str_list_raises_type_error(bad):
    with pytest.raises(TypeError):
        rust_demo.word_frequencies(bad)


@given(TEXT)
def test_count_unique_words_matches_python(text):
    assert rust_demo.count_unique_words(text) == pure_python.count_unique_words(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 0),
        (" \t\n", 0),
        ("Hello hello HELLO", 1),
        ("été Été ÉTÉ", 1),
        ("日本\u3000日本", 1),  # an ideographic space separates words too
        ("the cat the dog", 3),
    ],
)
def test_count_unique_words(text, expected):
    assert rust_demo.count_unique_words(text) == expected


@given(TEXT)
def test_is_palindrome_matches_python(text):
    assert rust_demo.is_palindrome(text) == pure_python.is_palindrome(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A man, a plan, a canal: Panama", True),
        ("Was it a car or a cat I saw?", True),
        ("hello", False),
        ("12321", True),
        ("été", True),
        ("", True),
        ("?!", True),
        ("ab", False),
    ],
)
def test_is_palindrome(text, expected):
    assert rust_demo.is_palindrome(text) is expected


@pytest.mark.parametrize(
    "function", [rust_demo.count_unique_words, rust_demo.is_palindrome, rust_demo.safe_parse_int]
)
@pytest.mark.parametrize("bad", NOT_A_STRING)
def test_string_functions_refuse_non_strings_with_type_error(function, bad):
    with pytest.raises(TypeError):
        function(bad)


# --- safe_divide and safe_parse_int --------------------------------------------------


@given(st.floats(), st.floats())
def test_safe_divide_matches_python(a, b):
    try:
        expected = pure_python.safe_divide(a, b)
    except ValueError:
        with pytest.raises(ValueError, match=r"^Division by zero$"):
            rust_demo.safe_divide(a, b)
        return
    actual = rust_demo.safe_divide(a, b)
    assert actual == expected or (math.isnan(actual) and math.isnan(expected))


@pytest.mark.parametrize(("a", "b"), [(1, 0), (0.0, 0.0), (1.0, -0.0), (math.inf, 0)])
def test_safe_divide_by_zero_raises_value_error(a, b):
    with pytest.raises(ValueError, match=r"^Division by zero$"):
        rust_demo.safe_divide(a, b)


@pytest.mark.parametrize(("a", "b"), [("1", 2), (1, None), ([1], 2), (1j, 1)])
def test_safe_divide_non_number_raises_type_error(a, b):
    with pytest.raises(TypeError):
        rust_demo.safe_divide(a, b)


def test_safe_divide_int_too_large_for_a_float_raises_overflow_error():
    with pytest.raises(OverflowError):
        rust_demo.safe_divide(1, 10**400)


PARSE_TEXT = st.one_of(
    st.text(st.sampled_from("0123456789+- \t\nxé"), max_size=25),
    st.integers().map(lambda n: f" {n}\t"),
)


@given(PARSE_TEXT)
def test_safe_parse_int_matches_python_where_python_is_as_strict(text):
    try:
        expected = pure_python.safe_parse_int(text)
    except ValueError:
        expected = None
    if expected is None or not I64_MIN <= expected <= I64_MAX:
        with pytest.raises(ValueError, match="^" + re.escape(f"Cannot parse '{text}': ")):
            rust_demo.safe_parse_int(text)
    else:
        assert rust_demo.safe_parse_int(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "cannot parse integer from empty string"),
        ("  ", "cannot parse integer from empty string"),
        ("forty-two", "invalid digit found in string"),
        ("1_000", "invalid digit found in string"),  # int() accepts this one
        ("\u0661\u0662", "invalid digit found in string"),  # and this one (Arabic-Indic)
        ("4.2", "invalid digit found in string"),
        (str(I64_MAX + 1), "number too large to fit in target type"),
        (str(I64_MIN - 1), "number too small to fit in target type"),
    ],
)
def test_safe_parse_int_names_the_bad_input(text, reason):
    with pytest.raises(ValueError) as caught:
        rust_demo.safe_parse_int(text)
    assert str(caught.value) == f"Cannot parse '{text}': {reason}"


# --- MovingAverage -----------------------------------------------------------------


FINITE = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)


@given(st.integers(min_value=1, max_value=10), st.lists(FINITE, max_size=30))
@example(window_size=1, values=[-0.0])  # the sum of [-0.0] is -0.0: "avg=-0.00"
def test_moving_average_matches_python(window_size, values):
    rust, python = rust_demo.MovingAverage(window_size), pure_python.MovingAverage(window_size)
    assert rust.average() == python.average() == 0.0
    for value in values:
        assert rust.add(value) == python.add(value)
        assert rust.count() == python.count()
        assert repr(rust) == repr(python)


def test_moving_average_example():
    average = rust_demo.MovingAverage(3)
    assert repr(average) == "MovingAverage(window_size=3, count=0, avg=0.00)"
    assert [average.add(v) for v in (10, 20, 30, 40)] == [10.0, 15.0, 20.0, 30.0]
    assert repr(average) == "MovingAverage(window_size=3, count=3, avg=30.00)"
    average.clear()
    assert (average.count(), average.average()) == (0, 0.0)


def test_moving_average_passes_nan_and_inf_through():
    average = rust_demo.MovingAverage(2)
    assert average.add(math.inf) == math.inf
    assert math.isnan(average.add(-math.inf))


def test_moving_average_huge_window_allocates_nothing_up_front():
    average = rust_demo.MovingAverage(2**62)
    assert average.add(1.0) == 1.0


def test_moving_average_zero_window_raises_value_error():
    with pytest.raises(ValueError, match=r"^Window size must be positive$"):
        rust_demo.MovingAverage(0)


@pytest.mark.parametrize("bad", [-1, U64_MAX + 1])
def test_moving_average_window_outside_usize_raises_overflow_error(bad):
    with pytest.raises(OverflowError):
        rust_demo.MovingAverage(bad)


@pytest.mark.parametrize("bad", ["3", 3.0, None])
def test_moving_average_non_integer_window_raises_type_error(bad):
    with pytest.raises(TypeError):
        rust_demo.MovingAverage(bad)


@pytest.mark.parametrize("bad", ["1.5", None, [1.0]])
def test_moving_average_add_non_number_raises_type_error(bad):
    average = rust_demo.MovingAverage(3)
    with pytest.raises(TypeError):
        average.add(bad)
    assert average.count() == 0


# --- RingBuffer --------------------------------------------------------------------


@given(st.integers(min_value=1, max_value=8), st.lists(FINITE, max_size=30), st.integers(-10, 10))
def test_ring_buffer_matches_python(capacity, values, index):
    rust, python = rust_demo.RingBuffer(capacity), pure_python.RingBuffer(capacity)
    for value in values:
        rust.push(value)
        python.push(value)
        assert rust.to_list() == python.to_list()
        assert (len(rust), rust.is_full(), repr(rust)) == (
            len(python),
            python.is_full(),
            repr(python),
        )
    try:
        expected = python[index]
    except IndexError:
        with pytest.raises(IndexError, match=r"^RingBuffer index out of range$"):
            rust[index]
    else:
        assert rust[index] == expected


def test_ring_buffer_example():
    buffer = rust_demo.RingBuffer(3)
    assert (len(buffer), buffer.is_full(), buffer.to_list()) == (0, False, [])
    for value in (1, 2, 3, 4, 5):
        buffer.push(value)
    assert buffer.to_list() == [3.0, 4.0, 5.0]
    assert (buffer[0], buffer[-1], len(buffer), buffer.is_full()) == (3.0, 5.0, 3, True)
    assert repr(buffer) == "RingBuffer(len=3, capacity=3)"


@pytest.mark.parametrize("index", [3, -4, 2**62, -(2**62)])
def test_ring_buffer_index_out_of_range_raises_index_error(index):
    buffer = rust_demo.RingBuffer(5)
    for value in (1, 2, 3):
        buffer.push(value)
    with pytest.raises(IndexError, match=r"^RingBuffer index out of range$"):
        buffer[index]


def test_empty_ring_buffer_has_no_items():
    with pytest.raises(IndexError, match=r"^RingBuffer index out of range$"):
        rust_demo.RingBuffer(1)[0]


@pytest.mark.parametrize(
    ("bad", "error"),
    [(2**63, OverflowError), ("0", TypeError), (0.0, TypeError), (slice(0, 1), TypeError)],
)
def test_ring_buffer_bad_index(bad, error):
    buffer = rust_demo.RingBuffer(2)
    buffer.push(1.0)
    with pytest.raises(error):
        buffer[bad]


def test_ring_buffer_zero_capacity_raises_value_error():
    with pytest.raises(ValueError, match=r"^Capacity must be positive$"):
        rust_demo.RingBuffer(0)


@pytest.mark.parametrize(
    ("bad", "error"), [(-1, OverflowError), ("3", TypeError), (None, TypeError)]
)
def test_ring_buffer_bad_capacity(bad, error):
    with pytest.raises(error):
        rust_demo.RingBuffer(bad)


@pytest.mark.parametrize("bad", ["1.0", None, [1.0]])
def test_ring_buffer_push_non_number_raises_type_error(bad):
    buffer = rust_demo.RingBuffer(2)
    with pytest.raises(TypeError):
        buffer.push(bad)
    assert len(buffer) == 0


# --- BackgroundWorker --------------------------------------------------------------


@given(st.lists(TEXT, max_size=20))
def test_background_worker_matches_python(texts):
    rust, python = rust_demo.BackgroundWorker(), pure_python.BackgroundWorker()
    for text in texts:
        rust.submit(text)
        python.submit(text)
    assert rust.finish() == python.finish()


def test_background_worker_with_nothing_to_do():
    assert rust_demo.BackgroundWorker().finish() == {}


def test_background_worker_after_finish_raises_runtime_error():
    worker = rust_demo.BackgroundWorker()
    worker.submit("Rust and Python")
    assert worker.finish() == {"rust": 1, "and": 1, "python": 1}
    with pytest.raises(RuntimeError, match=r"^the worker has finished; create a new"):
        worker.submit("more")
    with pytest.raises(RuntimeError, match=r"^finish\(\) was already called$"):
        worker.finish()


@pytest.mark.parametrize("bad", NOT_A_STRING)
def test_background_worker_submit_non_string_raises_type_error(bad):
    worker = rust_demo.BackgroundWorker()
    with pytest.raises(TypeError):
        worker.submit(bad)
    assert worker.finish() == {}


def test_background_worker_takes_work_from_many_python_threads():
    worker = rust_demo.BackgroundWorker()

    def submit_many():
        for _ in range(500):
            worker.submit("tick Tock")

    threads = [threading.Thread(target=submit_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert worker.finish() == {"tick": 2000, "tock": 2000}


def test_dropping_unfinished_workers_is_fine():
    # Dropping a worker drops its sender, which closes the channel: each Rust thread
    # finishes its work and ends on its own, without a join.
    for _ in range(50):
        worker = rust_demo.BackgroundWorker()
        worker.submit("left behind")
        del worker
    # Nothing hung (pytest-timeout would stop it) and workers still work afterwards.
    survivor = rust_demo.BackgroundWorker()
    survivor.submit("still here still")
    assert survivor.finish() == {"still": 2, "here": 1}


# --- TaskQueue ---------------------------------------------------------------------


@given(st.lists(TEXT, max_size=20))
def test_task_queue_matches_python(texts):
    rust, python = rust_demo.TaskQueue(), pure_python.TaskQueue()
    for text in texts:
        rust.push(text)
        python.push(text)
    assert len(rust) == len(python) == len(texts)
    assert rust.drain() == python.drain()
    assert len(rust) == 0


def test_task_queue_drains_once():
    tasks = rust_demo.TaskQueue()
    assert tasks.drain() == []
    tasks.push("a b a")
    tasks.push("")
    assert tasks.drain() == [2, 0]
    assert tasks.drain() == []


@pytest.mark.parametrize("bad", NOT_A_STRING)
def test_task_queue_push_non_string_raises_type_error(bad):
    tasks = rust_demo.TaskQueue()
    with pytest.raises(TypeError):
        tasks.push(bad)
    assert len(tasks) == 0


def test_task_queue_accepts_pushes_while_it_drains():
    tasks = rust_demo.TaskQueue()
    pushed_per_thread = 300
    results = []
    done = threading.Event()

    def push_many():
        for _ in range(pushed_per_thread):
            tasks.push("one two three " * 50)

    def drain_until_done():
        while not done.is_set():
            results.extend(tasks.drain())
        results.extend(tasks.drain())

    drainer = threading.Thread(target=drain_until_done)
    drainer.start()
    pushers = [threading.Thread(target=push_many) for _ in range(3)]
    for pusher in pushers:
        pusher.start()
    for pusher in pushers:
        pusher.join()
    done.set()
    drainer.join()
    assert results == [3] * (3 * pushed_per_thread)
