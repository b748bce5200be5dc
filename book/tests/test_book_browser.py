"""The book in a real browser: every page renders, the sidebar and search work.

Builds the book with mdBook, serves it on localhost and drives headless Chromium
through the DevTools protocol (see cdp.py). Screenshots go to target/book-screenshots/.

Without Chromium or mdBook the tests are skipped with a message; with
CI=1 or WORKSHOP_REQUIRE_BROWSER=1 in the environment they fail instead, so CI cannot
skip them. $CHROMIUM picks the browser.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from cdp import Browser, CdpError, Page

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "book"))
from check_book import find_mdbook

# The first test of this module also pays for building the book and starting Chromium
# (twice, if its first start stalls): more than the suite-wide 30 s of pyproject.toml.
pytestmark = pytest.mark.timeout(150)

BOOK_TITLE = "Rust for Pythonistas"
SCREENSHOTS = ROOT / "target" / "book-screenshots"
SEARCH_TERM = "GIL"


def browser_required() -> bool:
    """`.ci/run` sets one of these: there, a skipped browser test is a failure."""
    return "1" in (os.environ.get("CI"), os.environ.get("WORKSHOP_REQUIRE_BROWSER"))


def unavailable(message: str) -> None:
    if browser_required():
        pytest.fail(f"{message} (CI=1 or WORKSHOP_REQUIRE_BROWSER=1: the browser test must run)")
    pytest.skip(message)


MACOS_BROWSERS = (
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
)


def find_chromium() -> str | None:
    """$CHROMIUM, else Chromium or Chrome on PATH (Debian: /usr/bin/chromium), else macOS's."""
    chosen = os.environ.get("CHROMIUM")
    if chosen:
        return chosen
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return next((path for path in MACOS_BROWSERS if Path(path).is_file()), None)


