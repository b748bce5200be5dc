"""Lets the demo's tests import pure_python.py, which sits in the folder above."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
