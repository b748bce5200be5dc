"""End-to-end time of `dspy-ask` against the same calls made by a plain Python script.

    cargo build --release -p dspy-ask-solution
    python benches/dspy_ask/compare.py target/release/dspy-ask [ROUNDS]

Run with the venv's python (it has DSPy). Both sides ask the loopback server
(exercises/11_dspy/tests/loopback_server.py) the same question, one process per
call, alternating Rust and Python so that a busy machine slows both alike. Prints
the median wall time and CPU time (user + system) of each, and the ratios Rust / Python.
CPU time is the steadier figure on a loaded machine.
"""

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "exercises" / "11_dspy" / "tests" / "loopback_server.py"
SCRIPT = Path(__file__).with_name("ask.py")
QUESTION = "What is the capital of France?"


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time of one run, in seconds."""
    cpu_before, start = cpu_of_children(), time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    elapsed, cpu = time.perf_counter() - start, cpu_of_children() - cpu_before
    if result.returncode != 0 or "You asked" not in result.stdout:
        sys.exit(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()}")
    return elapsed, cpu


def main() -> None:
    program = str(Path(sys.argv[1]).resolve())
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    server = subprocess.Popen(
        [sys.executable, str(SERVER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    port = int(server.stdout.readline())
    env = {**os.environ, "VIRTUAL_ENV": sys.prefix, "LITELLM_LOCAL_MODEL_COST_MAP": "True"}
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "loopback.toml"
        config.write_text(
            f'provider = "openai"\nmodel = "echo"\n'
            f'api_base = "http://127.0.0.1:{port}/v1"\nnum_retries = 0\n'
        )
        rust_cmd = [program, "--config", str(config), QUESTION]
        api_base = f"http://127.0.0.1:{port}/v1"
        python_cmd = [sys.executable, str(SCRIPT), "openai/echo", api_base, QUESTION]
        timed(rust_cmd, env), timed(python_cmd, env)  # warm the disk cache and .pyc files
        rust, python = [], []
        for n in range(rounds):
            pair = [(rust_cmd, rust), (python_cmd, python)]
            for command, times in pair if n % 2 == 0 else reversed(pair):
                times.append(timed(command, env))
    server.stdin.close()
    server.wait(timeout=10)

    def median(runs: list[tuple[float, float]], which: int) -> float:
        return statistics.median(run[which] for run in runs)

    for name, runs in [("dspy-ask (Rust)", rust), ("ask.py (Python)", python)]:
        print(
            f"{name:16} wall median {median(runs, 0) * 1000:7.1f} ms"
            f"   CPU median {median(runs, 1) * 1000:7.1f} ms   ({len(runs)} runs)"
        )
    for which, label in [(0, "wall"), (1, "CPU")]:
        ratio = median(rust, which) / median(python, which)
        print(f"Rust / Python, {label} time: {ratio:.3f} ({(ratio - 1) * 100:+.1f}%)")


if __name__ == "__main__":
    main()
