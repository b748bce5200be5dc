"""Type hints for the `sieve` extension module (exercise 09), written in Rust.

maturin ships this file in the wheel next to the compiled module, with a `py.typed`
marker, so that editors and mypy know the signatures of the Rust functions.
"""

from typing import Final

# PyO3 lists the module's names in `__all__` when it exports a constant.
__all__ = ["MAX_N", "count_primes", "sieve_of_eratosthenes"]

MAX_N: Final[int]
"""The largest `n` either function accepts."""

def sieve_of_eratosthenes(n: int) -> list[int]:
    """Return every prime `p <= n`, in increasing order (`[]` when `n < 2`).

    Raises OverflowError for a negative `n`, TypeError for a non-int and ValueError
    when `n > MAX_N`.
    """

def count_primes(n: int) -> int:
    """Return how many primes are `<= n`, releasing the GIL while counting.

    Raises OverflowError for a negative `n`, TypeError for a non-int and ValueError
    when `n > MAX_N`.
    """
