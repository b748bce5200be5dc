"""Criterion's last run of `cargo bench -p sieve-benches`, as a results file for draw.py.

    cargo bench -p sieve-benches
    python benches/criterion_json.py benches/results/criterion.json
    python benches/draw.py benches/results/criterion.json

Reads criterion's own records (target/criterion/<group>/<function>/<n>/new/) and
writes the schema every harness shares (see benches/README.md); "seconds" is
criterion's median. The reference's count is the baseline of the ratios.
Standard library only.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CRITERION = ROOT / "target" / "criterion" / "count primes up to n"
# The ratios of the picture are taken against the reference's fast count.
BASELINE = "count_primes (odd bits, segmented)"


def rustc_version() -> str:
    try:
        return subprocess.run(
            ["rustc", "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "rustc (unknown version)"


def main() -> int:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    results = []
    for record in sorted(CRITERION.glob("*/*/new/benchmark.json")):
        benchmark = json.loads(record.read_text(encoding="utf-8"))
        estimates = json.loads((record.parent / "estimates.json").read_text(encoding="utf-8"))
        name = benchmark["function_id"]
        results.append(
            {
                "contender": f"{name}, the reference" if name == BASELINE else name,
                "case": benchmark["group_id"],
                "size": int(benchmark["value_str"]),
                "seconds": estimates["median"]["point_estimate"] / 1e9,
            }
        )
    if not results:
        sys.exit(f"no criterion results under {CRITERION}: run `cargo bench -p sieve-benches`")
    # Slowest first at the largest n, as the harness orders its contenders.
    largest = max(result["size"] for result in results)
    at_largest = {r["contender"]: r["seconds"] for r in results if r["size"] == largest}
    results.sort(key=lambda r: (-at_largest.get(r["contender"], 0), r["size"]))
    data = {
        "benchmark": "criterion",
        "title": "The Rust sieves alone, against primal (criterion)",
        "size_label": "n",
        "unit": "seconds",
        "machine": f"{platform.machine()}, {os.cpu_count()} logical CPUs; {rustc_version()}",
        "python": None,  # no Python in these measurements
        "command": "cargo bench -p sieve-benches",
        "results": results,
    }
    out = Path(sys.argv[1])
    out.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(f"Written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
