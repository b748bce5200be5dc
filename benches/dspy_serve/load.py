"""Load test: `dspy-serve` against its Python twin (serve.py), side by side in one run.

    cargo build --release -p dspy-ask-solution --bin dspy-serve
    .venv/bin/python benches/dspy_serve/load.py target/release/dspy-serve [--seconds S]

Both services ask the loopback server (exercises/11_dspy/tests/loopback_server.py)
through DSPy's `Predict`, at most 4 questions in flight each (the Rust default). For
1, 8 and 64 concurrent clients (threads, one keep-alive connection each, one request
after another) it measures requests per second and the median and 99th-percentile
latency, Rust and Python alternating case by case so that a busy machine slows both
alike. Writes benches/results/dspy_serve.md and .json.

Everything runs on this one machine: the clients, both services and the loopback
model server share its cores, so the figures are ratios between the contenders, not
what either does on a server of its own.
"""

import argparse
import http.client
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "exercises" / "11_dspy" / "tests" / "loopback_server.py"
TWIN = Path(__file__).with_name("serve.py")
RESULTS = ROOT / "benches" / "results"
SIZES = (1, 8, 64)
MAX_IN_FLIGHT = 4


def start(command: list[str], env: dict[str, str]) -> tuple[subprocess.Popen, str, int]:
    """Start a service; return it, its host and port (from its `listening on` line)."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    line = process.stdout.readline().strip()
    if not line.startswith("listening on http://"):
        process.kill()
        sys.exit(f"{command[0]} did not start: {line!r}")
    host, _, port = line.removeprefix("listening on http://").rpartition(":")
    return process, host, int(port)


def client(host: str, port: int, until: float, latencies: list[float], failures: list[str]):
    """One client: ask one question after another on one connection until `until`."""
    connection = http.client.HTTPConnection(host, port, timeout=60)
    number = 0
    while time.perf_counter() < until:
        number += 1
        body = json.dumps({"question": f"Question {number} from {threading.get_ident()}?"})
        started = time.perf_counter()
        try:
            connection.request("POST", "/ask", body, {"Content-Type": "application/json"})
            reply = connection.getresponse()
            data = reply.read()
        except (OSError, http.client.HTTPException) as error:
            failures.append(f"{type(error).__name__}: {error}")
            return
        elapsed = time.perf_counter() - started
        if reply.status != 200 or b"You asked" not in data:
            failures.append(f"{reply.status}: {data[:200]!r}")
            return
        latencies.append(elapsed)
    connection.close()


def measure(host: str, port: int, clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    failures: list[str] = []
    started = time.perf_counter()
    until = started + seconds
    threads = [
        threading.Thread(target=client, args=(host, port, until, latencies, failures))
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        sys.exit(f"a request failed: {failures[0]}")
    percentiles = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p99_ms": round(percentiles[98] * 1000, 1),
        "requests": len(latencies),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("program", help="the dspy-serve binary (a release build)")
    parser.add_argument("--seconds", type=float, default=5.0, help="per case (default 5)")
    args = parser.parse_args()

    env = {**os.environ, "VIRTUAL_ENV": sys.prefix, "LITELLM_LOCAL_MODEL_COST_MAP": "True"}
    loopback = subprocess.Popen(
        [sys.executable, str(SERVER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    api_base = f"http://127.0.0.1:{int(loopback.stdout.readline())}/v1"
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "loopback.toml"
        config.write_text(
            f'provider = "openai"\nmodel = "echo"\napi_base = "{api_base}"\nnum_retries = 0\n'
        )
        program = str(Path(args.program).resolve())
        contenders = {
            "Rust (dspy-serve, axum)": [
                program,
                "--config",
                str(config),
                "--listen",
                "127.0.0.1:0",
                "--max-in-flight",
                str(MAX_IN_FLIGHT),
            ],
            "Python (ThreadingHTTPServer)": [
                sys.executable,
                str(TWIN),
                "openai/echo",
                api_base,
                "--listen",
                "127.0.0.1:0",
                "--max-in-flight",
                str(MAX_IN_FLIGHT),
            ],
        }
        services = {name: start(command, env) for name, command in contenders.items()}
        try:
            for _, host, port in services.values():
                measure(host, port, 4, 1.0)  # warm-up: litellm's first call imports more
            results = []
            for size in SIZES:
                for name, (_, host, port) in services.items():
                    figures = measure(host, port, size, args.seconds)
                    print(f"{name:30} {size:3} clients: {figures}", flush=True)
                    results.append(
                        {"contender": name, "case": "POST /ask, Predict", "size": size, **figures}
                    )
        finally:
            for process, _, _ in services.values():
                process.terminate()
                process.wait(timeout=30)
            loopback.stdin.close()
    command = f"python benches/dspy_serve/load.py {args.program} --seconds {args.seconds:g}"
    write_results(results, command)


def write_results(results: list[dict], command: str) -> None:
    machine = f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}"
    report = {
        "benchmark": "dspy_serve",
        "title": "dspy-serve against the same service in Python",
        "size_label": "concurrent clients",
        "unit": "requests per second; latency in ms",
        "machine": machine,
        "python": platform.python_version(),
        "command": command,
        "results": [
            {
                key: row[key]
                for key in ("contender", "case", "size", "requests_per_second", "p50_ms", "p99_ms")
            }
            for row in results
        ],
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "dspy_serve.json").write_text(json.dumps(report, indent=2) + "\n")
    lines = [
        "# dspy-serve against the same service in Python",
        "",
        f"Measured on {machine}, Python {platform.python_version()}, with `{command}`.",
        "Both services ask the loopback model server through DSPy's `Predict`, at most",
        f"{MAX_IN_FLIGHT} questions in flight each; the clients, both services and the model",
        "server share the machine's cores.",
        "",
        "| concurrent clients | service | requests/s | p50 (ms) | p99 (ms) |",
        "|---:|---|---:|---:|---:|",
    ]
    for row in results:
        lines.append(
            f"| {row['size']} | {row['contender']} | {row['requests_per_second']} "
            f"| {row['p50_ms']} | {row['p99_ms']} |"
        )
    by_size = {}
    for row in results:
        by_size.setdefault(row["size"], []).append(row)
    lines += [
        "",
        "| concurrent clients | requests/s, Rust / Python | p99, Rust / Python |",
        "|---:|---:|---:|",
    ]
    for size, (rust, python) in by_size.items():
        lines.append(
            f"| {size} | {rust['requests_per_second'] / python['requests_per_second']:.2f} "
            f"| {rust['p99_ms'] / python['p99_ms']:.2f} |"
        )
    (RESULTS / "dspy_serve.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
