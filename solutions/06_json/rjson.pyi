"""Exercise 06: json.loads written in Rust.

This stub file describes the compiled module to editors and type checkers; maturin
installs it with the module, next to a `py.typed` marker.
"""

from typing import Any

__all__ = [
    "loads",
]

def loads(s: str) -> Any:
    """Parse the JSON document `s` exactly as `json.loads(s)` does.

    Raises `json.JSONDecodeError` (with the stdlib's `pos`, `lineno` and `colno`) for
    invalid JSON, also for arrays and objects nested too deep, and TypeError for
    anything but a str.
    """
