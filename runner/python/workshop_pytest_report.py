"""A pytest plugin that `cargo workshop` loads to learn each test's outcome.

It appends one JSON line per event to the report file and flushes it at once, so that
even when learner code crashes the interpreter, the runner knows which tests finished
and which one was running.
"""

import json


def pytest_addoption(parser):
    parser.addoption("--workshop-report", help="append test outcomes to this JSON-lines file")


def pytest_configure(config):
    path = config.getoption("workshop_report")
    if path:
        config.pluginmanager.register(_Recorder(path), "workshop-recorder")


def _short_message(report):
    """The first lines of the failure: the assertion with its values, or the exception."""
    crash = getattr(report.longrepr, "reprcrash", None)
    text = crash.message if crash is not None else str(report.longrepr)
    return "\n".join(text.strip().splitlines()[:12])


def _function_name(nodeid):
    """`tests/test_x.py::test_y[3]` -> `test_y`: the name the manifest uses."""
    return nodeid.split("::")[-1].split("[")[0]


class _Recorder:
    def __init__(self, path):
        self.file = open(path, "a", encoding="utf-8")  # noqa: SIM115 (open for the session)

    def _write(self, **record):
        self.file.write(json.dumps(record) + "\n")
        self.file.flush()

    def pytest_collectreport(self, report):
        if report.failed:
            # An import error or a syntax error: no test of this file could run.
            self._write(
                event="result", base="<collection>", outcome="error", message=_short_message(report)
            )

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
