"""Worker processes for the parts of kg that run in parallel (reading and extracting documents,
validating slices): started so that the main process alone answers Ctrl-C, and so that none
outlives it. Kept apart from what the workers do, so that importing it costs nothing."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor


class Jobs:
    """A number of worker processes that rises from `now` to `later` once widen() is called,
    from any thread: a process that shares the machine with another (the build's validation
    process beside the build) takes the other's core when the other only waits for it."""

    def __init__(self, now: int = 1, later: int = 1) -> None:
        self.now, self.later = now, later
        self._widened = threading.Event()

    def widen(self) -> None:
        self._widened.set()

    def __int__(self) -> int:
        return max(self.now, self.later) if self._widened.is_set() else self.now


def process_pool(
    jobs: int, initializer: Callable[..., None] | None = None, initargs: tuple[object, ...] = ()
) -> ProcessPoolExecutor:
    """`jobs` worker processes, each running `initializer(*initargs)` once it has started."""
    # fork on Linux: workers start at once with kg and its rule data already loaded; elsewhere
    # the platform's default (spawn on macOS, where system libraries can break after a fork)
    method = "fork" if sys.platform.startswith("linux") else None
    context = multiprocessing.get_context(method)
    return ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_start_worker, initargs=(initializer, initargs)
    )


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple[object, ...]) -> None:
    _quiet_worker()
    if initializer is not None:
        initializer(*initargs)


def _quiet_worker() -> None:
    """Ctrl-C and SIGTERM are the main process's to handle: it stops the pool. A worker whose
    main process died without stopping it (SIGKILL) exits instead of waiting forever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
