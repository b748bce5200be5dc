"""The live demo: call everything in rust_demo, show the result, and time it against
the same code in pure Python (pure_python.py), in this one process.

Set-up, once, from the repository's root (any venv with maturin will do):

    maturin develop --release -m demo/Cargo.toml

Then:

    python demo/demo.py            # or --quick: one short round each, to check it runs

Build with --release: a debug build is many times slower and the comparison means
nothing. Each time is per call: the best of 5 rounds, each round repeating the
call until it lasts at least 20 ms. Numbers move by 10-20% between runs on a
busy laptop; read the ratios, not the nanoseconds.
"""

import platform
import sys
import timeit
from pathlib import Path

# pure_python.py sits next to this file; make it importable from anywhere.
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pure_python
import rust_demo

# --quick (used by `cargo workshop verify`) only checks that everything runs.
QUICK = "--quick" in sys.argv[1:]
ROUNDS = 1 if QUICK else 5
MIN_ROUND_SECONDS = 0.0 if QUICK else 0.02

SENTENCE = (
    "the quick brown fox jumps over the lazy dog while The Dog sleeps and the fox "
    "runs far away from the river where a bird sings a song about Rust and Python"
)
WORDS = SENTENCE.split()
MANY_WORDS = WORDS * 50
TEXT = " ".join(MANY_WORDS)
DOCUMENTS = [" ".join(WORDS[i % 7 :] * 20) for i in range(200)]
NUMBERS = [(i * 7919) % 2001 - 1000 for i in range(100_000)]
READINGS = [float(i % 97) for i in range(10_000)]


def per_call(call):
    """Seconds per call of `call()`: the best of ROUNDS rounds."""
    timer = timeit.Timer(call)
    number = 1
    while timer.timeit(number) < MIN_ROUND_SECONDS:
        number *= 2
    return min(timer.repeat(repeat=ROUNDS, number=number)) / number


