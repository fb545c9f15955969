"""A string that remembers where each of its characters came from in the original text.

Every repair in `clean` goes through `Mapped`, so the cleaned text can always be cited back to
an exact range of the original: copied characters map 1:1, a replaced run maps each new
character to the whole replaced range (1:1 when the lengths agree), deleted characters vanish.
Ranges stay monotone, which is what `Document.span` relies on.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass

_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_MAX_DIFF_CHARS = 4000


@dataclass
class Mapped:
    text: str
    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, original: str, start: int, end: int) -> Mapped:
        """original[start:end], every character mapped to itself."""
        return cls(original[start:end], list(range(start, end)), list(range(start + 1, end + 1)))

    def __len__(self) -> int:
        return len(self.text)

    def sub(
        self, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]
    ) -> tuple[Mapped, int]:
        """Replace each non-empty match by repl(match); returns the result and the change count."""
        text: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        pos = changes = 0
        for match in pattern.finditer(self.text):
            a, b = match.span()
            new = repl(match)
            if a == b or new == match.group():
                continue
            changes += 1
            text.append(self.text[pos:a])
            starts.extend(self.starts[pos:a])
            ends.extend(self.ends[pos:a])
            text.append(new)
            if len(new) == b - a:
                starts.extend(self.starts[a:b])
                ends.extend(self.ends[a:b])
            else:
                starts.extend([self.starts[a]] * len(new))
                ends.extend([self.ends[b - 1]] * len(new))
            pos = b
        if not changes:
            return self, 0
        text.append(self.text[pos:])
        starts.extend(self.starts[pos:])
        ends.extend(self.ends[pos:])
        return Mapped("".join(text), starts, ends), changes

    def realign(self, new_text: str) -> Mapped | None:
        """`new_text` (a repaired version of this text) mapped back through an alignment.

        Encoding repairs only touch non-ASCII runs, so when the ASCII skeleton is unchanged
        each run maps to its old run (linear time). Otherwise short texts are aligned with
        difflib: unchanged characters keep their own ranges, a changed run maps like `sub`
        does, an inserted run borrows the range of its neighbour. A long text whose skeleton
        changed is left as it was (None), rather than spending quadratic time on it.
        """
        if _NON_ASCII_RUN.split(self.text) == _NON_ASCII_RUN.split(new_text):
            runs = iter(_NON_ASCII_RUN.findall(new_text))
            return self.sub(_NON_ASCII_RUN, lambda match: next(runs))[0]
        if not self.text or len(self.text) + len(new_text) > _MAX_DIFF_CHARS:
            return None
        starts: list[int] = []
        ends: list[int] = []
        matcher = difflib.SequenceMatcher(None, self.text, new_text, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            count = j2 - j1
            if tag == "equal" or (tag == "replace" and count == i2 - i1):
                starts.extend(self.starts[i1:i2])
                ends.extend(self.ends[i1:i2])
            elif tag == "replace":
                starts.extend([self.starts[i1]] * count)
                ends.extend([self.ends[i2 - 1]] * count)
            elif tag == "insert":
                k = i1 - 1 if i1 > 0 else 0
                starts.extend([self.starts[k]] * count)
                ends.extend([self.ends[k]] * count)
        return Mapped(new_text, starts, ends)

    def strip(self) -> Mapped:
        """Without surrounding whitespace."""
        stripped = self.text.strip()
        if len(stripped) == len(self.text):
            return self
        a = len(self.text) - len(self.text.lstrip())
        b = a + len(stripped)
        return Mapped(stripped, self.starts[a:b], self.ends[a:b])
