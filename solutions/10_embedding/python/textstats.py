"""Text statistics, in plain Python: the module the Rust program embeds and calls."""

import re

WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")


def words(text: str) -> list[str]:
    """The words of `text`, lower-cased, in order."""
    return [word.lower() for word in WORD.findall(text)]


def word_counts(text: str, *, min_length: int = 1) -> dict[str, int]:
    """How often each word of at least `min_length` letters occurs in `text`."""
    if min_length < 1:
        raise ValueError(f"min_length must be at least 1, not {min_length}")
    counts: dict[str, int] = {}
    for word in words(text):
        if len(word) >= min_length:
            counts[word] = counts.get(word, 0) + 1
    return counts


def summary(text: str) -> dict[str, object]:
    """Lines, words and the longest word of `text`; a text without words is a ValueError."""
    found = words(text)
    if not found:
        raise ValueError("the text has no words")
    return {
        "lines": len(text.splitlines()),
        "words": len(found),
        "longest": max(found, key=len),
    }
