"""A pytest plugin that `cargo workshop` loads to learn each test's outcome.

It appends one JSON line per event to the report file and flushes it at once, so that
even when learner code crashes the interpreter, the runner knows which tests finished
and which one was running. Before any test runs it lists every test collected, so that
the runner can tell a test that passed from one that never ran; and for a test file
that cannot be imported it lists the file's tests, read from its source, with the key
line of the error.

A failure's message says what the test expected and what happened, in a few lines:
`expected OverflowError (matching "64 bits"), got ValueError: too big`, or pytest's
rewritten `assert 0 == 1` with the lines that say where each value came from.
"""

import ast
import fnmatch
import functools
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

# The runner shows this many lines of a failure: the message is built to fit in them.
_MESSAGE_LINES = 8
# Of those, at most this many for an assertion's own explanation (`assert x, "..."`),
# so that the values compared still fit.
_EXPLANATION_LINES = 3


def pytest_addoption(parser):
    parser.addoption("--workshop-report", help="append test outcomes to this JSON-lines file")


def pytest_configure(config):
    path = config.getoption("workshop_report")
    if path:
        config.pluginmanager.register(_Recorder(path, config), "workshop-recorder")


def _short_message(report):
    """The first lines of the failure: the assertion with its values, or the exception."""
    crash = getattr(report.longrepr, "reprcrash", None)
    text = crash.message if crash is not None else str(report.longrepr)
    return "\n".join(text.strip().splitlines()[:12])


def _key_line(report):
    """What went wrong when a file was imported, in one line: the last `E   ` line of
    pytest's account (the exception, such as `ImportError: cannot import name ...`),
    not its generic hint about valid module names."""
    lines = str(report.longrepr).strip().splitlines()
    errors = [line[1:].strip() for line in lines if line.startswith("E ")]
    return errors[-1] if errors else (lines[-1].strip() if lines else "the file cannot be imported")


def _function_name(nodeid):
    """`tests/test_x.py::test_y[3]` -> `test_y`: the name the manifest uses."""
    return nodeid.split("::")[-1].split("[")[0]


def _failure_message(item, excinfo, report):
    """What a failing test expected and what happened instead, in a few lines."""
    raises = _unmet_raises(item, excinfo)
    if raises is not None:
        # Hypothesis adds the failing input as a note: keep it, it is the clue.
        notes = getattr(excinfo.value, "__notes__", [])
        return _first_lines([raises, *notes])
    if excinfo.errisinstance(AssertionError):
        # What pytest shows as the failure's summary, before any cut.
        return _assertion_message(excinfo.exconly(tryshort=True))
    return _short_message(report)


def _first_lines(lines):
    text = "\n".join(lines).strip().splitlines()
    return "\n".join(text[:_MESSAGE_LINES])


def _unmet_raises(item, excinfo):
    """For a test that failed inside `with pytest.raises(...)`: the one line that says
    which exception it expected and what it got; None for any other failure, and for a
    failure pytest's own message already explains (a message that did not match)."""
    test_file = str(item.path)
    # The deepest line of the test file that the exception passed through.
    for entry in reversed(excinfo.traceback):
        if str(entry.path) != test_file:
            continue
        line = entry.lineno + 1  # pytest counts from 0
        block = _raises_block_at(test_file, line)
        if block is None:
            continue
        if block.body_start <= line <= block.body_end:
            # An exception escaped the block's body: pytest.raises let it through
            # because it is not the one expected.
            return f"expected {block.expected}, got {_exception_line(excinfo)}"
        if excinfo.errisinstance(pytest.fail.Exception) and "DID NOT RAISE" in str(excinfo.value):
            return f"expected {block.expected}, but the call returned normally"
        return None
    return None


def _exception_line(excinfo):
    """`ValueError: too big`: the exception's type and its message's first line."""
    message = str(excinfo.value).strip().splitlines()
    return f"{excinfo.typename}: {message[0]}" if message else excinfo.typename


@dataclass(frozen=True)
class _RaisesBlock:
    """A `with pytest.raises(...)` block: its lines, its body's lines, what it expects."""

    start: int
    end: int
    body_start: int
    body_end: int
    expected: str


def _raises_block_at(path, line):
    """The innermost `with pytest.raises(...)` block of the file that holds `line`."""
    holding = [block for block in _raises_blocks(path) if block.start <= line <= block.end]
    return max(holding, key=lambda block: block.start, default=None)


