"""The words of kg/data/funding.json that more than one funding module reads, as patterns: the
giving and receiving verbs, and the "was" that makes a giving verb passive. Each module compiles
the rest of the file's words it alone uses."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from kg.extract import lexicon


def funding_data() -> dict[str, Any]:
    return lexicon.data("funding.json")


@cache
def verbs(name: str) -> re.Pattern[str]:
    """The verbs of funding.json's list `name` ("agent_verbs", "beneficiary_verbs")."""
    return re.compile(rf"\b(?:{funding_data()[name]})\b")


@cache
def receiving_verbs() -> re.Pattern[str]:
    """A verb whose subject receives: "X received", or a passive giving verb "X was allocated"."""
    data = funding_data()
    return re.compile(rf"\b(?:{data['recipient_verbs']}|{data['passive_recipient_verbs']})\b")


# a giving verb after "was" is passive: its subject is given the money, it gives none
PASSIVE_BEFORE = re.compile(r"\b(?:was|were|is|are|be|been|being)\s+(?:\w+ly\s+)?$")
