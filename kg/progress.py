"""A one-line progress bar on stderr for long builds: documents done, rate, time left.

It draws only on a terminal (stderr is a tty and CI is not set) and only once the work has run
for a couple of seconds, so short builds, pipes, logs and CI stay quiet. Hand-written: one line
of text does not need a dependency.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

QUIET_AFTER_SECONDS = 2.0  # builds shorter than this show nothing
_REDRAW_SECONDS = 0.1
_WIDTH = 24


def wanted(stream: TextIO) -> bool:
    """True on an interactive terminal outside CI."""
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Progress:
    """Counts done items of a known total and redraws one status line (at most 10 times a second).

    `stage(name)` replaces the bar with the name of the step that follows (e.g. "validating"),
    `close()` clears the line. With `enabled=False` every method does nothing.
    """

    def __init__(
        self,
        total: int,
        label: str = "documents",
        stream: TextIO | None = None,
        enabled: bool | None = None,
        clock=time.monotonic,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = wanted(self.stream) if enabled is None else enabled
        self.total, self.label, self.done = total, label, 0
        self.clock = clock
        self.started = clock()
        self._drawn_at = float("-inf")
        self._shown = False

    def update(self, count: int = 1) -> None:
        self.done += count
        if not self.enabled:
            return
        now = self.clock()
        if now - self.started < QUIET_AFTER_SECONDS or now - self._drawn_at < _REDRAW_SECONDS:
            return
        self._drawn_at = now
        self._write(self.line(now))

    def line(self, now: float) -> str:
        """The status line, e.g. documents [######..] 1234/10000  12%  345.6/s 0:25 left."""
        elapsed = max(now - self.started, 1e-9)
        share = self.done / self.total if self.total else 1.0
        filled = int(share * _WIDTH)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        minutes, seconds = divmod(int(left + 0.5), 60)
        bar = "#" * filled + "." * (_WIDTH - filled)
        return (
            f"{self.label} [{bar}] {self.done}/{self.total} {share:4.0%} "
            f"{rate:6.1f}/s {minutes}:{seconds:02d} left"
        )

    def stage(self, name: str) -> None:
        """Show which step runs now (only once the bar has been shown, or the build is long)."""
        if self.enabled and (self._shown or self.clock() - self.started >= QUIET_AFTER_SECONDS):
            self._write(f"{name} ...")

    def close(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False

    def _write(self, text: str) -> None:
        self.stream.write(f"\r\x1b[K{text}")
        self.stream.flush()
        self._shown = True
