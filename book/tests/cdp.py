"""A minimal Chrome DevTools Protocol client over `--remote-debugging-port=0`.

Chromium picks a free loopback port and writes it, with the browser's websocket path,
to `DevToolsActivePort` in its profile folder; this client reads that file and speaks
the websocket protocol itself (text frames only, the little CDP needs). It needs
nothing but the standard library and works alike on Linux, macOS and Windows: no
websocket package, no driver binary, no browser download, no inherited pipes.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import struct
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Flags for a headless Chromium on a machine with no network: without the
# background-networking ones Chromium keeps trying to reach Google's servers.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
    "--remote-debugging-port=0",
]


class CdpError(RuntimeError):
    """Chromium answered a command with an error, or did not answer in time."""


def read_devtools_port(profile: Path) -> tuple[int, str] | None:
    """The port and websocket path Chromium wrote to its profile, once it has."""
    try:
        port, path = (profile / "DevToolsActivePort").read_text().split()[:2]
    except (OSError, ValueError):
        return None
    return int(port), path


def websocket_frame(payload: bytes, opcode: int = 0x1) -> bytes:
    """One final, masked frame (a client must mask what it sends)."""
    header = bytes([0x80 | opcode])
    length = len(payload)
    if length < 126:
        header += bytes([0x80 | length])
    elif length < 1 << 16:
        header += bytes([0x80 | 126]) + struct.pack("!H", length)
    else:
        header += bytes([0x80 | 127]) + struct.pack("!Q", length)
    mask = os.urandom(4)
    return header + mask + bytes(byte ^ mask[i % 4] for i, byte in enumerate(payload))


class WebSocket:
    """A websocket client connection: a handshake, then whole messages each way."""

    def __init__(self, port: int, path: str, timeout: float) -> None:
        self._socket = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self._socket.sendall(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n".encode()
        )
        self._buffer = b""
        while b"\r\n\r\n" not in self._buffer:
            self._buffer += self._receive()
        response, self._buffer = self._buffer.split(b"\r\n\r\n", 1)
        if b" 101 " not in response.split(b"\r\n", 1)[0]:
            raise CdpError(f"Chromium refused the websocket: {response[:200]!r}")
        # Replies can take as long as the page; the reader thread waits for them.
        self._socket.settimeout(None)
        self._sending = threading.Lock()

    def _receive(self) -> bytes:
        chunk = self._socket.recv(65536)
        if not chunk:
            raise ConnectionError("Chromium closed the websocket")
        return chunk

    def _take(self, count: int) -> bytes:
        while len(self._buffer) < count:
            self._buffer += self._receive()
        taken, self._buffer = self._buffer[:count], self._buffer[count:]
        return taken

    def send(self, text: str) -> None:
        with self._sending:
            self._socket.sendall(websocket_frame(text.encode()))

    def receive(self) -> str:
        """The next whole text message (fragments joined; pings answered)."""
        message = b""
        while True:
            first, second = self._take(2)
            length = second & 0x7F
            if length == 126:
                (length,) = struct.unpack("!H", self._take(2))
            elif length == 127:
                (length,) = struct.unpack("!Q", self._take(8))
            payload = self._take(length)
            opcode = first & 0x0F
            if opcode == 0x8:
                raise ConnectionError("Chromium closed the websocket")
            if opcode == 0x9:
                self.send_control(0xA, payload)
                continue
            message += payload
            if first & 0x80:
                return message.decode()

    def send_control(self, opcode: int, payload: bytes = b"") -> None:
        with self._sending:
            self._socket.sendall(websocket_frame(payload, opcode))

    def close(self) -> None:
        try:
            self.send_control(0x8)
        except OSError:
            pass
        self._socket.close()


class Browser:
    """One headless Chromium with a fresh profile, driven through its DevTools port."""

    def __init__(self, executable: str, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="book-browser-")
        self.process = subprocess.Popen(
            [executable, *CHROMIUM_FLAGS, f"--user-data-dir={self._profile.name}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while (found := read_devtools_port(Path(self._profile.name))) is None:
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.process.kill()
                self.process.wait()
                raise CdpError(f"Chromium wrote no DevTools port in {timeout:.0f} s")
            time.sleep(0.05)
        self._websocket = WebSocket(*found, timeout=timeout)

        self._next_id = 0
        self._lock = threading.Condition()
        self._results: dict[int, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []
        self._reader = threading.Thread(target=self._read_messages, daemon=True)
        self._reader.start()

    def _read_messages(self) -> None:
        while True:
            try:
                message = json.loads(self._websocket.receive())
            except (ConnectionError, OSError):
                break
            with self._lock:
                if "id" in message:
                    self._results[message["id"]] = message
                else:
                    self.events.append(message)
                self._lock.notify_all()

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None):
        """Send one command and wait for its result."""
        with self._lock:
            self._next_id += 1
            command_id = self._next_id
        message: dict[str, Any] = {"id": command_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._websocket.send(json.dumps(message))
        with self._lock:
            if not self._lock.wait_for(lambda: command_id in self._results, self.timeout):
                raise CdpError(f"{method}: no answer from Chromium in {self.timeout:.0f} s")
            reply = self._results.pop(command_id)
        if "error" in reply:
            raise CdpError(f"{method}: {reply['error'].get('message', reply['error'])}")
        return reply.get("result", {})

    def wait_for_event(self, predicate: Callable[[dict[str, Any]], bool], what: str) -> dict:
        with self._lock:
            found: list[dict[str, Any]] = []

            def seen() -> bool:
                found.extend(event for event in self.events if predicate(event))
                return bool(found)

            if not self._lock.wait_for(seen, self.timeout):
                raise CdpError(f"waited {self.timeout:.0f} s for {what}")
            return found[0]

    def new_page(self) -> Page:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        attached = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})
        page = Page(self, attached["sessionId"])
        for domain in ("Page", "Runtime", "Log"):
            page.send(f"{domain}.enable")
        return page

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (CdpError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._websocket.close()
        self._profile.cleanup()


class Page:
    """One tab, attached through a flat session."""

    def __init__(self, browser: Browser, session: str) -> None:
        self.browser = browser
        self.session = session

    def send(self, method: str, params: dict[str, Any] | None = None):
        return self.browser.send(method, params, session=self.session)

    def events(self) -> list[dict[str, Any]]:
        with self.browser._lock:
            return [
                event for event in self.browser.events if event.get("sessionId") == self.session
            ]

    def clear_events(self) -> None:
        with self.browser._lock:
            self.browser.events = [
                event for event in self.browser.events if event.get("sessionId") != self.session
            ]

    def navigate(self, url: str) -> None:
        self.clear_events()
        result = self.send("Page.navigate", {"url": url})
        if result.get("errorText"):
            raise CdpError(f"could not open {url}: {result['errorText']}")
        self.browser.wait_for_event(
            lambda event: (
                event.get("sessionId") == self.session
                and event.get("method") == "Page.loadEventFired"
            ),
            f"{url} to load",
        )

    def evaluate(self, expression: str) -> Any:
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in result:
            raise CdpError(f"{expression!r} raised: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def wait_until(self, expression: str, what: str, timeout: float = 15.0) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.1)
        raise CdpError(f"waited {timeout:.0f} s for {what}")

    def console_errors(self) -> list[str]:
        """Errors the page reported: console.error, uncaught exceptions, failed loads."""
        errors = []
        for event in self.events():
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                text = " ".join(
                    str(arg.get("value", arg.get("description", "")))
                    for arg in params.get("args", [])
                )
                errors.append(f"console.{params['type']}: {text}")
            elif method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                description = details.get("exception", {}).get("description") or details.get("text")
                errors.append(f"uncaught exception: {description}")
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                entry = params["entry"]
                errors.append(
                    f"{entry.get('source')}: {entry.get('text')} {entry.get('url', '')}".strip()
                )
        return errors

    def screenshot(self, path: Path) -> None:
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
