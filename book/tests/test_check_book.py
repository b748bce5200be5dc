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
