"""Check the workshop's book: includes, code blocks, links, schedule, and a clean mdBook build.

Run from anywhere:  python3 book/check_book.py            (static checks only)
                    python3 book/check_book.py --build    (also `mdbook build`, no warnings allowed)

Exit status 0 only when every check holds; each problem is printed on its own line.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"
BOOK = ROOT / "book"

# The meetup's length in minutes: the facilitator's schedule must add up to it.
MEETUP_MINUTES = 180
# A code block longer than this many lines must be an include of a tested file
# (or, for Rust, compile as a doctest of book/doctests).
SHORT_BLOCK_LINES = 3
# At least this share of the long code blocks must be includes of tested files.
MIN_INCLUDE_RATIO = 0.80
# Languages whose blocks are code (shell sessions and program output are not).
CODE_LANGUAGES = {"rust", "python", "py", "pycon", "toml"}
# Inline blocks in these languages are tested where they stand: Rust blocks compile as
# doctests of book/doctests (its build.rs), pycon sessions run in book/tests.
TESTED_INLINE = {"rust": "book/doctests", "pycon": "book/tests/test_chapter_sessions.py"}
# Chapters that teach, as opposed to the appendices and the summary.
NUMBERED_CHAPTER = re.compile(r"^\d\d_\w+\.md$")
PLACEHOLDERS = re.compile(r"\b(TBD|FIXME|XXX)\b|lorem ipsum|coming soon", re.IGNORECASE)

INCLUDE = re.compile(r"\{\{#(include|rustdoc_include)\s+([^}\s]+)\s*\}\}")
FENCE = re.compile(r"^(\s*)(```+|~~~+)(.*)$")
LINK = re.compile(r"\]\(([^)\s]+)\)")
# A picture: a markdown image or an <img> tag.
PICTURE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)|<img\b[^>]*\bsrc=\"([^\"]+)\"")
# What benches/draw.py writes into every picture it draws from a results file.
DRAWN_FROM = re.compile(r"<!-- data: (\S+) sha256 ([0-9a-f]{64}) -->")
ANCHOR_LINE = re.compile(r"ANCHOR(_END)?:\s*[\w-]+")
# Every way mdBook pulls a file into a page: a reference solution must not arrive by any.
ANY_INCLUDE = re.compile(r"\{\{#(?:include|rustdoc_include|playground)\s+([^}\s]+)[^}]*\}\}")
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"
EXERCISE_HEADING = re.compile(r"^## Exercise\b")
DETAILS_OPEN = re.compile(r"<details\b")
DETAILS_CLOSE = re.compile(r"</details>")
SOLUTION_SUMMARY = re.compile(r"<summary>\s*Solution\s*</summary>")


@dataclass
class Block:
    chapter: str
    line: int
    language: str
    attributes: list[str]
    body: list[str]
    includes: list[str] = field(default_factory=list)
    rendered_lines: int = 0


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def fail(self, message: str) -> None:
        self.problems.append(message)


def chapter_files() -> list[Path]:
    return sorted(CHAPTERS.glob("*.md"))


def resolve_include(source: Path, target: str) -> tuple[Path, str | None]:
    """Split `path:anchor` or `path:start:end` into the file and the selector."""
    path, _, selector = target.partition(":")
    return (source.parent / path).resolve(), selector or None


def included_lines(path: Path, selector: str | None) -> list[str] | str:
    """The lines an include renders, or a message saying why it cannot."""
    if not path.is_file():
        return f"missing file {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}"
    lines = path.read_text(encoding="utf-8").splitlines()
    if selector is None:
        return [line for line in lines if not ANCHOR_LINE.search(line)]
    parts = selector.split(":")
    if all(part == "" or part.isdigit() for part in parts):
        start = int(parts[0]) if parts[0] else 1
        end = int(parts[1]) if len(parts) > 1 and parts[1] else len(lines)
        if len(parts) == 1:
            end = start
        if start < 1 or end > len(lines) or start > end:
            return f"line range {selector} is outside {path.name} ({len(lines)} lines)"
        return lines[start - 1 : end]
    anchor = selector
    begin = re.compile(rf"ANCHOR:\s*{re.escape(anchor)}\b")
    finish = re.compile(rf"ANCHOR_END:\s*{re.escape(anchor)}\b")
    # As mdBook does: from the first ANCHOR line to the first ANCHOR_END after it.
    start = next((i for i, line in enumerate(lines) if begin.search(line)), None)
    if start is None:
        return f"anchor '{anchor}' not found in {path.name}"
    end = next((i for i in range(start + 1, len(lines)) if finish.search(lines[i])), None)
    if end is None:
        return f"anchor '{anchor}' in {path.name} has no ANCHOR_END after it"
    region = lines[start + 1 : end]
    return [line for line in region if not ANCHOR_LINE.search(line)]


def check_no_spoilers(
    path: Path, report: Report, solutions: Path = SOLUTIONS, exercises: Path = EXERCISES
) -> None:
    """A reference solution appears only in a `<details><summary>Solution</summary>` fold
    placed after the chapter's `## Exercise` heading, so nobody reads the answer first.

    Code that the starter carries word for word is not a spoiler: include it from the
    starter under exercises/ instead, and the rule never needs an exception.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    exercise_line = next(
        (n for n, line in enumerate(lines, 1) if EXERCISE_HEADING.match(line)), None
    )
    # One entry per open <details>: True when it is a Solution fold.
    folds: list[bool] = []
    for number, line in enumerate(lines, 1):
        if DETAILS_OPEN.search(line):
            folds.append(bool(SOLUTION_SUMMARY.search(line)))
        elif SOLUTION_SUMMARY.search(line) and folds:
            folds[-1] = True
        for target in ANY_INCLUDE.findall(line):
            file, selector = resolve_include(path, target)
            if not file.is_relative_to(solutions.resolve()):
                continue
            where = f"{path.name}:{number}: {{{{#include {target}}}}}"
            starter = exercises.resolve() / file.relative_to(solutions.resolve())
            if starter.is_file() and included_lines(starter, selector) == included_lines(
                file, selector
            ):
                report.fail(
                    f"{where}: this region is the starter's given code, word for word;"
                    f" include it from exercises/{starter.relative_to(exercises.resolve())}"
                )
            elif not (folds and folds[-1]):
                report.fail(
                    f"{where}: a reference solution outside a"
                    " <details><summary>Solution</summary> fold (a spoiler)"
                )
            elif exercise_line is None:
                report.fail(f"{where}: a Solution fold in a chapter with no '## Exercise' heading")
            elif number < exercise_line:
                report.fail(
                    f"{where}: a Solution fold before the chapter's '## Exercise' heading"
                    " (a spoiler); move it after the exercise"
                )
        if DETAILS_CLOSE.search(line) and folds:
            folds.pop()


