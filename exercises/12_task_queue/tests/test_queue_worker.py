"""The task-queue exercise, the Python suite: runs `queue-worker` against a real Redis.

Change the Rust code in src/ to make the tests below pass.
Do not change the tests: they grade your solution and the reference one alike.

The program to test is the one named by the WORKSHOP_PROGRAM environment variable;
`cargo workshop check 12` sets it. Each test run starts its own `redis-server` on a
free loopback port, with nothing saved to disk.
"""

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis

sys.path.insert(0, str(Path(__file__).parent.parent / "python"))
from producer import push_tasks, wait_for_results

# The guards below (time limits on waits) are shorter than this, so a failing test
# ends by its own message and stops its workers.
pytestmark = pytest.mark.timeout(170)

INSTALL_REDIS = (
    "redis-server is not installed: Debian/Ubuntu `sudo apt install redis-server`, "
    "macOS `brew install redis`, Windows: run the workshop in WSL, or install Memurai"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def program() -> str:
    path = os.environ.get("WORKSHOP_PROGRAM")
    if not path or not Path(path).is_file():
        pytest.fail(
            "WORKSHOP_PROGRAM does not name the built program: run `cargo workshop check 12`"
        )
    return str(Path(path).resolve())


@pytest.fixture(scope="session")
def redis_url():
    # Memurai, a Redis for Windows, takes the same arguments.
    server = shutil.which("redis-server") or shutil.which("memurai")
    if server is None:
        pytest.fail(INSTALL_REDIS)
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def client(redis_url):
    return redis.Redis.from_url(redis_url, decode_responses=True)


@pytest.fixture
def queue() -> str:
    return f"words-{uuid.uuid4().hex[:8]}"


class Workers:
    """The worker processes a test starts; all are stopped when it ends."""

    def __init__(self, program: str, redis_url: str):
        self.program, self.redis_url, self.started = program, redis_url, []

    def start(self, queue: str, *extra) -> subprocess.Popen:
        process = subprocess.Popen(
            [self.program, "--redis", self.redis_url, "--queue", queue, *map(str, extra)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.started.append(process)
        return process

    def wait_until(self, done, timeout: float, what: str):
        """Poll `done()`; fail once no worker runs any more, or at the guard's limit."""
        deadline = time.monotonic() + timeout
        while not done():
            if all(process.poll() is not None for process in self.started):
                stderr = self.started[-1].communicate(timeout=10)[1]
                pytest.fail(f"every worker exited before {what}:\n{stderr[-2000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"gave up after {timeout} s waiting for {what}")
            time.sleep(0.02)

    def results(self, client, queue, ids, timeout: float = 60) -> dict[str, int]:
        """Wait for every id's result, then read them with the producer's helper."""
        key = f"{queue}:results"
        self.wait_until(lambda: client.hlen(key) >= len(ids), timeout, f"{len(ids)} results")
        return wait_for_results(client, queue, ids, timeout=1)

    def stop_all(self):
        for process in self.started:
            if process.poll() is None:
                process.kill()
            process.communicate(timeout=10)


@pytest.fixture
def workers(program, redis_url):
    started = Workers(program, redis_url)
    yield started
    started.stop_all()


def texts(count: int, seed: int = 12) -> list[str]:
    words = ["the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog"]
    words += ["The", "DOG", "Fox", "é", "É", "straße", "STRASSE"]
    rng = random.Random(seed)
    return [" ".join(rng.choice(words) for _ in range(rng.randrange(0, 12))) for _ in range(count)]


def expected(text: str) -> int:
    return len({word.lower() for word in text.split()})


def assert_results(results: dict[str, int], ids: list[str], sent: list[str]):
    for task_id, text in zip(ids, sent):
        assert results[task_id] == expected(text), f"{text!r}: got {results[task_id]}"


def stop(process: subprocess.Popen, timeout: float = 15) -> subprocess.CompletedProcess:
    process.send_signal(signal.SIGTERM)
    stdout, stderr = process.communicate(timeout=timeout)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


# --- Free: the given argument parsing ---------------------------------------------------


def test_args_bad_arguments_are_one_line_and_exit_2(program):
    for args in (["--queue", "q"], ["--redis", "nope://x", "--queue", "q"]):
        result = subprocess.run(
            [program, *args], check=False, capture_output=True, text=True, timeout=10
        )
        assert result.returncode == 2, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


# --- Stage "tasks" ---------------------------------------------------------------------


def test_tasks_every_result_is_written(workers, client, queue):
    sent = texts(200)
    ids = push_tasks(client, queue, sent)
    workers.start(queue)
    assert_results(workers.results(client, queue, ids, timeout=30), ids, sent)


def test_tasks_several_threads_and_workers_share_a_queue(workers, client, queue):
    sent = texts(1000, seed=3)
    ids = push_tasks(client, queue, sent)
    workers.start(queue, "--concurrency", 4)
    workers.start(queue, "--concurrency", 2)
    assert_results(workers.results(client, queue, ids, timeout=30), ids, sent)
    assert client.llen(queue) == 0


# --- Stage "dead letters" --------------------------------------------------------------


def test_dead_letters_malformed_tasks_are_set_aside(workers, client, queue):
    bad = ["not json", '{"id": "1"}', '{"id": 2, "text": "x"}', "[1, 2]"]
    for raw in bad:
        client.lpush(queue, raw)
    ids = push_tasks(client, queue, ["after the bad ones"])
    workers.start(queue)
    assert workers.results(client, queue, ids, timeout=30) == {ids[0]: 4}
    letters = [json.loads(letter) for letter in client.lrange(f"{queue}:dead", 0, -1)]
    assert sorted(letter["task"] for letter in letters) == sorted(bad)
    assert all(letter["reason"] for letter in letters)


# --- Stage "reliability" ---------------------------------------------------------------


def test_reliability_a_killed_workers_tasks_are_done_by_another(workers, client, queue):
    # A dead worker's processing list, its lease long expired: the reaper gives it back.
    orphans = texts(20, seed=5)
    ids = [f"orphan-{n}" for n in range(len(orphans))]
    for task_id, text in zip(ids, orphans):
        client.lpush(f"{queue}:processing:dead-worker", json.dumps({"id": task_id, "text": text}))
    workers.start(queue, "--visibility-timeout", 2)
    assert_results(workers.results(client, queue, ids, timeout=20), ids, orphans)
    assert client.llen(f"{queue}:processing:dead-worker") == 0


def test_reliability_faults_during_10000_tasks_lose_nothing(workers, client, queue):
    sent = texts(10_000, seed=7)
    ids = push_tasks(client, queue, sent)
    doomed = workers.start(queue, "--concurrency", 2, "--visibility-timeout", 2)
    survivor = workers.start(queue, "--concurrency", 2, "--visibility-timeout", 2)
    # Kill one worker once it is under way, then drop every client connection.
    done = f"{queue}:results"
    workers.wait_until(lambda: client.hlen(done) >= 1000, 60, "1000 results")
    doomed.kill()
    workers.wait_until(lambda: client.hlen(done) >= 3000, 60, "3000 results")
    client.execute_command("CLIENT", "KILL", "TYPE", "normal")
    assert_results(workers.results(client, queue, ids, timeout=120), ids, sent)
    result = stop(survivor)
    assert result.returncode == 0, result.stderr
    assert "connection" in result.stderr.lower(), "a lost connection should be reported"
    leftovers = client.keys(f"{queue}:processing:*")
    assert all(client.llen(key) == 0 for key in leftovers)


# --- Stage "shutdown" ------------------------------------------------------------------


def test_shutdown_sigterm_finishes_the_tasks_in_hand(workers, client, queue):
    sent = texts(3000, seed=9)
    push_tasks(client, queue, sent)
    worker = workers.start(queue, "--concurrency", 4)
    workers.wait_until(lambda: client.hlen(f"{queue}:results") >= 100, 60, "100 results")
    result = stop(worker)
    assert result.returncode == 0, result.stderr
    # Nothing taken is left unfinished: every task is done or still on the queue.
    assert client.keys(f"{queue}:processing:*") == []
    assert client.keys(f"{queue}:worker:*") == []
    results = client.hgetall(f"{queue}:results")
    assert len(results) + client.llen(queue) == len(sent)
