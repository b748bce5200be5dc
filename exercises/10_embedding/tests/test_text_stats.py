"""The Python test suite: runs the `text-stats` program end to end.

Change the Rust code in src/ to make the tests below pass.
Do not change the tests: they grade your solution and the reference one alike.

The program to test is the one named by the WORKSHOP_PROGRAM environment variable;
`cargo workshop check 10` sets it. By hand:

    cargo build -p text-stats-exercise
    WORKSHOP_PROGRAM=target/debug/text-stats python -m pytest exercises/10_embedding/tests
"""

import os
import subprocess
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def program() -> str:
    path = os.environ.get("WORKSHOP_PROGRAM")
    if not path or not Path(path).is_file():
        pytest.fail(
            "WORKSHOP_PROGRAM does not name the built program: run `cargo workshop check 10`"
        )
    return str(Path(path).resolve())


def run(program: str, text: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [program, *args],
        input=text,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_prints_the_statistics(program):
    result = run(program, "A rose is a rose.\nIs it?\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "lines: 2\nwords: 7\nlongest: rose\na: 2\nis: 2\nrose: 2\n"


def test_min_length_filters_the_counts(program):
    result = run(program, "A rose is a rose.\nIs it?\n", "--min-length", "3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("longest: rose\nrose: 2\n")


def test_a_text_without_words_is_one_clear_error_line(program):
    result = run(program, "1 2 3\n")
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert result.stderr == "error: bad input: the text has no words\n"
