"""The book checker catches what it promises to catch."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import check_book


def test_anchored_region_is_what_mdbook_includes(tmp_path: Path):
    source = tmp_path / "lib.rs"
    source.write_text(
        "// ANCHOR: outer\nfn a() {}\n// ANCHOR: inner\nfn b() {}\n"
        "// ANCHOR_END: inner\n// ANCHOR_END: outer\n"
    )
    assert check_book.included_lines(source, "outer") == ["fn a() {}", "fn b() {}"]
    assert check_book.included_lines(source, "inner") == ["fn b() {}"]
    assert check_book.included_lines(source, "2:3") == ["fn a() {}", "// ANCHOR: inner"]


def test_missing_files_anchors_and_ranges_are_reported(tmp_path: Path):
    source = tmp_path / "lib.rs"
    source.write_text("// ANCHOR: open\nfn a() {}\n")
    assert "missing file" in check_book.included_lines(tmp_path / "nope.rs", None)
    assert "not found" in check_book.included_lines(source, "absent")
    assert "no ANCHOR_END" in check_book.included_lines(source, "open")
    assert "outside" in check_book.included_lines(source, "1:9")


def test_hidden_rust_lines_do_not_count(tmp_path: Path):
    chapter = tmp_path / "01_x.md"
    chapter.write_text("```rust\n# use std::fmt;\n#\nfn a() {}\n```\n")
    (block,) = check_book.code_blocks(chapter)
    assert block.language == "rust"
    assert check_book.visible_lines(block) == ["fn a() {}"]


def test_a_long_untested_python_block_fails():
    block = check_book.Block("01_x.md", 3, "python", [], ["a = 1"] * 5, rendered_lines=5)
    report = check_book.Report()
    check_book.check_code_blocks([block], report)
    assert any("not an include" in problem for problem in report.problems)
    assert any("only 0%" in problem for problem in report.problems)


def test_the_book_as_committed_has_a_schedule_that_adds_up():
    report = check_book.Report()
    check_book.check_schedule(report)
    assert report.problems == []
    assert any(f"{check_book.MEETUP_MINUTES} minutes" in note for note in report.notes)


def spoiler_problems(tmp_path: Path, chapter_text: str) -> list[str]:
    """Check one chapter against a tiny repository: a solution and its starter."""
    for folder, body in (("solutions", "fn answer() -> u8 { 42 }"), ("exercises", "todo!()")):
        source = tmp_path / folder / "05_x" / "lib.rs"
        source.parent.mkdir(parents=True)
        given = "// ANCHOR: given\nfn given() {}\n// ANCHOR_END: given\n"
        source.write_text(f"// ANCHOR: answer\n{body}\n// ANCHOR_END: answer\n{given}")
    chapter = tmp_path / "chapters" / "05_x.md"
    chapter.parent.mkdir()
    chapter.write_text(chapter_text)
    report = check_book.Report()
    check_book.check_no_spoilers(chapter, report, tmp_path / "solutions", tmp_path / "exercises")
    return report.problems


ANSWER = "```rust\n{{#include ../solutions/05_x/lib.rs:answer}}\n```\n"
FOLD = f"<details>\n<summary>Solution</summary>\n\n{ANSWER}\n</details>\n"


def test_a_solution_in_a_fold_after_the_exercise_passes(tmp_path: Path):
    assert spoiler_problems(tmp_path, f"# X\n\n## Exercise 5: x\n\nDo it.\n\n{FOLD}") == []


def test_a_solution_outside_a_fold_fails_with_file_and_line(tmp_path: Path):
    (problem,) = spoiler_problems(tmp_path, f"# X\n\n{ANSWER}\n## Exercise 5: x\n")
    assert problem.startswith("05_x.md:4: ")
    assert "outside a <details><summary>Solution</summary> fold" in problem


def test_a_solution_fold_before_the_exercise_fails(tmp_path: Path):
    (problem,) = spoiler_problems(tmp_path, f"# X\n\n{FOLD}\n## Exercise 5: x\n")
    assert problem.startswith("05_x.md:7: ")
    assert "before the chapter's '## Exercise' heading" in problem


def test_speaker_notes_are_not_a_solution_fold(tmp_path: Path):
    notes = f'<details class="speaker-notes">\n<summary>Speaker notes</summary>\n\n{ANSWER}\n</details>\n'
    (problem,) = spoiler_problems(tmp_path, f"# X\n\n## Exercise 5: x\n\n{notes}")
    assert "outside a <details><summary>Solution</summary> fold" in problem


def test_the_starters_given_code_is_included_from_the_starter(tmp_path: Path):
    given = "```rust\n{{#include ../solutions/05_x/lib.rs:given}}\n```\n"
    (problem,) = spoiler_problems(tmp_path, f"# X\n\n{given}\n## Exercise 5: x\n")
    assert "include it from exercises/05_x/lib.rs" in problem
    from_starter = given.replace("solutions/", "exercises/")
    assert spoiler_problems(tmp_path / "again", f"# X\n\n{from_starter}\n## Exercise 5: x\n") == []


def picture_problems(tmp_path: Path, results: bytes | None, drawn_from: bytes) -> list[str]:
    """A chapter showing a picture drawn by benches/draw.py from results/x.json."""
    import hashlib

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benches"))
    import draw

    data = {
        "benchmark": "x", "title": "X", "size_label": "n", "unit": "seconds",
        "machine": "test", "python": "3.11.7", "command": "python x.py",
        "results": [{"contender": "Rust reference", "case": "c", "size": 10, "seconds": 0.5}],
    }  # fmt: skip
    svg = draw.draw(data, "benches/results/x.json", hashlib.sha256(drawn_from).hexdigest())
    (tmp_path / "chapters" / "figures").mkdir(parents=True)
    (tmp_path / "chapters" / "figures" / "x.svg").write_text(svg)
    if results is not None:
        (tmp_path / "benches" / "results").mkdir(parents=True)
        (tmp_path / "benches" / "results" / "x.json").write_bytes(results)
    chapter = tmp_path / "chapters" / "09_x.md"
    report = check_book.Report()
    check_book.check_picture(chapter, 7, "figures/x.svg", report, root=tmp_path)
    return report.problems


def test_a_picture_drawn_from_its_current_results_passes(tmp_path: Path):
    assert picture_problems(tmp_path, b'{"a": 1}', drawn_from=b'{"a": 1}') == []


def test_a_stale_picture_fails_and_says_how_to_redraw(tmp_path: Path):
    (problem,) = picture_problems(tmp_path, b'{"a": 2}', drawn_from=b'{"a": 1}')
    assert problem.startswith("09_x.md:7: picture figures/x.svg is stale")
    assert "python benches/draw.py benches/results/x.json" in problem


def test_a_picture_whose_results_are_missing_fails(tmp_path: Path):
    (problem,) = picture_problems(tmp_path, None, drawn_from=b'{"a": 1}')
    assert "drawn from benches/results/x.json, which is missing" in problem


def test_a_missing_picture_fails_once(tmp_path: Path):
    chapter = tmp_path / "chapters" / "09_x.md"
    chapter.parent.mkdir()
    chapter.write_text("# X\n\n![the times](figures/nope.svg)\n")
    report = check_book.Report()
    check_book.check_chapter(chapter, report)
    assert [p for p in report.problems if "nope.svg" in p] == [
        "09_x.md:3: picture figures/nope.svg is missing"
    ]
