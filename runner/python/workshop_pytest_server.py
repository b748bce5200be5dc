"""A pytest fork server for `cargo workshop watch` (Unix only).

Starting Python and importing pytest and hypothesis takes about 0.3 s, on every save.
This server pays that once: it imports them, then for each request (one JSON line on
stdin) forks a child that runs pytest and exits. The module under test is imported
only in the child, after the new build is installed, so every run sees the new code;
the server itself never imports it.

Request:  {"args": [...], "env": {...}, "cwd": "...", "output": "path for the child's output"}
Replies:  {"pid": N} when the child has started, then {"status": S} with the raw wait
status when it has ended (the runner reads a signal from it: a crash of the child).
"""

import importlib
import json
import os
import sys

import pytest

try:
    import hypothesis  # noqa: F401 (imported once here: instant in every child)
except ImportError:
    pass


def run_child(request):
    os.environ.update(request["env"])
    os.chdir(request["cwd"])
    output = os.open(request["output"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(output, 1)
    os.dup2(output, 2)
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    importlib.invalidate_caches()  # the build may have replaced files since the fork
    code = pytest.main(request["args"])
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(int(code))


def main():
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            try:
                run_child(request)
            finally:
                os._exit(3)  # only reached if pytest itself raised
        print(json.dumps({"pid": pid}), flush=True)
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"status": status}), flush=True)


if __name__ == "__main__":
    main()
