"""The facts an earlier extractor found, for the extractors that read them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from kg.model import Fact


def earlier_facts(
    earlier: Mapping[str, Sequence[Fact]] | None, name: str, run: Callable[[], Sequence[Fact]]
) -> Sequence[Fact]:
    """earlier[name] when that extractor has run, even if it found nothing; else `run()` (an
    extractor called on its own, as tests do). Testing the list's truth instead ran an
    extractor again for every document where it had found nothing."""
    if earlier is not None and name in earlier:
        return earlier[name]
    return run()