def summary_pages() -> list[tuple[str, str]]:
    """(title, page.html) for every entry of SUMMARY.md, in order."""
    text = (ROOT / "chapters" / "SUMMARY.md").read_text(encoding="utf-8")
    pages = []
    for title, target in re.findall(r"\[([^\]]+)\]\(([^)]+\.md)\)", text):
        page = target.removesuffix(".md") + ".html"
        if page not in (known for _, known in pages):
            pages.append((title, page))
    return pages


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    """The book, freshly built into a temporary folder and served on localhost."""
    mdbook = find_mdbook()
    if mdbook is None:
        unavailable("mdbook is not installed: cargo install mdbook --version 0.5.4 --locked")
    out = tmp_path_factory.mktemp("book")
    result = subprocess.run(
        [mdbook, "build", str(ROOT / "book"), "--dest-dir", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"mdbook build failed:\n{result.stdout}{result.stderr}"
    handler = functools.partial(QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def page(site: str):
    chromium = find_chromium()
    if chromium is None:
        unavailable("Chromium is not installed (Debian: apt-get install chromium)")
    browser, first_page = open_first_page(chromium)
    try:
        yield first_page
    finally:
        browser.close()


def open_first_page(chromium: str) -> tuple[Browser, Page]:
    """A fresh Chromium and its first tab. Chromium's first start on a fresh machine can
    stall before it opens a tab (seen once in six clean runs): that start is given one
    more try; what the tests then check is not."""
    browser = start_chromium(chromium)
    try:
        return browser, browser.new_page()
    except CdpError:
        browser.close()
    browser = start_chromium(chromium)
    return browser, browser.new_page()


def start_chromium(chromium: str) -> Browser:
    try:
        return Browser(chromium)
    except OSError as err:
        unavailable(f"Chromium did not start: {err}")
        raise


def test_every_page_renders_with_its_title_and_no_console_errors(site: str, page: Page):
    problems = []
    for title, html in summary_pages():
        page.navigate(site + html)
        expected = f"{title} - {BOOK_TITLE}"
        found = page.evaluate("document.title")
        if found != expected:
            problems.append(f"{html}: title {found!r}, expected {expected!r}")
        heading = page.evaluate("document.querySelector('main h1')?.textContent ?? ''")
        # mdBook's smart punctuation curls the apostrophes of the heading.
        if heading.strip().replace("\u2019", "'") != title:
            problems.append(f"{html}: first heading {heading!r}, expected {title!r}")
        text = page.evaluate("document.querySelector('main')?.innerText ?? ''")
        if len(text) < 1000:
            problems.append(f"{html}: only {len(text)} characters of text")
        if "{{#" in text:
            problems.append(f"{html}: an unresolved mdBook directive is visible")
        problems.extend(f"{html}: {error}" for error in page.console_errors())
    assert not problems, "\n".join(problems)


def test_sidebar_lists_every_chapter(site: str, page: Page):
    page.navigate(site + "index.html")
    links = page.wait_until(
        "Array.from(document.querySelectorAll('#mdbook-sidebar a'))"
        ".map(a => [a.textContent.replace(/^\\s*[\\d.]+\\s*/, '').trim(), a.getAttribute('href')])",
        "the sidebar to be filled in",
    )
    listed = {(title, href.split("#")[0]) for title, href in links}
    missing = [(title, html) for title, html in summary_pages() if (title, html) not in listed]
    assert not missing, f"the sidebar does not list: {missing}"
    assert not page.console_errors()


def test_search_finds_the_gil(site: str, page: Page):
    page.navigate(site + "01_welcome.html")
    # Open search the way a reader does, with the `s` key, then type the term.
    page.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": "s", "code": "KeyS"})
    page.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": "s", "code": "KeyS"})
    page.wait_until(
        "document.activeElement?.id === 'mdbook-searchbar'"
        " && !document.getElementById('mdbook-searchbar-outer').classList.contains('searching')",
        "the search box to open and its index to load",
    )
    for letter in SEARCH_TERM:
        page.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": letter, "text": letter})
        page.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": letter})
    try:
        results = page.wait_until(
            "Array.from(document.querySelectorAll('#mdbook-searchresults li a'))"
            ".map(a => a.getAttribute('href'))",
            f"search results for {SEARCH_TERM!r}",
        )
    finally:
        page.screenshot(SCREENSHOTS / "search.png")
    pages = {re.split(r"[#?]", href)[0] for href in results}
    assert "09_performance.html" in pages, f"search for {SEARCH_TERM!r} found only {pages}"
    assert not page.console_errors()


def test_screenshot_of_the_first_page(site: str, page: Page):
    page.navigate(site + "01_welcome.html")
    page.screenshot(SCREENSHOTS / "welcome.png")
    assert (SCREENSHOTS / "welcome.png").stat().st_size > 10_000


def test_a_missing_page_is_reported_not_hidden(site: str, page: Page):
    """The checks above would pass vacuously if navigation errors went unnoticed."""
    page.navigate(site + "no_such_page.html")
    assert page.evaluate("document.title") != f"Welcome - {BOOK_TITLE}"
    with pytest.raises(CdpError):
        page.evaluate("(() => { throw new Error('boom') })()")


# --- Which browser: each system's way, tested on any system ---------------------------


def stub_program(folder: Path, name: str) -> Path:
    """An executable file `name` that shutil.which finds (Windows: `name.exe`)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (f"{name}.exe" if os.name == "nt" else name)
    path.write_text("")
    path.chmod(0o755)
    return path


def test_find_chromium_takes_the_chromium_variable_first(tmp_path, monkeypatch):
    stub_program(tmp_path / "bin", "chromium")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("CHROMIUM", "/opt/chosen/chrome")
    assert find_chromium() == "/opt/chosen/chrome"


def test_find_chromium_takes_the_first_name_on_path(tmp_path, monkeypatch):
    # Debian's `chromium` before Ubuntu's `chromium-browser` before Chrome's names.
    monkeypatch.delenv("CHROMIUM", raising=False)
    chrome = stub_program(tmp_path / "bin", "google-chrome")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert Path(find_chromium()) == chrome
    chromium = stub_program(tmp_path / "bin", "chromium-browser")
    assert Path(find_chromium()) == chromium


def test_find_chromium_falls_back_to_the_macos_applications(tmp_path, monkeypatch):
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    app = tmp_path / "Applications" / "Google Chrome.app" / "Contents" / "MacOS" / "Google Chrome"
    missing = tmp_path / "Applications" / "Chromium.app" / "Contents" / "MacOS" / "Chromium"
    monkeypatch.setattr(sys.modules[__name__], "MACOS_BROWSERS", (str(missing), str(app)))
    assert find_chromium() is None, "neither app is there yet"
    app.parent.mkdir(parents=True)
    app.write_text("")
    assert find_chromium() == str(app)
