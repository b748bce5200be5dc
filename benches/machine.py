"""The machine a benchmark ran on, in one line, for the results it writes."""

import os
import platform
from pathlib import Path


def describe() -> str:
    """The CPU's model (from /proc/cpuinfo where there is one), the number of logical
    CPUs, the load when the run started (a busy machine slows every contender), and the
    system."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = f", load average {os.getloadavg()[0]:.1f} when the run started"
    return f"{cpu}, {os.cpu_count()} logical CPUs{load}; {platform.system()} {platform.release()}"