@functools.cache
def _raises_blocks(path):
    """Every `with pytest.raises(...)` block of a test file (read once per run)."""
    try:
        with open(path, encoding="utf-8") as file:
            source = file.read()
        tree = ast.parse(source)
    except (OSError, SyntaxError, ValueError):
        return []
    return [
        _RaisesBlock(
            start=node.lineno,
            end=node.end_lineno,
            body_start=node.body[0].lineno,
            body_end=node.body[-1].end_lineno,
            expected=_expectation(source, item.context_expr),
        )
        for node in ast.walk(tree)
        if isinstance(node, ast.With)
        for item in node.items
        if _is_raises_call(item.context_expr)
    ]


def _is_raises_call(node):
    """`pytest.raises(...)` or, after `from pytest import raises`, `raises(...)`."""
    if not isinstance(node, ast.Call):
        return False
    function = node.func
    if isinstance(function, ast.Attribute):
        return function.attr == "raises"
    return isinstance(function, ast.Name) and function.id == "raises"


def _expectation(source, call):
    """`OverflowError (matching "64 bits")`, as the test's source spells it."""
    expected = (
        ast.get_source_segment(source, call.args[0]) if call.args else None
    ) or "an exception"
    for keyword in call.keywords:
        if keyword.arg == "match":
            expected += f" (matching {ast.get_source_segment(source, keyword.value)})"
    return expected


def _assertion_message(text):
    """pytest's message for a failed `assert`, with the values compared kept in view: a
    long explanation (`assert ok, f"...{output}"`) is shortened, not the comparison."""
    lines = text.splitlines()
    start = next(
        (
            index
            for index, line in enumerate(lines)
            if line.startswith(("assert ", "AssertionError: assert "))
        ),
        0,
    )
    explanation, comparison = lines[:start], lines[start:]
    if len(lines) > _MESSAGE_LINES and len(explanation) > _EXPLANATION_LINES:
        explanation = [*explanation[: _EXPLANATION_LINES - 1], "  …"]
    return _first_lines([*explanation, *comparison])


def _matches(name, patterns):
    """pytest's rule for `python_functions` and `python_classes`: a prefix, or a glob."""
    for pattern in patterns:
        is_glob = any(char in pattern for char in "*?[")
        if fnmatch.fnmatch(name, pattern) if is_glob else name.startswith(pattern):
            return True
    return False


def _test_functions(path, config):
    """The test functions of the file at `path`, read without importing it: functions at
    module level and methods of test classes, named as pytest would collect them."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (OSError, SyntaxError, ValueError):
        return []
    functions = config.getini("python_functions")
    classes = config.getini("python_classes")

    def tests_in(body):
        return [
            node.name
            for node in body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and _matches(node.name, functions)
        ]

    names = tests_in(tree.body)
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and _matches(node.name, classes):
            names.extend(tests_in(node.body))
    return list(dict.fromkeys(names))  # one entry per name, in file order


class _Recorder:
    def __init__(self, path, config):
        self.file = open(path, "a", encoding="utf-8")  # noqa: SIM115 (open for the session)
        self.config = config

    def _write(self, **record):
        self.file.write(json.dumps(record) + "\n")
        self.file.flush()

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = yield
        # Only here is the test's item at hand: it says which file to read the
        # `pytest.raises` block from.
        if report.failed and report.when == "call" and call.excinfo is not None:
            try:
                message = _failure_message(item, call.excinfo, report)
            except Exception:  # noqa: BLE001 (a better message is not worth a lost verdict)
                message = _short_message(report)
            report.workshop_message = message
        return report

    def pytest_collectreport(self, report):
        if not report.failed:
            return
        # An import error or a syntax error: no test of this file can run. Its tests
        # are still owed: list them from the source, each not run for this reason.
        path = Path(self.config.rootpath) / report.nodeid.split("::")[0]
        tests = _test_functions(path, self.config) if path.suffix == ".py" else []
        if tests:
            self._write(event="uncollected", tests=tests, reason=_key_line(report))
        else:
            self._write(
                event="result", base="<collection>", outcome="error", message=_short_message(report)
            )

    def pytest_collection_finish(self, session):
        instances = {}
        for item in session.items:
            base = _function_name(item.nodeid)
            instances[base] = instances.get(base, 0) + 1
        tests = [{"base": base, "instances": count} for base, count in instances.items()]
        self._write(event="collected", tests=tests)

    def pytest_runtest_logstart(self, nodeid):
        self._write(event="start", base=_function_name(nodeid))

    def pytest_runtest_logreport(self, report):
        if report.when != "call" and report.passed:
            return  # set-up and tear-down that went fine say nothing about the code
        outcome = report.outcome if report.when == "call" else "error"
        if report.passed:
            message = ""
        else:
            message = getattr(report, "workshop_message", None) or _short_message(report)
        self._write(
            event="result",
            base=_function_name(report.nodeid),
            outcome=outcome,
            message=message,
        )

    def pytest_unconfigure(self):
        self.file.close()
