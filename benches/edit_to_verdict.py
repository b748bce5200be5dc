"""Measure the runner's edit→verdict time: append a line to exercise 01's source, then
time `cargo workshop check 05` (build, both suites, verdict) until it exits.

    python benches/edit_to_verdict.py            # 5 runs after a warm-up
    python benches/edit_to_verdict.py --runs 9
    python benches/edit_to_verdict.py --fresh-clone   # also: clone to a temp folder, time
                                                      # the first `cargo workshop`
    python benches/edit_to_verdict.py --watch    # also: save → verdict on screen in
                                                 # `cargo workshop watch`, inside tmux

The exercise file is restored byte for byte afterwards, whatever happens.
"""

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "exercises" / "05_factorial" / "src" / "lib.rs"


def timed(command, cwd):
    start = time.perf_counter()
    subprocess.run(
        command, check=False, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def edit_to_verdict(runs):
    original = SOURCE.read_bytes()
    check = ["cargo", "workshop", "check", "01"]
    try:
        timed(check, ROOT)  # warm-up: the first build and install are not what we measure
        times = []
        for run in range(runs):
            SOURCE.write_bytes(original + f"// edit {run}\n".encode())
            times.append(timed(check, ROOT))
        return times
    finally:
        SOURCE.write_bytes(original)


def watch_mode(runs):
    """Save → verdict on screen: run `watch` in tmux and time each save until the screen
    shows one more "Watching for saves" line (printed under every verdict)."""
    session = f"edit-to-verdict-{os.getpid()}"
    marker = "Watching for saves"

    def screen():
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-J", "-S", "-10000", "-t", session],
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def wait_for(count):
        deadline = time.monotonic() + 300
        while screen().count(marker) < count:
            if time.monotonic() > deadline:
                sys.exit(f"watch never showed a verdict; its screen:\n{screen()}")
            time.sleep(0.01)

    original = SOURCE.read_bytes()
    command = f"cd '{ROOT}' && NO_COLOR=1 cargo workshop watch; sleep 600"
    subprocess.run(
        ["tmux", "new-session", "-d", "-x", "160", "-y", "50", "-s", session, command], check=True
    )
    try:
        wait_for(1)
        times = []
        for run in range(runs):
            seen = screen().count(marker)
            start = time.perf_counter()
            SOURCE.write_bytes(original + f"// watch edit {run}\n".encode())
            wait_for(seen + 1)
            times.append(time.perf_counter() - start)
            time.sleep(0.5)  # let the poller settle before the next save
        return times
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False)
        SOURCE.write_bytes(original)


def fresh_clone():
    with tempfile.TemporaryDirectory() as folder:
        clone = Path(folder) / "workshop"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        # A fresh clone builds everything itself: its own target folder and venv.
        env = dict(os.environ, CARGO_TARGET_DIR=str(clone / "target"))
        start = time.perf_counter()
        subprocess.run(
            ["cargo", "workshop"], check=False, cwd=clone, env=env, stdout=subprocess.DEVNULL
        )
        elapsed = time.perf_counter() - start
        shutil.rmtree(clone, ignore_errors=True)
        return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--fresh-clone", action="store_true")
    parser.add_argument("--watch", action="store_true")
    args = parser.parse_args()

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()}, "
        f"Python {platform.python_version()}"
    )
    times = edit_to_verdict(args.runs)
    listed = ", ".join(f"{t:.2f}" for t in times)
    print(f"edit→verdict (cargo workshop check 05), {args.runs} runs: {listed} s")
    print(f"median {statistics.median(times):.2f} s")
    if args.watch:
        times = watch_mode(args.runs)
        listed = ", ".join(f"{t:.2f}" for t in times)
        print(f"save→verdict on screen (cargo workshop watch), {args.runs} runs: {listed} s")
        print(f"median {statistics.median(times):.2f} s")
    if args.fresh_clone:
        print(f"fresh clone → first verdict (cargo workshop): {fresh_clone():.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
