"""Draw a benchmark's results (JSON) as an SVG picture for the book.

    python benches/draw.py benches/results/sieve.json    # writes chapters/figures/sieve.svg
    python benches/draw.py benches/results/*.json        # every results file

The JSON is what the harnesses write with --json (compare.py, json_compare.py):
{"benchmark", "title", "size_label", "unit": "seconds", "machine", "python", "command",
 "results": [{"contender", "case", "size", "seconds"}, ...]}. Each case becomes a panel;
each size, a group of horizontal bars, one per contender, scaled to the group's slowest
(on a log scale when the times differ by more than LOG_SCALE_ABOVE), labelled with the
time and its ratio to the baseline's time (the learner's, else the reference).

The picture records the sha256 of the JSON it was drawn from, so that the book's
checker (book/check_book.py) can tell a stale picture from a fresh one: git does not
keep file times. Standard library only; the same JSON always gives the same SVG.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
import textwrap
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Under the book's source folder, so that mdbook copies the pictures into the book.
FIGURES = ROOT / "chapters" / "figures"

# Wider ranges than this are drawn on a log scale, or the fast bars would vanish.
LOG_SCALE_ABOVE = 30
# Okabe and Ito's palette: told apart with every kind of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#999999", "#F0E442"]
BASELINE_COLOUR = "#B7410E"  # rust

FONT = 13  # px
CHAR = FONT * 0.6  # an upper bound on a sans-serif character's width, for the layout
BAR = 16
GAP = 4
BAR_AREA = 320
PAD = 16


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def data_comment(source: str, sha256: str) -> str:
    """The line that ties a picture to its data; book/check_book.py reads it back."""
    return f"<!-- data: {source} sha256 {sha256} -->"


def describe(seconds: float) -> str:
    """3 significant digits in the unit that suits: 29.8 ms, 5.28 ms, 412 µs."""
    for unit, scale in (("s", 1), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def size_text(size: int) -> str:
    exponent = round(math.log10(size)) if size > 0 else 0
    if size >= 1000 and 10**exponent == size:
        return "10" + str(exponent).translate(SUPERSCRIPT)
    return f"{size:,}"


def baseline(contenders: list[str]) -> str | None:
    """Whose time the ratios are taken against: the learner's, else the reference's."""
    yours = [name for name in contenders if name.lower().startswith("your ")]
    references = [name for name in contenders if "reference" in name.lower()]
    return (yours + references + [None])[0]


def bar_length(seconds: float, slowest: float, fastest: float, log: bool) -> float:
    """The bar's share of the full width: linear, or on a log scale whose zero lies a
    factor of 2 below the fastest time (so that the fastest bar is still visible)."""
    if not log:
        return seconds / slowest
    floor = fastest / 2
    return math.log(seconds / floor) / math.log(slowest / floor)


def draw(data: dict, source: str, sha256: str) -> str:
    results = data["results"]
    cases = list(dict.fromkeys(result["case"] for result in results))
    contenders = list(dict.fromkeys(result["contender"] for result in results))
    colours = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(contenders)}
    label_width = max(len(name) for name in contenders) * CHAR + PAD
    value_width = len("999 ms (99.9×)") * CHAR
    width = int(PAD + label_width + BAR_AREA + GAP * 2 + value_width + PAD)

    body: list[str] = []
    y = PAD + FONT
    body.append(text(PAD, y, data["title"], weight="bold", size=FONT + 3))
    y += FONT + 6
    # The machine's description is long: wrapped to the picture's width.
    for line in textwrap.wrap(data["machine"], int((width - 2 * PAD) / ((FONT - 3) * 0.6))):
        body.append(text(PAD, y, line, size=FONT - 3, colour="#555"))
        y += FONT - 1
    for case in cases:
        in_case = [result for result in results if result["case"] == case]
        names = list(dict.fromkeys(result["contender"] for result in in_case))
        against = baseline(names)
        y += FONT * 2 + 4
        body.append(text(PAD, y, case, weight="bold", size=FONT + 1))
        if against:
            y += FONT + 4
            body.append(
                text(PAD, y, f"(in brackets: the time ÷ the time of {against})", size=FONT - 2)
            )
        for size in sorted({result["size"] for result in in_case}):
            group = [result for result in in_case if result["size"] == size]
            times = {result["contender"]: result["seconds"] for result in group}
            slowest, fastest = max(times.values()), min(times.values())
            log = slowest / fastest > LOG_SCALE_ABOVE
            scale = ", log scale" if log else ""
            y += FONT + 10
            body.append(
                text(PAD, y, f"{data['size_label']} = {size_text(size)}{scale}", weight="bold")
            )
            for name in names:
                if name not in times:
                    continue
                seconds = times[name]
                y += GAP
                top = y
                y += BAR
                middle = top + BAR / 2 + FONT * 0.35
                body.append(text(PAD + label_width - PAD / 2, middle, name, anchor="end"))
                length = max(1.0, BAR_AREA * bar_length(seconds, slowest, fastest, log))
                colour = BASELINE_COLOUR if name == against else colours[name]
                x = PAD + label_width
                body.append(
                    f'<rect x="{x:.1f}" y="{top}" width="{length:.1f}" height="{BAR}" '
                    f'fill="{colour}"/>'
                )
                value = describe(seconds)
                if against in times:
                    value += f" ({seconds / times[against]:.3g}×)"
                body.append(text(x + length + GAP * 2, middle, value))
    y += PAD * 2
    body.append(text(PAD, y, f"$ {data['command']}", size=FONT - 3, colour="#555", mono=True))
    height = int(y + PAD)

    return "\n".join(
        [
            (
                f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
                f'viewBox="0 0 {width} {height}" role="img" '
                f'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" '
                f'font-size="{FONT}">'
            ),
            data_comment(source, sha256),
            f"<!-- redraw: python benches/draw.py {source} -->",
            f"<title>{escape(data['title'])}</title>",
            # Its own light background: the picture reads the same in every book theme.
            f'<rect width="{width}" height="{height}" rx="8" fill="#fcfcfc" stroke="#ccc"/>',
            *body,
            "</svg>",
            "",
        ]
    )


def text(x, y, content, *, size=FONT, weight=None, anchor=None, colour="#1a1a1a", mono=False):
    attributes = [f'x="{x:.1f}"', f'y="{y:.1f}"', f'fill="{colour}"']
    if size != FONT:
        attributes.append(f'font-size="{size}"')
    if weight:
        attributes.append(f'font-weight="{weight}"')
    if anchor:
        attributes.append(f'text-anchor="{anchor}"')
    if mono:
        attributes.append('font-family="ui-monospace, Menlo, Consolas, monospace"')
    return f"<text {' '.join(attributes)}>{escape(str(content))}</text>"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", type=Path, nargs="+", help="results JSON files")
    parser.add_argument(
        "--out", type=Path, default=FIGURES, help="folder for the pictures (chapters/figures)"
    )
    args = parser.parse_args()
    for path in args.results:
        # Named from the repository's root, as the checker looks for it.
        resolved = path.resolve()
        source = resolved.relative_to(ROOT) if resolved.is_relative_to(ROOT) else path
        try:
            raw = path.read_bytes()
            picture = draw(json.loads(raw), source.as_posix(), digest(raw))
        except (OSError, ValueError, KeyError, TypeError, ZeroDivisionError) as error:
            print(f"draw.py: {path}: not a results file ({error!r})", file=sys.stderr)
            return 1
        out = args.out / f"{path.stem}.svg"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(picture, encoding="utf-8")
        print(f"{path} -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
