"""Exercise 08: a Python class written in Rust.

This stub file describes the compiled module to editors and type checkers; maturin
installs it with the module, next to a `py.typed` marker.
"""

from typing import final

__all__ = [
    "Counter",
]

@final
class Counter:
    """A counter that goes up and down by a fixed step."""

    def __new__(cls, *, start: int = 0, step: int = 1) -> Counter:
        """Start at `start`; ValueError if step is 0."""

    def increment(self) -> None:
        """Add the step; OverflowError if the result does not fit in 64 bits."""

    def decrement(self) -> None:
        """Subtract the step; OverflowError if the result does not fit in 64 bits."""

    def value(self) -> int:
        """The current value."""

    def reset(self) -> None:
        """Go back to the start value."""
