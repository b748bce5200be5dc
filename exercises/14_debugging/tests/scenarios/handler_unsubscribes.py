"""Exercise 14: a handler that unsubscribes itself. Do not change this file.

Change the Rust code in src/lib.rs to make the test that runs it pass. Run it yourself,
from the repository's root:

    .venv/bin/python exercises/14_debugging/tests/scenarios/handler_unsubscribes.py
"""

import faulthandler

import telemetry

# ANCHOR: guard
# A guard, not a speed test: a program that is still running after this long is stuck,
# so faulthandler prints the stack of every thread, where each one waits, and exits.
faulthandler.dump_traceback_later(6, exit=True)
# ANCHOR_END: guard

bus = telemetry.EventBus()
seen = []


def once(event):
    """A handler for the first event only."""
    seen.append(event)
    bus.unsubscribe(once)


bus.subscribe(once)
bus.publish("first")
bus.publish("second")
faulthandler.cancel_dump_traceback_later()
print(f"seen: {seen}, handlers left: {len(bus)}")
