"""The DSPy exercise, the service's test suite: runs `dspy-serve` and asks it over HTTP.

Change the Rust code in src/ to make the tests below pass.
Do not change the tests: they grade your solution and the reference one alike.

The program to test is the one named by WORKSHOP_PROGRAM_DSPY_SERVE; `cargo workshop
check 11` sets it. By hand:

    cargo build -p dspy-ask-exercise
    WORKSHOP_PROGRAM_DSPY_SERVE=target/debug/dspy-serve python -m pytest exercises/11_dspy/tests

One service is started for this whole file (it starts Python and imports DSPy once),
against tests/loopback_server.py; a question that starts with `[model]` makes that
server behave as that model (`[status-500]`: it fails), so one service meets every fault.
The last test stops the service with SIGTERM.
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

HERE = Path(__file__).parent
SECRET = "sk-test-0123456789-do-not-print"
# Long enough for any answer on a loaded machine; the `[slow-N]` faults outlast it.
TIMEOUT_SECONDS = 2


@pytest.fixture(scope="module")
def serve_program() -> str:
    path = os.environ.get("WORKSHOP_PROGRAM_DSPY_SERVE")
    if not path or not Path(path).is_file():
        pytest.fail(
            "WORKSHOP_PROGRAM_DSPY_SERVE does not name the built dspy-serve: run `cargo "
            "workshop check 11`, or `cargo build -p dspy-ask-exercise` and `export "
            "WORKSHOP_PROGRAM_DSPY_SERVE=target/debug/dspy-serve`"
        )
    return str(Path(path).resolve())


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


@pytest.fixture(scope="module")
def loopback_port():
    """This file's own loopback server; it exits when its stdin closes."""
    server = subprocess.Popen(
        [sys.executable, str(HERE / "loopback_server.py")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    yield int(server.stdout.readline())
    server.stdin.close()
    server.wait(timeout=10)


def loopback_in_flight(port: int) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/in-flight", timeout=10) as reply:
        return json.loads(reply.read())["in_flight"]


@pytest.fixture(scope="module")
def service(serve_program, loopback_port, tmp_path_factory):
    config = tmp_path_factory.mktemp("serve") / "config.toml"
    config.write_text(
        f'provider = "openai"\nmodel = "echo"\napi_base = "http://127.0.0.1:{loopback_port}/v1"\n'
        f'num_retries = 0\ntimeout_seconds = {TIMEOUT_SECONDS}\napi_key_env = "DSPY_SERVE_KEY"\n'
    )
    process = subprocess.Popen(
        [serve_program, "--config", config, "--listen", "127.0.0.1:0", "--max-in-flight", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "VIRTUAL_ENV": sys.prefix, "DSPY_SERVE_KEY": SECRET},
    )
    line = process.stdout.readline()
    if not line.startswith("listening on http://"):
        process.kill()
        _, stderr = process.communicate(timeout=10)
        pytest.fail(f"expected `listening on http://ADDR` first, got {line!r}; stderr:\n{stderr}")
    service = Service(process, line.strip().removeprefix("listening on "))
    yield service
    if process.poll() is None:
        process.kill()
        process.wait(timeout=10)


def test_serve_answers_questions(service):
    assert service.request("GET", "/health")[0] == 200
    assert service.ask(question="Why Rust?") == (
        200,
        {"answer": "You asked: Why Rust?", "reasoning": None},
    )
    status, reply = service.ask(question="Why Rust?", cot=True)
    assert (status, reply.get("reasoning")) == (200, "The question was: Why Rust?"), reply
    status, reply = service.ask(question="Why Rust?", context="Rust is fast.", cot=False)
    assert (status, reply.get("answer")) == (200, "You asked: Why Rust?"), reply


@pytest.mark.parametrize(
    "body, headers",
    [
        pytest.param(b'{"question": "Hi?"}', {}, id="no content type"),
        pytest.param(b'{"question": 42}', None, id="question not a string"),
        pytest.param(b'{"question": "Hi?", "cot": "yes"}', None, id="cot not a boolean"),
        pytest.param(b'{"cot": true}', None, id="no question"),
        pytest.param(b'{"question": ', None, id="not JSON"),
        pytest.param(b'{"question": "  "}', None, id="empty question"),
    ],
)
def test_serve_bad_request_is_400_with_a_json_error(service, body, headers):
    headers = {"Content-Type": "application/json"} if headers is None else headers
    status, reply = service.request("POST", "/ask", body, headers)
    assert status == 400, reply
    assert list(reply) == ["error"] and reply["error"].strip(), reply


@pytest.mark.parametrize(
    "fault, status",
    [
        ("status-500", 502),
        ("status-401", 502),
        ("garbage", 502),
        ("hangup", 502),
        (f"slow-{2 * TIMEOUT_SECONDS}", 504),
    ],
)
def test_serve_model_failure_is_a_gateway_error(service, fault, status):
    got, reply = service.ask(question=f"[{fault}] Hello?")
    assert got == status, reply
    assert list(reply) == ["error"] and "\n" not in reply["error"], reply
    # `status-401` echoes the API key it was sent, as some servers do.
    assert SECRET not in reply["error"]


def test_serve_stops_on_sigterm_after_answering(service, loopback_port):
    # A question in flight when SIGTERM comes is answered before the service exits.
    answered = []
    asking = threading.Thread(
        target=lambda: answered.append(service.ask(question="[slow-1] Still there?"))
    )
    asking.start()
    while asking.is_alive() and loopback_in_flight(loopback_port) == 0:
        time.sleep(0.01)  # until the question has reached the model's server
    service.process.send_signal(signal.SIGTERM)
    asking.join(timeout=30)
    assert service.process.wait(timeout=30) == 0, "".join(service.log)
    assert answered == [(200, {"answer": "You asked: [slow-1] Still there?", "reasoning": None})]
    service.reader.join(timeout=10)
    log = "".join(service.log)
    assert SECRET not in log, "the API key is in the service's log"
    assert "502" in log, "each failed request is logged with its status"