def check_picture(chapter: Path, number: int, target: str, report: Report, root: Path = ROOT):
    """A picture must exist; one drawn from benchmark results (benches/draw.py) must
    also have its results file, unchanged since it was drawn. Git does not keep file
    times, so the picture carries the sha256 of the JSON it was drawn from."""
    where = f"{chapter.name}:{number}: picture {target}"
    picture = (chapter.parent / target).resolve()
    if not picture.is_file():
        report.fail(f"{where} is missing")
        return
    if picture.suffix != ".svg":
        return
    drawn = DRAWN_FROM.search(picture.read_text(encoding="utf-8"))
    if drawn is None:
        return  # drawn by hand, from no data
    source, recorded = drawn.groups()
    redraw = f"redraw it: python benches/draw.py {source}"
    data = root / source
    if not data.is_file():
        report.fail(
            f"{where} was drawn from {source}, which is missing; rerun the benchmark and {redraw}"
        )
    elif hashlib.sha256(data.read_bytes()).hexdigest() != recorded:
        report.fail(f"{where} is stale: {source} has changed since it was drawn; {redraw}")


def code_blocks(path: Path) -> list[Block]:
    blocks: list[Block] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        fence, info = match.group(2), match.group(3).strip()
        end = i + 1
        while end < len(lines) and not lines[end].strip().startswith(fence):
            end += 1
        words = [word.strip() for word in info.split(",") if word.strip()]
        language = words[0] if words else ""
        blocks.append(Block(path.name, i + 1, language, words[1:], lines[i + 1 : end]))
        i = end + 1
    return blocks


def visible_lines(block: Block) -> list[str]:
    """Lines a reader sees: Rust's `# ` lines are hidden by mdBook and rustdoc."""
    if block.language != "rust":
        return block.body
    return [
        line for line in block.body if not (line.strip() == "#" or line.lstrip().startswith("# "))
    ]


