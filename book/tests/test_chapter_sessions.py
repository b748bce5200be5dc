"""Every `pycon` session in the chapters runs, and prints what the page says it prints.

Each session imports what it uses. A session whose workshop module is not installed
in this environment (build it with `cargo workshop check` or `maturin develop`) is
skipped with a message, unless WORKSHOP_REQUIRE_MODULES=1.
"""

from __future__ import annotations

import doctest
import importlib.util
import os
import re
from pathlib import Path

import pytest

CHAPTERS = Path(__file__).resolve().parents[2] / "chapters"
SESSION = re.compile(r"^```pycon\n(.*?)^```", re.MULTILINE | re.DOTALL)
IMPORT = re.compile(r"^>>> (?:from (\w+)|import (\w+))", re.MULTILINE)


def sessions() -> list[tuple[str, str]]:
    found = []
    for chapter in sorted(CHAPTERS.glob("*.md")):
        text = chapter.read_text(encoding="utf-8")
        for match in SESSION.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append((f"{chapter.name}:{line}", match.group(1)))
    return found


@pytest.mark.parametrize(("where", "session"), sessions(), ids=[where for where, _ in sessions()])
def test_session_prints_what_the_chapter_says(where: str, session: str):
    for module in (first or second for first, second in IMPORT.findall(session)):
        if importlib.util.find_spec(module) is None:
            message = f"{where}: module {module} is not installed in this environment"
            if os.environ.get("WORKSHOP_REQUIRE_MODULES") == "1":
                pytest.fail(message)
            pytest.skip(message)
    test = doctest.DocTestParser().get_doctest(session, {}, where, where, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)
