"""Measure the runner's edit→verdict time: copy an exercise's solution into its starter,
then append a line to its source and time `cargo workshop check NN` (build, both suites,
verdict) until it exits. The solution makes every test run to its end, as on the day the
learner finishes.

    python benches/edit_to_verdict.py            # the first exercise, 5 runs after a warm-up
    python benches/edit_to_verdict.py 11         # another exercise (as `cargo workshop check` names it)
    python benches/edit_to_verdict.py --runs 9
    python benches/edit_to_verdict.py --fresh-clone   # also: clone to a temp folder, time
                                                      # the first `cargo workshop`
    python benches/edit_to_verdict.py --watch    # also: save → verdict on screen in
                                                 # `cargo workshop watch`, inside tmux

The exercise's src/ and the learner's progress file are restored byte for byte
afterwards, whatever happens.
"""

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROGRESS = ROOT / ".workshop" / "progress.json"


def exercises():
    """Each exercise of workshop.toml as a dict of the fields this needs: name, kind,
    formerly, and the file of its first stage (when it has stages). Read with a regex,
    not tomllib: the workshop supports Python 3.10, which has none."""
    manifest = (ROOT / "workshop.toml").read_text(encoding="utf-8")
    found = []
    for block in manifest.split("[[exercise]]")[1:]:
        own, _, stages = block.partition("[[exercise.stage]]")
        fields = dict(re.findall(r'^(name|kind)\s*=\s*"([^"]+)"', own, re.MULTILINE))
        formerly = re.search(r"^formerly\s*=\s*\[([^\]]*)\]", own, re.MULTILINE)
        fields["formerly"] = re.findall(r'"([^"]+)"', formerly.group(1)) if formerly else []
        first_stage = stages.split("[[exercise.stage]]")[0].split("\n[")[0]
        stage_file = re.search(r'^file\s*=\s*"([^"]+)"', first_stage, re.MULTILINE)
        fields["stage_file"] = stage_file.group(1) if stage_file else None
        found.append(fields)
    return found


def find_exercise(query):
    """The exercise `query` names, as the runner finds it: `05_factorial`, `05`, `5`,
    `factorial` or a former name; the first exercise when `query` is None."""
    listed = exercises()
    if query is None:
        return listed[0]
    for exercise in listed:
        number, _, topic = exercise["name"].partition("_")
        if query in (exercise["name"], number, number.lstrip("0"), topic, *exercise["formerly"]):
            return exercise
    names = ", ".join(exercise["name"] for exercise in listed)
    sys.exit(f"no exercise called {query!r}; there are: {names}")


def source_to_edit(exercise):
    """The file a learner would be saving: the first stage's file, else the crate's root
    (its library's, when it has one: a program's main.rs is often a thin shell)."""
    crate = ROOT / "exercises" / exercise["name"]
    if exercise["stage_file"]:
        return crate / exercise["stage_file"]
    library = crate / "src" / "lib.rs"
    return library if library.is_file() else crate / "src" / "main.rs"


def snapshot(folder):
    return {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()}


@contextmanager
def solution_in_place(exercise):
    """The solution's src/ over the starter's for the duration; then the starter's files
    (and the progress file the checks update) exactly as they were."""
    src = ROOT / "exercises" / exercise["name"] / "src"
    saved = snapshot(src)
    progress = PROGRESS.read_bytes() if PROGRESS.exists() else None
    try:
        shutil.copytree(ROOT / "solutions" / exercise["name"] / "src", src, dirs_exist_ok=True)
        yield
    finally:
        for path in snapshot(src).keys() - saved.keys():
            path.unlink()
        for path, content in saved.items():
            path.write_bytes(content)
        if progress is None:
            PROGRESS.unlink(missing_ok=True)
        else:
            PROGRESS.write_bytes(progress)


def timed(command, cwd):
    start = time.perf_counter()
    subprocess.run(
        command, check=False, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def edit_to_verdict(exercise, runs):
    source = source_to_edit(exercise)
    check = ["cargo", "workshop", "check", exercise["name"]]
    with solution_in_place(exercise):
        original = source.read_bytes()
        timed(check, ROOT)  # warm-up: the first build and install are not what we measure
        times = []
        for run in range(runs):
            source.write_bytes(original + f"// edit {run}\n".encode())
            times.append(timed(check, ROOT))
        return times


def watch_mode(exercise, runs):
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
            # Each look starts tmux: every 50 ms keeps the looking from taking a core of
            # its own away from the grading it times (at most 50 ms late).
            time.sleep(0.05)

    source = source_to_edit(exercise)
    # `watch NN` stays on the exercise once it passes, as the solution makes it.
    command = f"cd '{ROOT}' && NO_COLOR=1 cargo workshop watch {exercise['name']}; sleep 600"
    with solution_in_place(exercise):
        original = source.read_bytes()
        subprocess.run(
            ["tmux", "new-session", "-d", "-x", "160", "-y", "50", "-s", session, command],
            check=True,
        )
        try:
            wait_for(1)
            times = []
            for run in range(runs):
                seen = screen().count(marker)
                start = time.perf_counter()
                source.write_bytes(original + f"// watch edit {run}\n".encode())
                wait_for(seen + 1)
                times.append(time.perf_counter() - start)
                time.sleep(0.5)  # let the poller settle before the next save
            return times
        finally:
            subprocess.run(["tmux", "kill-session", "-t", session], check=False)


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
    parser.add_argument(
        "exercise", nargs="?", help="the exercise to time, as `cargo workshop check` names it"
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--fresh-clone", action="store_true")
    parser.add_argument("--watch", action="store_true")
    args = parser.parse_args()

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()}, "
        f"Python {platform.python_version()}"
    )
    exercise = find_exercise(args.exercise)
    number = exercise["name"].partition("_")[0]
    times = edit_to_verdict(exercise, args.runs)
    listed = ", ".join(f"{t:.2f}" for t in times)
    print(f"edit→verdict (cargo workshop check {number}), {args.runs} runs: {listed} s")
    print(f"median {statistics.median(times):.2f} s")
    if args.watch:
        times = watch_mode(exercise, args.runs)
        listed = ", ".join(f"{t:.2f}" for t in times)
        print(
            f"save→verdict on screen (cargo workshop watch {number}), {args.runs} runs: {listed} s"
        )
        print(f"median {statistics.median(times):.2f} s")
    if args.fresh_clone:
        print(f"fresh clone → first verdict (cargo workshop): {fresh_clone():.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
