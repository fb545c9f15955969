"""ftfy's mojibake test, behind a quick one that clears most lines of a clean report.

ftfy.badness.is_bad searches a line with one large regex: on the seeds, a third of the cleaning's
time. Each of that regex's alternatives needs a character from some class of characters beyond
ASCII, so a line with no character from any of those classes (one class an alternative) cannot
match, and is not searched. The classes are read from ftfy's own pattern when first needed, so a
new ftfy release is followed, not assumed; where the pattern cannot be read so, every line is
searched. Of an alternative's classes, the one with the fewest characters of typographic
punctuation is taken: quotes, dashes and no-break spaces fill clean English text, and lines made
of those (and CJK, and ASCII) are cleared.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ftfy.badness import BADNESS_RE, is_bad

try:  # re's parser: a module of its own until Python 3.11
    from re import _constants as _codes  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _codes  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]


def is_mojibake(text: str) -> bool:
    """ftfy.badness.is_bad(text), sooner."""
    suspects = suspect_characters()
    if suspects is not None and suspects.search(text) is None:
        return False
    return is_bad(text)


@cache
def suspect_characters() -> re.Pattern[str] | None:
    """One class of characters: a line that holds none of them is not mojibake to ftfy; None
    where ftfy's pattern is not of a form this reads."""
    return needed_characters(BADNESS_RE)


def needed_characters(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A class of characters beyond ASCII, one of which every match of `pattern` holds; None
    where `pattern` is not of a form this reads, or ASCII alone could match it."""
    if pattern.flags & re.IGNORECASE:
        return None  # a character beyond ASCII may match an ASCII one ("\u017f" matches "s")
    try:  # a private parser, whose trees may change: any failure means "search every line"
        tree = list(_parser.parse(pattern.pattern, pattern.flags))
        branch = len(tree) == 1 and tree[0][0] is _codes.BRANCH
        found: set[tuple[int, int]] = set()
        for alternative in tree[0][1][1] if branch else [tree]:
            ranges = _least_common(alternative)
            if ranges is None:
                return None  # an alternative that ASCII alone could match
            found.update(ranges)
    except Exception:
        return None
    return re.compile("[" + "".join(map(_class_text, sorted(found))) + "]")


_Ranges = tuple[tuple[int, int], ...]  # code points, each range with both ends


def _needed(item: tuple[Any, Any]) -> _Ranges | None:
    """The characters, all beyond ASCII, one of which any match of `item` holds; None where a
    match need not hold any such character."""
    op, value = item
    if op is _codes.LITERAL:
        return ((value, value),) if value >= 0x80 else None
    if op is _codes.IN:
        ranges = []
        for kind, member in value:
            if kind is _codes.LITERAL and member >= 0x80:
                ranges.append((member, member))
            elif kind is _codes.RANGE and member[0] >= 0x80:
                ranges.append(member)
            else:  # an ASCII member, a negation, a category (\w)
                return None
        return tuple(ranges)
    if op in (_codes.MAX_REPEAT, _codes.MIN_REPEAT):
        least, _, items = value
        return _least_common(items) if least >= 1 else None
    if op is _codes.SUBPATTERN:
        _, flags_on, _, items = value
        return None if flags_on & re.IGNORECASE else _least_common(items)
    return None


def _least_common(items: list[tuple[Any, Any]]) -> _Ranges | None:
    """Of the items (all of which a match holds), the class with the fewest characters of
    typographic punctuation, then the fewest characters."""
    needed = [ranges for ranges in map(_needed, items) if ranges]
    return min(needed, key=lambda ranges: (_typographic(ranges), _size(ranges)), default=None)


def _typographic(ranges: _Ranges) -> int:
    """The characters of General Punctuation (quotes, dashes, ...) and the no-break space."""
    return sum(
        max(0, min(high, 0x206F) - max(low, 0x2000) + 1) + (low <= 0xA0 <= high)
        for low, high in ranges
    )


def _size(ranges: _Ranges) -> int:
    return sum(high - low + 1 for low, high in ranges)


def _class_text(bounds: tuple[int, int]) -> str:
    low, high = bounds
    return re.escape(chr(low)) + ("" if low == high else "-" + re.escape(chr(high)))
