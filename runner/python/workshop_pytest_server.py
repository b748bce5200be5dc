"""A pytest fork server for `cargo workshop watch` (Unix only).

Starting Python and importing pytest and hypothesis takes about 0.3 s, on every save.
This server pays that once: it imports them, then for each request (one JSON line on
stdin) forks a child that runs pytest and exits. The module under test is imported
only in the child, after the new build is installed, so every run sees the new code;
the server itself never imports it.

Each child leads a process group of its own, so that the runner can end it together
with anything the code under test started; on Linux it also dies with the server, which
dies with the runner.

Request:  {"args": [...], "env": {...}, "cwd": "...", "output": "path for the child's output"}
Replies:  {"pid": N} when the child has started, then {"status": S} with the raw wait
status when it has ended (the runner reads a signal from it: a crash of the child).
"""

import ctypes
import importlib
import json
import os
import signal
import sys

import pytest

try:
    import hypothesis  # noqa: F401 (imported once here: instant in every child)
except ImportError:
    pass

# From <linux/prctl.h>: deliver a signal to this process when its parent ends.
_PR_SET_PDEATHSIG = 1


def _die_with(parent):
    """On Linux, have the kernel kill this child when `parent` (the server) ends."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(3)  # the server ended before the request could be armed


def run_child(request, server):
    os.setpgid(0, 0)
    _die_with(server)
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
    server = os.getpid()
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            try:
                run_child(request, server)
            finally:
                os._exit(3)  # only reached if pytest itself raised
        try:
            # The child does the same; doing it here too means the group exists
            # before the runner hears of the child, whichever of the two runs first.
            os.setpgid(pid, pid)
        except OSError:
            pass  # the child got there first, or has ended already
        print(json.dumps({"pid": pid}), flush=True)
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"status": status}), flush=True)


if __name__ == "__main__":
    main()
