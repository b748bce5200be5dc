"""Exercise 06 measured: rjson.loads against json.loads and orjson.loads, in one process.

    python benches/json_compare.py                       # 100 KB, 1 MB and 10 MB
    python benches/json_compare.py --no-yours --sizes 1e7 --markdown benches/results/json.md \\
        --json benches/results/json.json

`cargo workshop bench 06` runs it for you. By hand, in a venv with the `bench` group:

    maturin develop --release -m benches/json/Cargo.toml        # the reference, `rjson_bench`
    maturin develop --release -m exercises/06_json/Cargo.toml   # optional: your `rjson`

The reference is the solution's parser built as the module `rjson_bench`, so that it and
your `rjson` can be timed side by side. Needs orjson (the `bench` dependency group). The
documents are generated, the same for every contender: a large array of records, a deeply
nested config, a string-heavy document and a number-heavy one, each about the size asked
for. Each time is the median of several runs, with Python's cycle collector off; every
contender's result is checked against json.loads's first.
"""

import argparse
import datetime
import gc
import json
import platform
import random
import shlex
import statistics
import sys
import time
from pathlib import Path

import machine
import orjson

try:
    import rjson_bench
except ImportError:
    sys.exit(
        "json_compare.py needs the reference module rjson_bench: "
        "run `maturin develop --release -m benches/json/Cargo.toml`"
    )

WORDS = ["alpha", "beta", "gamma", "delta", "river", "stone", "cloud", "ember", "maple"]


def records(rng, size):
    """An API response: an array of flat records with short keys and mixed values."""
    items = []
    length = 0
    while length < size:
        item = {
            "id": len(items),
            "name": " ".join(rng.choices(WORDS, k=2)),
            "email": f"user{len(items)}@example.com",
            "active": rng.random() < 0.5,
            "score": round(rng.uniform(0, 100), 3),
            "tags": rng.sample(WORDS, 3),
            "manager": None,
        }
        length += len(json.dumps(item)) + 2
        items.append(item)
    return items


def nested_config(rng, size):
    """A configuration: objects in objects, eight levels deep, small leaves."""

    def branch(depth):
        if depth == 0:
            return {"enabled": rng.random() < 0.5, "limit": rng.randrange(1000), "mode": "auto"}
        return {f"{rng.choice(WORDS)}_{k}": branch(depth - 1) for k in range(3)}

    config = {}
    length = 0
    while length < size:
        section = branch(7)
        length += len(json.dumps(section))
        config[f"section_{len(config)}"] = section
    return config


def strings(rng, size):
    """Text: long strings, some non-ASCII, some with escapes."""
    texts = []
    length = 0
    while length < size:
        text = " ".join(rng.choices(WORDS, k=rng.randrange(20, 80)))
        if rng.random() < 0.2:
            text += ' – "quoted", naïve café\n'
        length += len(json.dumps(text)) + 2
        texts.append(text)
    return {"documents": texts}


def numbers(rng, size):
    """Measurements: arrays of floats and ints."""
    rows = []
    length = 0
    while length < size:
        row = [rng.uniform(-1e6, 1e6) for _ in range(8)] + [rng.randrange(-(10**9), 10**9)]
        length += len(json.dumps(row)) + 2
        rows.append(row)
    return rows


CASES = {"records": records, "nested": nested_config, "strings": strings, "numbers": numbers}
REFERENCE = "Rust reference, rjson_bench.loads"
YOURS = "your rjson.loads"
CONTENDERS = {"json.loads": json.loads, "orjson.loads": orjson.loads, REFERENCE: rjson_bench.loads}