def human(seconds):
    for unit, scale in (("s", 1), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def compare(label, rust_call, python_call):
    """Print what the Rust call returns, check Python agrees, and time both."""
    result = rust_call()
    shown = repr(result)
    if len(shown) > 70:
        shown = shown[:67] + "..."
    print(f"{label} = {shown}")
    if python_call() != result:
        print("    !! the pure Python version returns something else")
    rust, python = per_call(rust_call), per_call(python_call)
    ratio = python / rust
    verdict = f"Rust is {ratio:.1f}x faster" if ratio >= 1 else f"Python is {1 / ratio:.1f}x faster"
    print(f"    Rust {human(rust):>9}   Python {human(python):>9}   {verdict}")


def show_error(label, call):
    try:
        call()
    except Exception as err:  # noqa: BLE001 (a demo: show whatever it raises)
        print(f"{label} raises {type(err).__name__}: {err}")
    else:
        print(f"{label} raised nothing!")


def heading(title):
    print()
    print(title)
    print("-" * len(title))


def functions():
    heading("1. Functions: Python values in, Python values out")
    compare("fibonacci(90)", lambda: rust_demo.fibonacci(90), lambda: pure_python.fibonacci(90))
    show_error("fibonacci(94)", lambda: rust_demo.fibonacci(94))
    compare(
        "sum_list(100_000 ints)",
        lambda: rust_demo.sum_list(NUMBERS),
        lambda: pure_python.sum_list(NUMBERS),
    )
    compare(
        "len(filter_positive(100_000 ints))",
        lambda: len(rust_demo.filter_positive(NUMBERS)),
        lambda: len(pure_python.filter_positive(NUMBERS)),
    )
    compare(
        f"word_frequencies({len(MANY_WORDS)} words)['the']",
        lambda: rust_demo.word_frequencies(MANY_WORDS)["the"],
        lambda: pure_python.word_frequencies(MANY_WORDS)["the"],
    )
    compare(
        f"count_unique_words({len(TEXT)} characters)",
        lambda: rust_demo.count_unique_words(TEXT),
        lambda: pure_python.count_unique_words(TEXT),
    )
    sentence = "A man, a plan, a canal: Panama"
    compare(
        f"is_palindrome({sentence!r})",
        lambda: rust_demo.is_palindrome(sentence),
        lambda: pure_python.is_palindrome(sentence),
    )
    print(f"is_palindrome('hello') = {rust_demo.is_palindrome('hello')}")


def errors():
    heading("2. Errors become exceptions")
    compare(
        "safe_divide(10, 3)",
        lambda: rust_demo.safe_divide(10, 3),
        lambda: pure_python.safe_divide(10, 3),
    )
    show_error("safe_divide(10, 0)", lambda: rust_demo.safe_divide(10, 0))
    compare(
        "safe_parse_int(' 42 ')",
        lambda: rust_demo.safe_parse_int(" 42 "),
        lambda: pure_python.safe_parse_int(" 42 "),
    )
    show_error("safe_parse_int('forty-two')", lambda: rust_demo.safe_parse_int("forty-two"))
    show_error("fibonacci(-1)", lambda: rust_demo.fibonacci(-1))
    show_error("sum_list('123')", lambda: rust_demo.sum_list("123"))


def feed(average_class):
    average = average_class(3)
    for reading in READINGS:
        average.add(reading)
    return average.average()


def fill(buffer_class):
    buffer = buffer_class(100)
    for reading in READINGS:
        buffer.push(reading)
    return buffer[-1]


def classes():
    heading("3. Classes")
    average = rust_demo.MovingAverage(3)
    print(f"created {average!r}")
    for value in (10.0, 20.0, 30.0, 40.0):
        print(f"add({value}) -> {average.add(value):.2f}, count {average.count()}")
    print(repr(average))
    compare(
        "MovingAverage(3), 10_000 calls to add()",
        lambda: feed(rust_demo.MovingAverage),
        lambda: feed(pure_python.MovingAverage),
    )
    buffer = rust_demo.RingBuffer(3)
    for value in (1.0, 2.0, 3.0, 4.0, 5.0):
        buffer.push(value)
    print(f"{buffer!r}: {buffer.to_list()}, newest {buffer[-1]}, full: {buffer.is_full()}")
    show_error("RingBuffer(3)[3]", lambda: buffer[3])
    compare(
        "RingBuffer(100), 10_000 calls to push()",
        lambda: fill(rust_demo.RingBuffer),
        lambda: fill(pure_python.RingBuffer),
    )


def run_worker(worker_class):
    worker = worker_class()
    for document in DOCUMENTS:
        worker.submit(document)
    return worker.finish()


def run_queue(queue_class):
    tasks = queue_class()
    for document in DOCUMENTS:
        tasks.push(document)
    return tasks.drain()


def patterns():
    heading("4. Patterns: a sidecar thread and a task queue")
    worker = rust_demo.BackgroundWorker()
    worker.submit("Rust and Python")
    worker.submit("python and rust and PyO3")
    print("submitted 2 texts; Python carries on while a Rust thread counts words")
    print(f"finish() -> {worker.finish()}")
    compare(
        f"BackgroundWorker over {len(DOCUMENTS)} documents, counts['fox']",
        lambda: run_worker(rust_demo.BackgroundWorker)["fox"],
        lambda: run_worker(pure_python.BackgroundWorker)["fox"],
    )
    tasks = rust_demo.TaskQueue()
    for text in ("a b a", "one two three", ""):
        tasks.push(text)
    print(f"TaskQueue with {len(tasks)} tasks: drain() -> {tasks.drain()}, then {len(tasks)} left")
    compare(
        f"TaskQueue: push {len(DOCUMENTS)} documents, drain(), sum of results",
        lambda: sum(run_queue(rust_demo.TaskQueue)),
        lambda: sum(run_queue(pure_python.TaskQueue)),
    )


def main():
    python = f"{platform.python_implementation()} {platform.python_version()}"
    print(f"rust_demo against pure Python, {python}, on {platform.machine()}")
    functions()
    errors()
    classes()
    patterns()


if __name__ == "__main__":
    main()
