"""Open a view in headless Chromium as an analyst would, and record what the page did.

Used by the tests and bench/view_bench.py. Chromium's --remote-debugging-pipe speaks the DevTools
protocol (CDP) as NUL-terminated JSON on file descriptors 3 and 4, so no websocket library and no
TCP port are needed. With the Network, Runtime, Log and Page domains on, every URL the page
requests, every console message, uncaught exception and alert() is recorded.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from typing import Any

CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
STATUS = """(function () {
  var s = document.getElementById("kg-status");
  return s ? Object.assign({}, s.dataset) : null;
})()"""


def find_chromium() -> str | None:
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass
class PageReport:
    url: str
    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)  # (level, text)
    exceptions: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    status: dict[str, str] = field(default_factory=dict)  # the page's #kg-status data-* attributes
    seconds: float = 0.0  # from navigation until the condition held
    done: bool = False  # the condition held before the timeout
    value: Any = None  # the result of `evaluate`

    @property
    def errors(self) -> list[str]:
        return [text for level, text in self.console if level in ("error", "assert")] + list(
            self.exceptions
        )

    @property
    def remote_requests(self) -> list[str]:
        """Requests to anything but the file itself and inline data."""
        return [u for u in self.requests if not u.startswith(("file:", "data:", "about:"))]


class Chromium:
    """One headless browser; open() pages one after another, then close()."""

    def __init__(self, binary: str | None = None, window: str = "1400,900") -> None:
        binary = binary or find_chromium()
        if not binary:
            raise FileNotFoundError("no chromium binary found")
        self._profile = tempfile.mkdtemp(prefix="kg-chromium-")
        to_browser, self._send_fd = os.pipe()
        self._read_fd, from_browser = os.pipe()
        child_in = fcntl.fcntl(to_browser, fcntl.F_DUPFD_CLOEXEC, 10)
        child_out = fcntl.fcntl(from_browser, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(to_browser)
        os.close(from_browser)
        flags = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--remote-debugging-pipe",
            f"--user-data-dir={self._profile}",
            f"--window-size={window}",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-default-apps",
            "--disable-sync",
            "--mute-audio",
            "about:blank",
        ]
        script = f'exec "$0" "$@" 3<&{child_in} 4>&{child_out}'
        self._process = subprocess.Popen(
            ["bash", "-c", script, binary, *flags],  # dash takes single-digit fds only
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(child_in, child_out),
        )
        os.close(child_in)
        os.close(child_out)
        self._inbox: queue.Queue[dict | None] = queue.Queue()
        self._events: list[dict] = []
        self._next_id = 0
        threading.Thread(target=self._reader, daemon=True).start()
        self.send("Browser.getVersion")

    def _reader(self) -> None:
        buffer = b""
        while True:
            chunk = os.read(self._read_fd, 1 << 16)
            if not chunk:
                self._inbox.put(None)
                return
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            for message in messages:
                self._inbox.put(json.loads(message))

    def send(
        self, method: str, params: dict | None = None, session: str | None = None, timeout=60.0
    ) -> dict:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._send_fd, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            try:
                reply = self._inbox.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise TimeoutError(f"chromium did not answer {method}") from None
            if reply is None:
                raise RuntimeError("chromium exited")
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self._event(reply)

    def _event(self, event: dict) -> None:
        self._events.append(event)
        if event.get("method") == "Page.javascriptDialogOpening":  # never let alert() block
            message = {
                "id": 0,
                "method": "Page.handleJavaScriptDialog",
                "params": {"accept": True},
                "sessionId": event.get("sessionId"),
            }
            os.write(self._send_fd, json.dumps(message).encode() + b"\0")

    def open(
        self,
        url: str,
        until: str = "document.getElementById('kg-status').dataset.stableMs",
        timeout: float = 60.0,
        settle: float = 0.3,
        evaluate: str | None = None,
    ) -> PageReport:
        """Load `url`, wait until the JS expression `until` is truthy, and report."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable", session=session)
        self._events.clear()
        report = PageReport(url)
        start = time.monotonic()
        self.send("Page.navigate", {"url": url}, session=session)
        while time.monotonic() - start < timeout:
            if self._evaluate(session, f"!!(function(){{try{{return {until}}}catch(e){{}}}})()"):
                report.done = True
                break
            time.sleep(0.025)
        report.seconds = time.monotonic() - start
        time.sleep(settle)  # late requests or errors still get recorded
        report.status = self._evaluate(session, STATUS) or {}
        if evaluate:
            report.value = self._evaluate(session, evaluate)
        self._collect(report, session)
        self.send("Target.closeTarget", {"targetId": target})
        return report

    def _evaluate(self, session: str, expression: str) -> Any:
        params = {"expression": expression, "returnByValue": True}
        result = self.send("Runtime.evaluate", params, session=session)
        return result.get("result", {}).get("value")

    def _collect(self, report: PageReport, session: str) -> None:
        for event in self._events:
            if event.get("sessionId") != session:
                continue
            method, params = event.get("method"), event.get("params", {})
            if method == "Network.requestWillBeSent":
                report.requests.append(params["request"]["url"])
            elif method == "Runtime.consoleAPICalled":
                text = " ".join(
                    str(a.get("value", a.get("description", ""))) for a in params.get("args", [])
                )
                report.console.append((params.get("type", ""), text))
            elif method == "Log.entryAdded":
                entry = params.get("entry", {})
                report.console.append((entry.get("level", ""), entry.get("text", "")))
            elif method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                description = details.get("exception", {}).get("description", "")
                report.exceptions.append(description or details.get("text", ""))
            elif method == "Page.javascriptDialogOpening":
                report.dialogs.append(params.get("message", ""))

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, TimeoutError, OSError):
            self.send("Browser.close", timeout=10)
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        for fd in (self._send_fd, self._read_fd):
            with contextlib.suppress(OSError):
                os.close(fd)
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
