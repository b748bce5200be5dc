"""Exercise 14: three bugs to find with a backtrace, faulthandler and a thread dump.

This stub file describes the compiled module to editors and type checkers; maturin
installs it with the module, next to a `py.typed` marker.
"""

from collections.abc import Callable
from typing import Any, final

__all__ = [
    "EventBus",
    "group_path",
    "smooth",
]

def smooth(readings: list[float], width: int) -> list[float]:
    """The moving average over `width` readings: len(readings) - width + 1 means.

    ValueError unless 1 <= width <= len(readings).
    """

def group_path(parents: dict[str, str], name: str) -> list[str]:
    """The groups above `name`, root first, then `name`; ValueError for a cycle."""

@final
class EventBus:
    """Calls every subscribed handler with each event that is published."""

    def __new__(cls) -> EventBus: ...
    def subscribe(self, handler: Callable[[Any], object]) -> None:
        """Call `handler(event)` for every event published from now on."""

    def unsubscribe(self, handler: Callable[[Any], object]) -> None:
        """Stop calling `handler` (the very object, as `is` compares)."""

    def publish(self, event: Any) -> int:
        """Call every handler with `event`, in order; return how many were called."""

    def __len__(self) -> int:
        """How many handlers are subscribed."""
