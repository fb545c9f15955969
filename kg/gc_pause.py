"""Pausing CPython's cyclic garbage collector while many long-lived objects are made at once.

Objects made in bulk (cached documents loaded, a query's rows) trigger the collector's passes,
and each full pass walks every object made so far: none of them is garbage yet.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """The collector off inside the block, as it was after it (reference counting still frees
    what is dropped)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
