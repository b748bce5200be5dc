"""Exercise 14: group_path on groups that form a cycle. Do not change this file.

Change the Rust code in src/lib.rs to make the tests that run it pass. Run it yourself,
from the repository's root (another cycle: pass its parents as JSON, then the name):

    .venv/bin/python -X faulthandler exercises/14_debugging/tests/scenarios/group_cycle.py
"""

import json
import sys

import telemetry

if len(sys.argv) == 3:
    parents, name = json.loads(sys.argv[1]), sys.argv[2]
else:
    parents, name = {"cpu": "host", "host": "cpu"}, "cpu"

try:
    path = telemetry.group_path(parents, name)
except ValueError as error:
    print(f"ValueError: {error}")
else:
    sys.exit(f"group_path returned {path} for groups that form a cycle")
