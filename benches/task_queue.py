"""Exercise 12 measured: tasks per second, Rust `queue-worker` against a Python worker.

Starts its own redis-server on a free loopback port (nothing saved to disk), pushes
the same tasks for each contender, and times from the first worker's start until the
last result is written: 1, 2 and 4 Rust worker processes (the reference solution,
built in release mode), then one Python worker doing the same work the same reliable
way (BLMOVE to a processing list, HSET and LREM in one MULTI/EXEC).

    cargo build --release -p queue-worker-solution
    python benches/task_queue.py --markdown benches/results/task_queue.md \
        --json benches/results/task_queue.json

Needs redis-py (the `queue` dependency group). The work per task is small, so this
measures mostly the round trips to Redis: what a worker costs, not what Rust computes.
"""

import argparse
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent
WORKER = ROOT / "target" / "release" / "queue-worker"

# The Python contender: the same loop as the Rust worker's slot, with redis-py.
PYTHON_WORKER = """
import json, sys, redis
url, queue, slot = sys.argv[1:4]
client = redis.Redis.from_url(url, decode_responses=True)
processing = f"{queue}:processing:{slot}"
while True:
    raw = client.blmove(queue, processing, 1, "RIGHT", "LEFT")
    if raw is None:
        continue
    try:
        task = json.loads(raw)
        words = len({word.lower() for word in task["text"].split()})
        pipe = client.pipeline(transaction=True)
        pipe.hset(f"{queue}:results", task["id"], words).lrem(processing, 1, raw).execute()
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        letter = json.dumps({"task": raw, "reason": str(err)})
        pipe = client.pipeline(transaction=True)
        pipe.lpush(f"{queue}:dead", letter).lrem(processing, 1, raw).execute()
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def texts(count: int) -> list[str]:
    words = ["the", "quick", "brown", "fox", "jumps", "over", "a", "lazy", "dog", "The"]
    return [" ".join(words[(n + k) % len(words)] for k in range(40)) for n in range(count)]


def measure(client, url: str, commands: list[list[str]], tasks: int) -> float:
    """Push `tasks` tasks, start the workers, return seconds until every result."""
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    pipe = client.pipeline(transaction=False)
    for n, text in enumerate(texts(tasks)):
        pipe.lpush(queue, json.dumps({"id": str(n), "text": text}))
    pipe.execute()
    started = time.perf_counter()
    workers = [
        subprocess.Popen(
            [
                part.replace("{url}", url).replace("{queue}", queue).replace("{n}", str(n))
                for part in command
            ]
        )
        for n, command in enumerate(commands)
    ]
    try:
        while client.hlen(f"{queue}:results") < tasks:
            if all(worker.poll() is not None for worker in workers):
                sys.exit("every worker exited before the tasks were done")
            time.sleep(0.005)
        return time.perf_counter() - started
    finally:
        for worker in workers:
            worker.kill()
            worker.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--markdown", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not WORKER.is_file():
        sys.exit(f"{WORKER} is missing: cargo build --release -p queue-worker-solution")
    server = shutil.which("redis-server") or sys.exit("redis-server is not installed")
    port = free_port()
    redis_process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url, decode_responses=True)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    rust = [str(WORKER), "--redis", "{url}", "--queue", "{queue}"]
    python = [sys.executable, "-c", PYTHON_WORKER, "{url}", "{queue}", "py-{n}"]
    contenders = [("Rust worker", rust, size) for size in (1, 2, 4)]
    contenders.append(("Python worker", python, 1))
    results = []
    try:
        for contender, command, size in contenders:
            seconds = measure(client, url, [command] * size, args.tasks)
            rate = args.tasks / seconds
            results.append(
                {
                    "contender": contender,
                    "case": f"{args.tasks} tasks",
                    "size": size,
                    "seconds": round(seconds, 3),
                    "tasks_per_second": round(rate),
                }
            )
            print(f"{contender:<14} {size} worker(s): {seconds:6.2f} s, {rate:8.0f} tasks/s")
    finally:
        redis_process.terminate()
        redis_process.wait(timeout=10)
    machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores"
    command = "python benches/task_queue.py --markdown benches/results/task_queue.md --json benches/results/task_queue.json"
    report = {
        "benchmark": "task_queue",
        "title": "Redis task queue: tasks per second, Rust workers against a Python worker",
        "size_label": "workers",
        "unit": "tasks per second",
        "machine": machine,
        "python": platform.python_version(),
        "command": command,
        "results": results,
    }
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    if args.markdown:
        python_rate = results[-1]["tasks_per_second"]
        lines = [
            f"# {report['title']}",
            "",
            f"{machine}, Python {report['python']}, redis-server on loopback; `{command}`",
            "",
            "| contender | workers | seconds | tasks per second | against Python |",
            "|---|---|---|---|---|",
        ]
        for row in results:
            ratio = row["tasks_per_second"] / python_rate
            lines.append(
                f"| {row['contender']} | {row['size']} | {row['seconds']} "
                f"| {row['tasks_per_second']} | {ratio:.1f}× |"
            )
        args.markdown.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