def check_summary(report: Report) -> list[str]:
    summary = CHAPTERS / "SUMMARY.md"
    if not summary.is_file():
        report.fail("chapters/SUMMARY.md is missing")
        return []
    listed = [link.split("#")[0] for link in LINK.findall(summary.read_text(encoding="utf-8"))]
    for name in listed:
        if not (CHAPTERS / name).is_file():
            report.fail(f"SUMMARY.md lists {name}, which does not exist")
    on_disk = {path.name for path in chapter_files()} - {"SUMMARY.md"}
    for name in sorted(on_disk - set(listed)):
        report.fail(f"chapters/{name} is not listed in SUMMARY.md")
    if len(listed) != len(set(listed)):
        report.fail("SUMMARY.md lists a chapter twice")
    return listed


def check_chapter(path: Path, report: Report) -> list[Block]:
    text = path.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        if PLACEHOLDERS.search(line):
            report.fail(f"{path.name}:{number}: placeholder text: {line.strip()}")
        for _, target in INCLUDE.findall(line):
            file, selector = resolve_include(path, target)
            result = included_lines(file, selector)
            if isinstance(result, str):
                report.fail(f"{path.name}:{number}: {{{{#include {target}}}}}: {result}")
        pictures = [first or second for first, second in PICTURE.findall(line)]
        for target in pictures:
            if "://" not in target:
                check_picture(path, number, target, report)
        for target in LINK.findall(line):
            if "://" in target or target.startswith(("#", "mailto:")) or target in pictures:
                continue
            linked = (path.parent / target.split("#")[0]).resolve()
            if not linked.exists():
                report.fail(f"{path.name}:{number}: link to {target}, which does not exist")
    check_no_spoilers(path, report)
    if NUMBERED_CHAPTER.match(path.name):
        for needed, what in (
            ('class="speaker-notes"', 'speaker notes (<details class="speaker-notes">)'),
            ("\n## What you will learn here\n", "a '## What you will learn here' section"),
            ("\n## Recap\n", "a '## Recap' section"),
        ):
            if needed not in text:
                report.fail(f"{path.name}: no {what}")

    blocks = code_blocks(path)
    for block in blocks:
        targets = [target for line in block.body for _, target in INCLUDE.findall(line)]
        others = [line for line in block.body if line.strip() and not INCLUDE.search(line)]
        if targets and not others:
            block.includes = targets
            rendered = 0
            for target in targets:
                result = included_lines(*resolve_include(path, target))
                rendered += len(result) if isinstance(result, list) else 0
            block.rendered_lines = rendered
        else:
            block.rendered_lines = len(visible_lines(block))
            if targets:
                report.fail(f"{path.name}:{block.line}: mixes an include with inline code")
    return blocks


def check_code_blocks(blocks: list[Block], report: Report) -> None:
    long_code = [
        b for b in blocks if b.language in CODE_LANGUAGES and b.rendered_lines > SHORT_BLOCK_LINES
    ]
    included = [b for b in long_code if b.includes]
    inline = [b for b in long_code if not b.includes]
    for block in inline:
        where = f"{block.chapter}:{block.line}"
        if block.language not in TESTED_INLINE:
            report.fail(
                f"{where}: a {block.rendered_lines}-line {block.language} block is not an include;"
                " include it from a tested file"
            )
        elif "ignore" in block.attributes:
            report.fail(f"{where}: a long rust block marked ignore is never compiled")
    ratio = len(included) / len(long_code) if long_code else 1.0
    report.notes.append(
        f"code blocks longer than {SHORT_BLOCK_LINES} lines: {len(long_code)};"
        f" includes of tested files: {len(included)} ({ratio:.0%});"
        f" inline, tested where they stand: {len(inline)}"
    )
    all_code = [b for b in blocks if b.language in CODE_LANGUAGES]
    others = [b for b in blocks if b.language not in CODE_LANGUAGES]
    report.notes.append(
        f"all code blocks: {len(all_code)} ({sum(1 for b in all_code if b.includes)} includes);"
        f" shell and output blocks: {len(others)}"
    )
    if ratio < MIN_INCLUDE_RATIO:
        report.fail(
            f"only {ratio:.0%} of long code blocks are includes (need {MIN_INCLUDE_RATIO:.0%})"
        )


