"""Spans of text asked for overlaps, for the extractors that add names where none is yet."""

from __future__ import annotations

import bisect
from collections.abc import Iterable


class Spans:
    """[start, end) spans, asked whether any overlaps a span by bisection: asking each of them
    for each candidate took time in the square of a long text's names."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.ends = [e for _, e in ordered]
        self.reach: list[int] = []  # the furthest end among the spans up to each one
        for end in self.ends:
            self.reach.append(max(end, self.reach[-1]) if self.reach else end)

    def any_with(self, start: int, end: int) -> bool:
        """Whether a span overlaps [start, end) (any_with(at, at + 1): one holds `at`)."""
        index = bisect.bisect_left(self.starts, end)  # spans starting before `end`
        return index > 0 and self.reach[index - 1] > start
