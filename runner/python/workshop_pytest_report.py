"""A pytest plugin that `cargo workshop` loads to learn each test's outcome.

It appends one JSON line per event to the report file and flushes it at once, so that
even when learner code crashes the interpreter, the runner knows which tests finished
and which one was running. Before any test runs it lists every test collected, so that
the runner can tell a test that passed from one that never ran; and for a test file
that cannot be imported it lists the file's tests, read from its source, with the key
line of the error.
"""

import ast
import fnmatch
import json
from pathlib import Path


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
        self._write(
            event="result",
            base=_function_name(report.nodeid),
            outcome=outcome,
            message="" if report.passed else _short_message(report),
        )

    def pytest_unconfigure(self):
        self.file.close()
