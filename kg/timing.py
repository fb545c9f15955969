"""Stage timing for benchmarks: `with timed(timings, "extract"): ...` adds the seconds to a dict.

With `timings=None` (every ordinary build) it records nothing and costs one function call per
stage, so the pipeline can always be written with it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

Timings = dict[str, float]


class ShowsStage(Protocol):
    def stage(self, name: str) -> None: ...


@contextmanager
def timed(
    timings: Timings | None, stage: str, progress: ShowsStage | None = None
) -> Iterator[None]:
    """Add the wall-clock seconds of the block to timings[stage] (summed over repeated stages);
    a progress display, when given, shows the stage's name meanwhile."""
    if progress is not None:
        progress.stage(stage)
    if timings is None:
        yield
        return
    start = time.perf_counter()
    try:
        yield
    finally:
        add(timings, stage, time.perf_counter() - start)


def add(timings: Timings | None, stage: str, seconds: float) -> None:
    """Add seconds measured elsewhere (e.g. in a worker process) to timings[stage]."""
    if timings is not None:
        timings[stage] = timings.get(stage, 0.0) + seconds