def add_yours():
    """Time the learner's `rjson` too, when it is installed and parses a small document
    right (an unfinished one raises, or returns something else: it is left out)."""
    try:
        import rjson
    except ImportError:
        print("(no `rjson` module installed: timing the reference only)")
        return
    sample = '{"a": [1, 2.5, "x\\u00e9", true, null], "b": {}}'
    try:
        right = rjson.loads(sample) == json.loads(sample)
    except BaseException as error:
        # An unfinished `todo!()` raises PanicException, a BaseException; anything else
        # that is not an Exception (Ctrl-C) goes on up.
        if not isinstance(error, Exception) and type(error).__name__ != "PanicException":
            raise
        print(f"(your rjson.loads raised {type(error).__name__}: timing the reference only)")
        return
    if not right:
        print("(your rjson.loads parses a small document wrongly: timing the reference only)")
        return
    CONTENDERS[YOURS] = rjson.loads


def median_seconds(function, text, runs):
    """The median of `runs` calls, with the cycle collector off (as timeit does): its
    passes, set off by every new container, would otherwise dominate every time."""
    times = []
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            start = time.perf_counter()
            function(text)
            times.append(time.perf_counter() - start)
    finally:
        gc.enable()
    return statistics.median(times)


def human(size):
    for unit, scale in (("MB", 10**6), ("KB", 10**3)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{size} B"


def markdown(data):
    title = (
        f"**{data['title']}** (median time; in brackets, json.loads's time divided by"
        " the contender's: above 1 is faster)"
    )
    lines = [
        title,
        "",
        "| document | size | " + " | ".join(CONTENDERS) + " |",
        "|---" * (2 + len(CONTENDERS)) + "|",
    ]
    cells = {(r["case"], r["size"], r["contender"]): r["seconds"] for r in data["results"]}
    for case, size in dict.fromkeys((r["case"], r["size"]) for r in data["results"]):
        baseline = cells[(case, size, "json.loads")]
        row = [case, human(size)]
        for contender in CONTENDERS:
            seconds = cells[(case, size, contender)]
            row.append(f"{seconds * 1e3:.1f} ms ({baseline / seconds:.2f}×)")
        lines.append("| " + " | ".join(row) + " |")
    measured = (
        f"Measured by `{data['command']}` on {data['date']}: {data['machine']}; "
        f"Python {data['python']}, orjson {orjson.__version__}. All in one process, "
        "on the same str."
    )
    lines += ["", measured]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(float(part)) for part in text.split(",")],
        default=[10**5, 10**6, 10**7],
        help="document sizes in bytes, comma-separated (default: 1e5,1e6,1e7)",
    )
    parser.add_argument("--runs", type=int, default=7, help="runs per cell (default 7)")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    parser.add_argument("--json", type=Path, help="also write the results as JSON data")
    parser.add_argument(
        "--no-yours", action="store_true", help="do not time the installed `rjson` module"
    )
    args = parser.parse_args()
    if rjson_bench.build_profile() != "release":
        print("warning: rjson_bench is a debug build; build it with --release for real numbers")
    if not args.no_yours:
        add_yours()

    rng = random.Random(6)
    data = {
        "benchmark": "json",
        "title": "Parsing JSON: json.loads, orjson and the Rust reference",
        "size_label": "document size",
        "unit": "seconds",
        "machine": machine.describe(),
        "python": platform.python_version(),
        "command": shlex.join(["python", *sys.argv]),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d"),
        "results": [],
    }
    for case, make in CASES.items():
        for size in args.sizes:
            text = json.dumps(make(rng, size), ensure_ascii=False)
            expected = json.loads(text)
            for contender, function in CONTENDERS.items():
                if function(text) != expected:
                    sys.exit(f"{contender} parsed the {case} document wrongly")
                seconds = median_seconds(function, text, args.runs)
                size_bytes = len(text.encode())
                data["results"].append(
                    {"contender": contender, "case": case, "size": size_bytes, "seconds": seconds}
                )
                print(f"{case:>8} {human(size_bytes):>8} {contender:<13} {seconds * 1e3:9.2f} ms")
    report = markdown(data)
    print()
    print(report)
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(report + "\n", encoding="utf-8")
    if args.json:
        del data["date"]
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