def check_exercise_chapters(report: Report) -> None:
    """The chapter that workshop.toml names for an exercise has a section for it."""
    # Read with a regex, not tomllib: the workshop supports Python 3.10, which has none.
    manifest = (ROOT / "workshop.toml").read_text(encoding="utf-8")
    for block in manifest.split("[[exercise]]")[1:]:
        # The exercise's own fields come before its `[[exercise.stage]]` tables.
        own = block.split("[[exercise.stage]]")[0]
        fields = dict(re.findall(r'^(name|chapter)\s*=\s*"([^"]+)"', own, re.MULTILINE))
        name, chapter = fields["name"], CHAPTERS / f"{fields['chapter']}.md"
        if not chapter.is_file():
            report.fail(f"workshop.toml: {name}'s chapter {chapter.name} does not exist")
            continue
        text = chapter.read_text(encoding="utf-8")
        number = name.split("_")[0]
        if not re.search(r"^## Exercise\b", text, re.MULTILINE):
            report.fail(f"{chapter.name}: no '## Exercise' section for {name}")
        if f"cargo workshop check {number}" not in text:
            report.fail(f"{chapter.name}: does not say how to grade {name} (cargo workshop check)")


def minutes(text: str) -> int:
    return int(text.strip().strip("*"))


def clock(text: str) -> int:
    hours, _, mins = text.strip().strip("*").partition(":")
    return int(hours) * 60 + int(mins)


def check_schedule(report: Report) -> None:
    guide = CHAPTERS / "appendix_facilitators.md"
    region = included_lines(guide, "schedule")
    if isinstance(region, str):
        report.fail(f"schedule: {region}")
        return
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in region
        if line.strip().startswith("|")
    ]
    header, body = rows[0], [row for row in rows[2:]]
    try:
        start_col, minutes_col = header.index("start"), header.index("minutes")
    except ValueError:
        report.fail("schedule: the table needs 'start' and 'minutes' columns")
        return
    total_rows = [row for row in body if "Total" in " ".join(row)]
    segments = [row for row in body if row not in total_rows]
    elapsed = 0
    for row in segments:
        if clock(row[start_col]) != elapsed:
            report.fail(
                f"schedule: '{row[1]}' starts at {row[start_col]}, expected minute {elapsed}"
            )
        elapsed += minutes(row[minutes_col])
    if len(total_rows) != 1:
        report.fail("schedule: needs exactly one Total row")
    elif minutes(total_rows[0][minutes_col]) != elapsed:
        report.fail(f"schedule: the segments add up to {elapsed}, the Total row says otherwise")
    if elapsed != MEETUP_MINUTES:
        report.fail(
            f"schedule: the segments add up to {elapsed} minutes, the meetup lasts {MEETUP_MINUTES}"
        )
    report.notes.append(f"schedule: {len(segments)} segments, {elapsed} minutes")


def find_mdbook() -> str | None:
    """The mdbook to use: $MDBOOK (set by `cargo workshop verify`), the workshop's
    own install in target/tools, then PATH and cargo's bin folder."""
    chosen = os.environ.get("MDBOOK")
    if chosen:
        return chosen
    executable = "mdbook.exe" if os.name == "nt" else "mdbook"
    local = ROOT / "target" / "tools" / "bin" / executable
    if local.is_file():
        return str(local)
    found = shutil.which("mdbook")
    if found:
        return found
    cargo_home = Path(os.environ.get("CARGO_HOME", Path.home() / ".cargo"))
    candidate = cargo_home / "bin" / executable
    return str(candidate) if candidate.is_file() else None


def check_build(report: Report) -> None:
    mdbook = find_mdbook()
    if mdbook is None:
        report.fail("mdbook is not installed: cargo install mdbook --version 0.5.4 --locked")
        return
    result = subprocess.run(
        [mdbook, "build", str(BOOK)], capture_output=True, text=True, check=False, cwd=ROOT
    )
    output = (result.stdout + result.stderr).splitlines()
    noisy = [line for line in output if re.search(r"\b(WARN|ERROR|warning|error)\b", line)]
    for line in noisy:
        report.fail(f"mdbook build: {line.strip()}")
    if result.returncode != 0:
        report.fail(f"mdbook build exited with status {result.returncode}")
    report.notes.append(f"mdbook build: exit {result.returncode}, {len(noisy)} warnings or errors")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="also run `mdbook build book`")
    args = parser.parse_args()

    report = Report()
    check_summary(report)
    blocks: list[Block] = []
    for path in chapter_files():
        blocks.extend(check_chapter(path, report))
    check_code_blocks(blocks, report)
    check_schedule(report)
    check_exercise_chapters(report)
    if args.build:
        check_build(report)

    for note in report.notes:
        print(f"book: {note}")
    for problem in report.problems:
        print(f"book: FAIL {problem}")
    if report.problems:
        print(f"book: {len(report.problems)} problem(s) found")
        return 1
    print("book: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
