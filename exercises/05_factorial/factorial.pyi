"""Exercise 05: a factorial function written in Rust.

This stub file describes the compiled module to editors and type checkers; maturin
installs it with the module, next to a `py.typed` marker.
"""

def factorial(n: int) -> int:
    """Return n! for 0 <= n <= 20.

    Raises OverflowError for a negative n or when n! does not fit in 64 bits, and
    TypeError for anything that is not an int.
    """
