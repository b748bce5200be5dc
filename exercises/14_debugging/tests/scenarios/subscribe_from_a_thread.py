"""Exercise 14: another thread subscribes while a handler runs. Do not change this file.

Change the Rust code in src/lib.rs to make the test that runs it pass. Run it yourself,
from the repository's root:

    .venv/bin/python exercises/14_debugging/tests/scenarios/subscribe_from_a_thread.py
"""

import faulthandler
import threading

import telemetry

# A guard, not a speed test: a program that is still running after this long is stuck,
# so faulthandler prints the stack of every thread, where each one waits, and exits.
faulthandler.dump_traceback_later(6, exit=True)

bus = telemetry.EventBus()
handler_running = threading.Event()
subscribed = threading.Event()


def subscribe_late():
    handler_running.wait()
    bus.subscribe(print)
    subscribed.set()


def slow_handler(event):
    """Let the other thread run while this handler is in the middle of `publish`."""
    handler_running.set()
    # However long the other thread takes, this handler ends after 3 s.
    subscribed.wait(timeout=3)


other = threading.Thread(target=subscribe_late)
other.start()
bus.subscribe(slow_handler)
called = bus.publish("tick")
other.join()
faulthandler.cancel_dump_traceback_later()
print(f"handlers called: {called}, handlers now: {len(bus)}")
