"""The live demo: Python functions and classes written in Rust.

This stub file describes the compiled module to editors and type checkers; maturin
installs it with the module, next to a `py.typed` marker.
"""

from typing import final

__all__ = [
    "BackgroundWorker",
    "MovingAverage",
    "RingBuffer",
    "TaskQueue",
    "count_unique_words",
    "fibonacci",
    "filter_positive",
    "is_palindrome",
    "safe_divide",
    "safe_parse_int",
    "sum_list",
    "word_frequencies",
]

def fibonacci(n: int) -> int:
    """The nth Fibonacci number; OverflowError beyond fibonacci(93)."""

def sum_list(items: list[int]) -> int:
    """The exact sum of 64-bit integers."""

def filter_positive(items: list[int]) -> list[int]:
    """The items greater than zero, in order."""

def word_frequencies(words: list[str]) -> dict[str, int]:
    """How often each word occurs, ignoring case."""

def count_unique_words(text: str) -> int:
    """The number of different whitespace-separated words, ignoring case."""

def is_palindrome(text: str) -> bool:
    """Whether the letters and digits of `text` read the same backwards, ignoring case."""

def safe_divide(a: float, b: float) -> float:
    """a / b; ValueError("Division by zero") when b is zero."""

def safe_parse_int(s: str) -> int:
    """Parse a decimal 64-bit integer; ValueError("Cannot parse '<s>': <reason>")."""

@final
class MovingAverage:
    """The average of the last `window_size` values added."""

    def __new__(cls, window_size: int) -> MovingAverage: ...
    def add(self, value: float) -> float:
        """Add a value and return the new average."""
    def average(self) -> float: ...
    def count(self) -> int: ...
    def clear(self) -> None: ...

@final
class RingBuffer:
    """The last `capacity` values pushed, oldest first."""

    def __new__(cls, capacity: int) -> RingBuffer: ...
    def push(self, value: float) -> None: ...
    def is_full(self) -> bool: ...
    def to_list(self) -> list[float]: ...
    def __len__(self) -> int: ...
    def __getitem__(self, index: int, /) -> float: ...

@final
class BackgroundWorker:
    """A Rust thread that counts words while Python carries on."""

    def __new__(cls) -> BackgroundWorker: ...
    def submit(self, text: str) -> None:
        """Queue a text for the worker; returns at once."""
    def finish(self) -> dict[str, int]:
        """Wait for the worker and return how often each word occurred."""

@final
class TaskQueue:
    """Python pushes texts; drain() processes them all in Rust."""

    def __new__(cls) -> TaskQueue: ...
    def push(self, text: str) -> None: ...
    def __len__(self) -> int: ...
    def drain(self) -> list[int]:
        """The number of unique words in each waiting text, oldest first."""
