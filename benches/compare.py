"""Exercise 09 measured from Python: how much faster is Rust, really?

Times, in one process, the sieve of Eratosthenes written in pure Python (a loop, and
bytearray slices), in numpy and in Rust (the plain sieve the exercise asks for, the
reference solution's list, the same sieve handing numpy its buffer without a copy,
and the fast `count_primes`), then the cost of one call into Rust against one call
of a Python function. If your own `sieve` module is installed (exercise 09), it is
timed next to the reference.

    python benches/compare.py                      # 10^5, 10^6 and 10^7
    python benches/compare.py --sizes 1e6,1e7 --markdown benches/results/sieve.md
    python benches/compare.py --json results.json  # the times as data, for charts

Needs numpy and the `sieve_bench` module, built in release mode:
`maturin develop --release -m benches/Cargo.toml` (`cargo workshop bench` does it all).
Each time is the median of several runs: what a typical call takes, which one lucky
or one disturbed run does not move. Times vary between runs; ratios vary less.
"""

import argparse
import datetime
import itertools
import json
import math
import platform
import shlex
import statistics
import subprocess
import sys
import timeit
from dataclasses import dataclass, field
from pathlib import Path

import machine
import numpy as np

try:
    import sieve_bench
except ImportError:
    sys.exit(
        "compare.py needs the sieve_bench module: "
        "run `maturin develop --release -m benches/Cargo.toml` (or `cargo workshop bench`)"
    )


# ANCHOR: python_sieves
def sieve_python_loop(n):
    """The textbook sieve: one trip through a Python loop per crossed-off number."""
    if n < 2:
        return []
    is_prime = [True] * (n + 1)
    is_prime[0] = is_prime[1] = False
    for p in range(2, math.isqrt(n) + 1):
        if is_prime[p]:
            for multiple in range(p * p, n + 1, p):
                is_prime[multiple] = False
    return [k for k, prime in enumerate(is_prime) if prime]


def bytearray_flags(n):
    """One byte per number, 1 for prime; crossing off by slice assignment, in C."""
    is_prime = bytearray([1]) * (n + 1)
    is_prime[0] = is_prime[1] = 0
    for p in range(2, math.isqrt(n) + 1):
        if is_prime[p]:
            is_prime[p * p :: p] = bytes(len(range(p * p, n + 1, p)))
    return is_prime


def sieve_python_bytearray(n):
    """The bytearray flags, collected by a comprehension."""
    if n < 2:
        return []
    return [k for k, prime in enumerate(bytearray_flags(n)) if prime]


def sieve_python_compress(n):
    """The same flags, collected by itertools.compress instead of a comprehension."""
    if n < 2:
        return []
    return list(itertools.compress(range(n + 1), bytearray_flags(n)))


# ANCHOR_END: python_sieves


# ANCHOR: numpy_sieve
def numpy_is_prime(n):
    is_prime = np.ones(n + 1, dtype=bool)
    is_prime[:2] = False
    for p in range(2, math.isqrt(n) + 1):
        if is_prime[p]:
            is_prime[p * p :: p] = False
    return is_prime


def sieve_numpy(n):
    """The same sieve on a numpy bool array; the primes come back as an array."""
    return np.flatnonzero(numpy_is_prime(n))


def count_numpy(n):
    return int(np.count_nonzero(numpy_is_prime(n)))


# ANCHOR_END: numpy_sieve


# ANCHOR: trivial
def add(a, b):
    return a + b


def noop():
    pass


# ANCHOR_END: trivial


@dataclass
class Contender:
    label: str
    function: object
    # The pure Python loop is left out above this n: it would take minutes.
    max_n: int = 10**12
    # Filled in by run(): seconds per call, or why there is no time, for each n.
    results: dict = field(default_factory=dict)
    # Once wrong or raising, not tried again at larger n.
    failed: bool = False


def median_time(function, n, budget):
    """Seconds per call: the median of several runs that together take about `budget`."""
    timer = timeit.Timer(lambda: function(n))
    number, elapsed = timer.autorange()  # enough calls for a run of >= 0.2 s
    runs = [elapsed / number]
    spent = elapsed
    while spent < budget and len(runs) < 7:
        elapsed = timer.timeit(number)
        runs.append(elapsed / number)
        spent += elapsed
    return statistics.median(runs)


