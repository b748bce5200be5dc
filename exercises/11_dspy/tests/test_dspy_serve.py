"""The DSPy exercise, the service's test suite: runs `dspy-serve` and asks it over HTTP.

Change the Rust code in src/ to make the tests below pass.
Do not change the tests: they grade your solution and the reference one alike.

The program to test is the one named by WORKSHOP_PROGRAM_DSPY_SERVE; `cargo workshop
check 11` sets it. By hand:

    cargo build -p dspy-ask-exercise
    WORKSHOP_PROGRAM_DSPY_SERVE=target/debug/dspy-serve python -m pytest exercises/11_dspy/tests

Each start of the program starts Python and imports DSPy, so it is started once, by
conftest.py as the session starts, for what only the running program shows: its `listening on` line, HTTP on a real port,
its log, and SIGTERM. The routes' behaviour (every reply, every fault) is tested in
tests/dspy_ask.rs, in one process. The model is tests/loopback_server.py; a question
that starts with `[model]` makes it behave as that model (`[status-500]`: it fails).
The last test stops the service with SIGTERM.
"""

import json
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest


class Service:
    """A running dspy-serve: its base URL, and its stderr, read as it comes."""

    def __init__(self, process: subprocess.Popen, url: str):
        self.process = process
        self.url = url
        self.log: list[str] = []
        self.reader = threading.Thread(target=self._read_log, daemon=True)
        self.reader.start()

    def _read_log(self):
        for line in self.process.stderr:
            self.log.append(line)

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        """(status, parsed JSON body) of one request."""
        request = urllib.request.Request(
            self.url + path, data=body, method=method, headers=headers or {}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as reply:
                return reply.status, json.loads(reply.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def ask(self, **fields):
        body = json.dumps(fields).encode()
        return self.request("POST", "/ask", body, {"Content-Type": "application/json"})


def loopback_in_flight(port: int) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/in-flight", timeout=10) as reply:
        return json.loads(reply.read())["in_flight"]


@pytest.fixture(scope="module")
def service(launched_service):
    """The dspy-serve that conftest.py started, once it listens."""
    process = launched_service.process
    if process is None:
        pytest.fail(
            "WORKSHOP_PROGRAM_DSPY_SERVE does not name the built dspy-serve: run `cargo "
            "workshop check 11`, or `cargo build -p dspy-ask-exercise` and `export "
            "WORKSHOP_PROGRAM_DSPY_SERVE=target/debug/dspy-serve`"
        )
    line = process.stdout.readline()
    if not line.startswith("listening on http://"):
        process.kill()
        _, stderr = process.communicate(timeout=10)
        pytest.fail(f"expected `listening on http://ADDR` first, got {line!r}; stderr:\n{stderr}")
    return Service(process, line.strip().removeprefix("listening on "))


def test_serve_program_answers_over_http(service, launched_service):
    assert service.request("GET", "/health")[0] == 200
    assert service.ask(question="Why Rust?") == (
        200,
        {"answer": "You asked: Why Rust?", "reasoning": None},
    )
    # `status-401` echoes the API key it was sent, as some servers do.
    status, reply = service.ask(question="[status-401] Hello?")
    assert status == 502 and launched_service.api_key not in json.dumps(reply), reply


def test_serve_stops_on_sigterm_after_answering(service, launched_service):
    # A question in flight when SIGTERM comes is answered before the service exits.
    answered = []
    asking = threading.Thread(
        target=lambda: answered.append(service.ask(question="[slow-0.2] Still there?"))
    )
    asking.start()
    while asking.is_alive() and loopback_in_flight(launched_service.loopback_port) == 0:
        time.sleep(0.01)  # until the question has reached the model's server
    service.process.send_signal(signal.SIGTERM)
    asking.join(timeout=30)
    assert service.process.wait(timeout=30) == 0, "".join(service.log)
    assert answered == [(200, {"answer": "You asked: [slow-0.2] Still there?", "reasoning": None})]
    service.reader.join(timeout=10)
    log = "".join(service.log)
    assert launched_service.api_key not in log, "the API key is in the service's log"
    assert "502" in log, "each failed request is logged with its status"
