"""The demo's functions and classes written the way you would in plain Python.

demo.py times each one against its Rust twin in rust_demo, and the test suite
uses them as the reference the Rust versions must agree with. They agree on
everything except where a comment says otherwise.
"""

import queue
import threading
from collections import Counter, deque

I64_MIN = -(2**63)
I64_MAX = 2**63 - 1
U64_MAX = 2**64 - 1


# ANCHOR: fibonacci
def fibonacci(n):
    """The nth Fibonacci number. Python's int never overflows; Rust's u64 does after
    fibonacci(93), so this raises OverflowError there too, to keep the twins alike."""
    previous, current = 0, 1
    for _ in range(n):
        previous, current = current, previous + current
    if previous > U64_MAX:
        raise OverflowError(f"fibonacci({n}) does not fit in 64 bits")
    return previous


# ANCHOR_END: fibonacci


def sum_list(items):
    return sum(items)


def filter_positive(items):
    return [item for item in items if item > 0]


def word_frequencies(words):
    return dict(Counter(word.lower() for word in words))


def count_unique_words(text):
    # str.split() also splits on the control characters \x1c-\x1f; Rust's
    # split_whitespace() does not.
    return len({word.lower() for word in text.split()})


def is_palindrome(text):
    # str.isalnum() and Rust's char::is_alphanumeric() disagree on a few rare
    # characters, such as combining vowel signs.
    chars = [c for char in text if char.isalnum() for c in char.lower()]
    return chars == chars[::-1]


def safe_divide(a, b):
    if b == 0:
        raise ValueError("Division by zero")
    return a / b


def safe_parse_int(s):
    # int() is more lenient than Rust's parse(): it also accepts "1_000" and
    # non-ASCII digits such as "١٢٣", and it has no 64-bit limit.
    try:
        return int(s.strip())
    except ValueError as err:
        raise ValueError(f"Cannot parse '{s}': {err}") from None


# ANCHOR: moving_average
class MovingAverage:
    def __init__(self, window_size):
        if window_size <= 0:
            raise ValueError("Window size must be positive")
        self.window_size = window_size
        self.values = deque(maxlen=window_size)

    def add(self, value):
        self.values.append(value)
        return self.average()

    def average(self):
        if not self.values:
            return 0.0
        # A plain loop, like Rust's f64 sum: Python 3.12's sum() rounds differently.
        # Rust's sum starts from -0.0, so that the sum of [-0.0] is -0.0; so does this.
        total = -0.0
        for value in self.values:
            total += value
        return total / len(self.values)

    def count(self):
        return len(self.values)

    def clear(self):
        self.values.clear()

    def __repr__(self):
        return (
            f"MovingAverage(window_size={self.window_size}, "
            f"count={len(self.values)}, avg={self.average():.2f})"
        )


# ANCHOR_END: moving_average


class RingBuffer:
    def __init__(self, capacity):
        if capacity <= 0:
            raise ValueError("Capacity must be positive")
        self.capacity = capacity
        self.items = deque(maxlen=capacity)

    def push(self, value):
        self.items.append(value)

    def is_full(self):
        return len(self.items) == self.capacity

    def to_list(self):
        return list(self.items)

    def __len__(self):
        return len(self.items)

    def __getitem__(self, index):
        try:
            return self.items[index]
        except IndexError:
            raise IndexError("RingBuffer index out of range") from None

    def __repr__(self):
        return f"RingBuffer(len={len(self.items)}, capacity={self.capacity})"


class BackgroundWorker:
    """A Python thread fed through a queue: the same shape as the Rust sidecar."""

    def __init__(self):
        self._inbox = queue.SimpleQueue()
        self._counts = Counter()
        self._thread = threading.Thread(target=self._run)
        self._thread.start()
        self._finished = False

    def _run(self):
        while (text := self._inbox.get()) is not None:
            self._counts.update(word.lower() for word in text.split())

    def submit(self, text):
        if self._finished:
            raise RuntimeError("the worker has finished; create a new BackgroundWorker")
        self._inbox.put(text)

    def finish(self):
        if self._finished:
            raise RuntimeError("finish() was already called")
        self._finished = True
        self._inbox.put(None)
        self._thread.join()
        return dict(self._counts)


class TaskQueue:
    def __init__(self):
        self.tasks = []

    def push(self, text):
        self.tasks.append(text)

    def __len__(self):
        return len(self.tasks)

    def drain(self):
        tasks, self.tasks = self.tasks, []
        return [count_unique_words(text) for text in tasks]