def run(contenders, sizes, expected, budget):
    """Time every contender at every n, after checking that it gives the right answer."""
    for n in sizes:
        for contender in contenders:
            if contender.failed:
                contender.results[n] = "skipped (failed at a smaller n)"
            else:
                contender.results[n] = measure(contender, n, expected, budget)
                contender.failed = contender.results[n] in ("wrong answer", "raised")
            print(f"  n = {n:>11,}  {contender.label:<42} {describe(contender.results[n])}")


def measure(contender, n, expected, budget):
    """Seconds per call, or a few words on why there is no time."""
    if n > contender.max_n:
        return "skipped (too slow)"
    try:
        answer = contender.function(n)
    except BaseException as error:
        # A Rust panic (an unfinished `todo!()`) arrives as PanicException, which
        # derives from BaseException so that `except Exception` cannot swallow it.
        if not isinstance(error, Exception) and type(error).__name__ != "PanicException":
            raise
        print(f"  {contender.label} raised {type(error).__name__}: {error}")
        return "raised"
    if not expected(n, answer):
        return "wrong answer"
    return median_time(contender.function, n, budget)


def describe(seconds):
    if isinstance(seconds, str):
        return seconds
    for unit, scale in (("s", 1), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def power_of_ten(n):
    exponent = round(math.log10(n)) if n > 0 else 0
    return f"10^{exponent}" if 10**exponent == n else f"{n:,}"


def table(title, contenders, sizes, baseline):
    """Markdown: one row per contender, one column per n; cells are time and speed-up."""
    lines = [
        f"**{title}** (speed-up against {baseline.label})",
        "",
        "| | " + " | ".join(f"n = {power_of_ten(n)}" for n in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]
    for contender in contenders:
        cells = []
        for n in sizes:
            seconds = contender.results.get(n)
            reference = baseline.results.get(n)
            if isinstance(seconds, float) and isinstance(reference, float):
                cells.append(f"{describe(seconds)} ({reference / seconds:.3g}×)")
            else:
                cells.append(describe(seconds) if seconds is not None else "")
        lines.append(f"| {contender.label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def call_overhead(repeat=7, number=1_000_000):
    """Nanoseconds per call, best of `repeat` runs, without the timing loop's own cost."""

    def per_call(statement, namespace):
        timer = timeit.Timer(statement, globals=namespace)
        return min(timer.repeat(repeat=repeat, number=number)) / number * 1e9

    loop = per_call("pass", {})
    rows = []
    for label, python_function, rust_function, statement in (
        ("add(1, 2)", add, sieve_bench.add, "f(1, 2)"),
        ("noop()", noop, sieve_bench.noop, "f()"),
    ):
        python = per_call(statement, {"f": python_function}) - loop
        rust = per_call(statement, {"f": rust_function}) - loop
        rows.append((label, python, rust))
    return loop, rows


def overhead_table(loop, rows):
    title = f"**One call** (nanoseconds per call, the timing loop's {loop:.1f} ns taken off)"
    lines = [
        title,
        "",
        "| call | Python function | Rust function (PyO3) | Rust / Python |",
        "|---|---:|---:|---:|",
    ]
    for label, python, rust in rows:
        lines.append(f"| `{label}` | {python:.1f} ns | {rust:.1f} ns | {rust / python:.2f}× |")
    return "\n".join(lines)


def results_json(cases, machine, command):
    """The times as data, one entry per contender, case and n that has a time.

    The schema is shared with the other harnesses (and read by `cargo workshop bench`
    and benches/draw.py, which draw it): "seconds" is the median of the runs."""
    results = [
        {"contender": contender.label, "case": case, "size": n, "seconds": seconds}
        for case, contenders in cases
        for contender in contenders
        for n, seconds in contender.results.items()
        if isinstance(seconds, float)
    ]
    return {
        "benchmark": "sieve",
        "title": "Sieve of Eratosthenes: Python, numpy and Rust",
        "size_label": "n",
        "unit": "seconds",
        "machine": machine,
        "python": platform.python_version(),
        "command": command,
        "results": results,
    }


def command_line():
    """How this run was started, as one would type it from the repository's root."""
    script = Path(sys.argv[0])
    try:
        script = script.resolve().relative_to(Path.cwd())
    except ValueError:
        pass
    return shlex.join(["python", str(script), *sys.argv[1:]])


def machine_description():
    try:
        rustc = subprocess.run(
            ["rustc", "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        rustc = "rustc (unknown version)"
    return (
        f"{machine.describe()}; Python {platform.python_version()}, numpy {np.__version__}, "
        f"{rustc}; the Rust reference built in {sieve_bench.build_profile()} mode"
    )


# The two cases: each a table in the markdown, and a chart of its own.
ALL_PRIMES = "All the primes up to n"
HOW_MANY = "How many primes up to n"


def parse_sizes(text):
    return [int(float(part)) for part in text.split(",") if part.strip()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=[10**5, 10**6, 10**7],
        help="comma-separated values of n (default: 1e5,1e6,1e7)",
    )
    parser.add_argument("--markdown", type=Path, help="also write the tables to this file")
    parser.add_argument("--json", type=Path, help="also write the times as JSON to this file")
    parser.add_argument(
        "--budget", type=float, default=1.0, help="seconds to spend timing each cell"
    )
    parser.add_argument(
        "--no-yours", action="store_true", help="do not time the installed `sieve` module"
    )
    args = parser.parse_args()

    machine = machine_description()
    print(f"Machine: {machine}")
    if sieve_bench.build_profile() != "release":
        print("warning: sieve_bench is a debug build; build it with --release for real numbers")

    yours = None
    if not args.no_yours:
        try:
            import sieve as yours
        except ImportError:
            print("(no `sieve` module installed: timing the reference only)")

    reference_primes = {}

    def expected_primes(n, answer):
        if n not in reference_primes:
            reference_primes[n] = sieve_python_compress(n)
        return list(answer) == reference_primes[n]

    def expected_count(n, answer):
        if n not in reference_primes:
            reference_primes[n] = sieve_python_compress(n)
        return answer == len(reference_primes[n])

    bytearray_sieve = Contender("Python, bytearray slices", sieve_python_bytearray)
    all_primes = [
        Contender("Python, a loop", sieve_python_loop, max_n=10**7),
        bytearray_sieve,
        Contender("Python, bytearray + itertools.compress", sieve_python_compress),
        Contender("numpy (array of primes)", sieve_numpy),
        Contender("Rust, plain `Vec<bool>` sieve, list", sieve_bench.plain_sieve),
        Contender("Rust reference, list", sieve_bench.sieve_of_eratosthenes),
        Contender("Rust reference, numpy array (zero-copy)", sieve_bench.primes_array),
    ]
    numpy_count = Contender("numpy, count_nonzero", count_numpy)
    counting = [
        numpy_count,
        Contender("Rust reference, count_primes", sieve_bench.count_primes),
    ]
    if yours is not None:
        all_primes.append(Contender("your sieve_of_eratosthenes", yours.sieve_of_eratosthenes))
        if hasattr(yours, "count_primes"):
            counting.append(Contender("your count_primes", yours.count_primes))

    print(f"{ALL_PRIMES}:")
    run(all_primes, args.sizes, expected_primes, args.budget)
    print(f"{HOW_MANY}:")
    run(counting, args.sizes, expected_count, args.budget)
    cases = [(ALL_PRIMES, all_primes), (HOW_MANY, counting)]
    print("One call:")
    loop, rows = call_overhead()

    # The zero-copy claim, checked: the array's memory belongs to a Rust container.
    array = sieve_bench.primes_array(100)
    owner = type(array.base).__name__
    zero_copy = not array.flags.owndata and owner == "PySliceContainer"

    today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    measured = (
        f"Measured by `benches/compare.py` on {today}: {machine}. "
        "Each time is the median of several runs in one process."
    )
    copy_note = (
        "The list-returning sieves create one Python `int` per prime; the numpy array "
        f"from Rust wraps the Rust `Vec` itself (`array.base` is a `{owner}`, `owndata` "
        f"is {array.flags.owndata}: {'no copy' if zero_copy else 'a copy was made'})."
    )
    report = "\n\n".join(
        [
            "## Sieve of Eratosthenes: Python, numpy and Rust",
            measured,
            table(ALL_PRIMES, all_primes, args.sizes, bytearray_sieve),
            table(HOW_MANY, counting, args.sizes, numpy_count),
            overhead_table(loop, rows),
            copy_note,
        ]
    )
    print()
    print(report)
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(report + "\n", encoding="utf-8")
        print(f"\nWritten to {args.markdown}")
    if args.json:
        data = results_json(cases, machine, command_line())
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        print(f"Written to {args.json}")


if __name__ == "__main__":
    main()
