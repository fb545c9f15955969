"""Assertions shared by the tests of the ways a report is made (sliced, split, cached)."""

from __future__ import annotations

from kg.bundle import validation_turtle
from kg.graph import DEFAULT_BASE
from kg.validate import ValidationReport


def assert_same_report(one: ValidationReport, other: ValidationReport) -> None:
    """The same verdict, counts, text and validation.ttl. The graphs may hold different numbers
    of copies of a source shape's blank nodes (one per run with results of it); validation.ttl,
    where equal copies are one node, is the same."""
    assert one.text == other.text
    assert (one.conforms, one.violations, one.warnings) == (
        other.conforms,
        other.violations,
        other.warnings,
    )
    assert validation_turtle(one.graph, DEFAULT_BASE) == validation_turtle(
        other.graph, DEFAULT_BASE
    )
