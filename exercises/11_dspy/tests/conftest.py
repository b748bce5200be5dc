"""Shared by the DSPy exercise's pytest files: dspy-serve, started as the session starts.

Do not change the tests: this file is one of them.

Each start of dspy-serve starts Python and imports DSPy (more than half a second). So the
service is started before the session's first case, whichever file that is in, and it
loads while the cases of test_dspy_ask.py run; the `service` fixture of
test_dspy_serve.py then waits for it to listen.
"""

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).parent


@dataclass
class Launched:
    """A dspy-serve being started, and the loopback model server it is configured for."""

    # None when WORKSHOP_PROGRAM_DSPY_SERVE names no program (the `service` fixture says so).
    process: subprocess.Popen | None
    loopback_port: int
    # The API key the service is given: its replies and its log must never show it.
    api_key: str = "sk-test-0123456789-do-not-print"


@pytest.fixture(scope="session", autouse=True)
def launched_service(tmp_path_factory):
    loopback = subprocess.Popen(
        [sys.executable, str(HERE / "loopback_server.py")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    launched = Launched(process=None, loopback_port=int(loopback.stdout.readline()))
    program = os.environ.get("WORKSHOP_PROGRAM_DSPY_SERVE")
    if program and Path(program).is_file():
        config = tmp_path_factory.mktemp("serve") / "config.toml"
        config.write_text(
            'provider = "openai"\nmodel = "echo"\n'
            f'api_base = "http://127.0.0.1:{launched.loopback_port}/v1"\n'
            # Long enough for any answer on a loaded machine.
            'num_retries = 0\ntimeout_seconds = 10\napi_key_env = "DSPY_SERVE_KEY"\n'
        )
        launched.process = subprocess.Popen(
            [program, "--config", config, "--listen", "127.0.0.1:0", "--max-in-flight", "2"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "VIRTUAL_ENV": sys.prefix, "DSPY_SERVE_KEY": launched.api_key},
        )
    yield launched
    if launched.process is not None and launched.process.poll() is None:
        launched.process.kill()
        launched.process.wait(timeout=10)
    loopback.stdin.close()  # the server exits when its stdin closes
    loopback.wait(timeout=10)
