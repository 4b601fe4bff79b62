"""A headless Chromium driven through the DevTools protocol over a pipe, for the dashboard's
browser tests (tests/test_dashboard_browser.py) and its screenshots (tools/screenshots.py).

Standard library only: `--remote-debugging-pipe` makes Chromium read commands from its file
descriptor 3 and write answers and events to 4, each a JSON text ended by a NUL byte, so no
websocket client (and no library from PyPI, nor a browser download as playwright makes) is
needed; Debian's `chromium` package is enough. The browser is the one `liushou print --pdf`
finds (`liushou_cli.cli.pdf.find_chromium`: on PATH, then where Chrome and Edge install
themselves on Windows), so the tests drive the browser the command would print with.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from liushou_cli.cli.pdf import find_chromium

__all__ = ["Browser", "Page", "chromium", "find_chromium"]

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--mute-audio",
         "--remote-debugging-pipe")


class Page:
    """One tab: what it asked the network for, what it said on its console, and a way to run
    DevTools commands in it."""

    def __init__(self, browser: Browser, session: str) -> None:
        self.browser = browser
        self.session = session
        self.requests: list[str] = []
        self.errors: list[str] = []

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        return self.browser.send(method, params, self.session)

    def open(self, url: str, width: int, height: int = 900) -> None:
        """Load `url` at a window of `width` CSS pixels (a phone's below 600) and wait for it."""
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=width < 600)
        self.browser.events.clear()
        self.send("Page.navigate", url=url)
        self.browser.wait_for("Page.loadEventFired", self.session)
        self.evaluate("document.fonts.ready.then(() => true)")
        self.browser.drain(0.2)

    def evaluate(self, expression: str) -> Any:
        answer = self.send("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=True)
        if "exceptionDetails" in answer:
            raise RuntimeError(f"{expression[:60]}...: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def screenshot(self, path: Path, height: int = 6000) -> None:
        """The page as a PNG, from its top down to `height` CSS pixels at most."""
        size = self.send("Page.getLayoutMetrics")["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], height),
                "scale": 1}
        shot = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                         clip=clip)
        path.write_bytes(base64.b64decode(shot["data"]))

    def note(self, event: dict[str, Any]) -> None:
        method, params = event["method"], event.get("params", {})
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Runtime.exceptionThrown":
            self.errors.append(json.dumps(params["exceptionDetails"])[:300])
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            self.errors.append(json.dumps(params.get("args"))[:300])
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            self.errors.append(params["entry"].get("text", "")[:300])


class Browser:
    def __init__(self, process: subprocess.Popen[bytes], to_browser: int, from_browser: int) -> None:
        self.process = process
        self.to_browser = to_browser
        self.from_browser = from_browser
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict[str, Any]] = []
        self.pages: dict[str, Page] = {}

    def send(self, method: str, params: dict[str, Any] | None = None,
             session: str | None = None, timeout: float = 60) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            found = self._read(deadline)
            if found.get("id") == self.next_id:
                if "error" in found:
                    raise RuntimeError(f"{method}: {found['error']}")
                result: dict[str, Any] = found.get("result", {})
                return result

    def wait_for(self, method: str, session: str, timeout: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            for event in self.events:
                if event.get("method") == method and event.get("sessionId") == session:
                    return event
            self._read(deadline)

    def drain(self, seconds: float) -> None:
        """Take the events sent in the next `seconds` (late console messages, requests)."""
        deadline = time.monotonic() + seconds
        try:
            while True:
                self._read(deadline)
        except TimeoutError:
            pass

    def _read(self, deadline: float) -> dict[str, Any]:
        import select

        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.from_browser], [], [], left)[0]:
                raise TimeoutError("chromium did not answer")
            chunk = os.read(self.from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        if "method" in message:
            self.events.append(message)
            page = self.pages.get(message.get("sessionId", ""))
            if page is not None:
                page.note(message)
        return message

    def new_page(self) -> Page:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = self.pages[session] = Page(self, session)
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.send(f"{domain}.enable")
        return page


@contextmanager
def chromium(binary: str) -> Iterator[Browser]:
    """A headless Chromium with a throwaway profile, closed (and its profile removed) after."""
    profile = tempfile.mkdtemp(prefix="liushou-chromium-")
    to_read, to_write = os.pipe()  # we write commands, chromium reads them on fd 3
    from_read, from_write = os.pipe()  # chromium writes on fd 4, we read

    def pipes_at_3_and_4() -> None:
        # Copied out of the way first: a pipe may itself be 3 or 4. dup2 leaves the copies
        # inheritable; every other descriptor of ours is not (PEP 446).
        import fcntl

        reading, writing = (fcntl.fcntl(to_read, fcntl.F_DUPFD, 10),
                            fcntl.fcntl(from_write, fcntl.F_DUPFD, 10))
        os.dup2(reading, 3)
        os.dup2(writing, 4)

    process = subprocess.Popen([binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, close_fds=False,
                               preexec_fn=pipes_at_3_and_4)
    os.close(to_read)
    os.close(from_write)
    browser = Browser(process, to_write, from_read)
    try:
        yield browser
    finally:
        with suppress(OSError, RuntimeError, TimeoutError):
            browser.send("Browser.close", timeout=10)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        os.close(to_write)
        os.close(from_read)
        shutil.rmtree(profile, ignore_errors=True)
