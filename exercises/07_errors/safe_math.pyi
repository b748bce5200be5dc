"""Exercise 07: Rust errors that become Python exceptions.

This stub file describes the compiled module to editors and type checkers; maturin
installs it with the module, next to a `py.typed` marker.
"""

__all__ = [
    "SafeMathError",
    "factorial",
    "mean",
    "safe_divide",
    "safe_parse_int",
]

class SafeMathError(ValueError):
    """Raised by safe_math for bad input. A subclass of ValueError."""

def factorial(n: int) -> int:
    """Return n! for 0 <= n <= 20; SafeMathError("Input too large (max 20)") above."""

def safe_divide(a: float, b: float) -> float:
    """Return a / b; SafeMathError("Division by zero") when b is 0.0 or -0.0."""

def safe_parse_int(s: str) -> int:
    """Parse a decimal 64-bit integer, ignoring surrounding whitespace.

    Raises SafeMathError("Cannot parse '<s>': <reason>") otherwise, and for a string
    that is not valid Unicode (one holding a lone surrogate).
    """

def mean(values: list[float]) -> float:
    """The arithmetic mean; SafeMathError for an empty list."""
