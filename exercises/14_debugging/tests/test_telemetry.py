"""Exercise 14, the Python test suite.

Change the Rust code in src/lib.rs to make the tests below pass.
Do not change the tests: they grade your solution and the reference one alike.

Two of the bugs crash or hang the Python that meets them, so their tests run a script
of scenarios/ in a Python of its own: the test fails, the others go on, and the
failure shows what faulthandler saw. Run the script yourself to look closer.
"""

import json
import math
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import telemetry
from hypothesis import given
from hypothesis import strategies as st

SCENARIOS = Path(__file__).parent / "scenarios"
# A backstop only: the scenarios that can hang stop themselves well before this.
SCENARIO_LIMIT = 60
# How many lines of what faulthandler printed a failure shows.
REPORT_LINES = 6


def run_scenario(script, *args):
    """Run `scenarios/<script>` in a Python of its own; return what it printed.

    A crash, a hang or an error there fails the calling test with faulthandler's
    report and the command that reproduces it.
    """
    command = [sys.executable, "-X", "faulthandler", str(SCENARIOS / script), *args]
    where = Path.cwd()
    shown = " ".join(
        os.path.relpath(part, where) if part.startswith(str(where)) else part
        for part in ("python", *command[1:])
    )
    try:
        result = subprocess.run(
            command,
            check=False,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
            timeout=SCENARIO_LIMIT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"`{shown}` was still running after {SCENARIO_LIMIT} s", pytrace=False)
    if result.returncode == 0:
        return result.stdout
    if result.returncode < 0:
        how = f"Python crashed ({signal.Signals(-result.returncode).name})"
    elif "Timeout (" in result.stderr:
        how = "Python hung, so faulthandler stopped it"
    else:
        how = f"Python exited with status {result.returncode}"
    # Paths in the repository made short; frames of Python's own library (still
    # absolute) left out, so that every thread's stack fits.
    lines = (line.replace(f"{where}{os.sep}", "") for line in result.stderr.splitlines())
    report = [
        line
        for line in lines
        if line.strip()
        and not line.startswith("Extension modules:")
        and not line.startswith('  File "/')
    ]
    pytest.fail(
        "\n".join([f"{how} in `{shown}`:", *report[:REPORT_LINES]]),
        pytrace=False,
    )


# --- smooth ------------------------------------------------------------------------


def test_smooth_a_short_series():
    assert telemetry.smooth([1.0, 2.0, 3.0, 4.0], 2) == [1.5, 2.5, 3.5]


def reference_smooth(readings, width):
    """What smooth does, in pure Python (a plain loop: sum() rounds differently on 3.12+)."""
    means = []
    for start in range(len(readings) - width + 1):
        total = 0.0
        for reading in readings[start : start + width]:
            total += reading
        means.append(total / width)
    return means


@given(st.data())
def test_smooth_matches_python(data):
    readings = data.draw(
        st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=50),
        label="readings",
    )
    width = data.draw(st.integers(1, len(readings)), label="width")
    actual = telemetry.smooth(readings, width)
    assert len(actual) == len(readings) - width + 1
    for got, expected in zip(actual, reference_smooth(readings, width), strict=True):
        assert math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-9)


@pytest.mark.parametrize("width", [0, 4, 100])
def test_smooth_rejects_a_width_outside_the_readings(width):
    with pytest.raises(ValueError, match=f"not {width}$"):
        telemetry.smooth([1.0, 2.0, 3.0], width)


# --- group_path --------------------------------------------------------------------


def test_group_path_walks_up_to_the_root():
    parents = {"cpu.user": "cpu", "cpu.system": "cpu", "cpu": "host"}
    assert telemetry.group_path(parents, "cpu.user") == ["host", "cpu", "cpu.user"]
    assert telemetry.group_path(parents, "host") == ["host"]
    assert telemetry.group_path(parents, "disk") == ["disk"]


@pytest.mark.parametrize(
    ("parents", "name"),
    [
        ({"cpu": "host", "host": "cpu"}, "cpu"),
        ({"cpu": "cpu"}, "cpu"),
        ({"cpu.user": "cpu", "cpu": "host", "host": "rack", "rack": "cpu"}, "cpu.user"),
    ],
    ids=["two-groups", "a-group-in-itself", "a-cycle-above-the-name"],
)
def test_group_path_of_a_cycle_raises_value_error(parents, name):
    printed = run_scenario("group_cycle.py", json.dumps(parents), name)
    assert printed.startswith("ValueError: ")
    assert "cycle" in printed


# --- EventBus ----------------------------------------------------------------------


def test_events_reach_every_handler_in_order():
    bus = telemetry.EventBus()
    seen = []

    def first(event):
        seen.append(("a", event))

    def second(event):
        seen.append(("b", event))

    bus.subscribe(first)
    bus.subscribe(second)
    assert bus.publish(1) == 2
    bus.unsubscribe(first)
    assert bus.publish(2) == 1
    assert seen == [("a", 1), ("b", 1), ("b", 2)]
    assert len(bus) == 1


def test_events_handler_can_unsubscribe_itself():
    printed = run_scenario("handler_unsubscribes.py")
    assert printed == "seen: ['first'], handlers left: 0\n"


def test_events_another_thread_can_subscribe_while_a_handler_runs():
    printed = run_scenario("subscribe_from_a_thread.py")
    assert printed == "handlers called: 1, handlers now: 2\n"
