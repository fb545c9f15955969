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
    try:
        tree = list(_parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # a private parser: any failure means "search every line"
        return None
    alternatives = tree[0][1][1] if len(tree) == 1 and tree[0][0] is _codes.BRANCH else [tree]
    found: set[str] = set()
    for alternative in alternatives:
        needed = [chars for chars in map(_needed, alternative) if chars]
        if not needed:
            return None  # an alternative that ASCII alone could match
        found |= min(needed, key=lambda chars: (_typographic(chars), len(chars)))
    return re.compile("[" + "".join(re.escape(char) for char in sorted(found)) + "]")


def _needed(item: tuple[Any, Any]) -> set[str] | None:
    """The characters, all beyond ASCII, one of which any match of `item` holds; None where a
    match need not hold any such character."""
    op, value = item
    if op is _codes.LITERAL:
        return {chr(value)} if value >= 0x80 else None
    if op is _codes.IN:
        chars: set[str] = set()
        for kind, member in value:
            if kind is _codes.LITERAL and member >= 0x80:
                chars.add(chr(member))
            elif kind is _codes.RANGE and member[0] >= 0x80:
                chars.update(map(chr, range(member[0], member[1] + 1)))
            else:  # an ASCII member, a negation, a category (\w)
                return None
        return chars
    if op in (_codes.MAX_REPEAT, _codes.MIN_REPEAT):
        least, _, items = value
        return _smallest(items) if least >= 1 else None
    if op is _codes.SUBPATTERN:
        return _smallest(value[-1])
    return None


def _smallest(items: list[tuple[Any, Any]]) -> set[str] | None:
    needed = [chars for chars in map(_needed, items) if chars]
    return min(needed, key=len) if needed else None


def _typographic(chars: set[str]) -> int:
    return sum(1 for char in chars if "\u2000" <= char <= "\u206f" or char == "\xa0")
