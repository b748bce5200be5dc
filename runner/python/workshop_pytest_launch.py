"""Start pytest in two steps, so that Python's start-up overlaps the build.

`cargo workshop` starts this script while cargo is still compiling the exercise. It
imports pytest and hypothesis (most of pytest's start-up time), then waits for one line
on stdin: "go" runs pytest with this script's arguments; anything else, or the end of
input (the build failed), ends it at once. The module under test is imported only after
"go", so the suite always sees the new build.
"""

import sys

import pytest

try:
    import hypothesis  # noqa: F401 (imported now: the suites' own import is then instant)
except ImportError:
    pass

if __name__ == "__main__":
    if sys.stdin.readline().strip() == "go":
        sys.exit(pytest.main(sys.argv[1:]))
