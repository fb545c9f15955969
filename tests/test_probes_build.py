"""The probe documents (bench/probes: written afresh in the genre, every fact invented) build with
no failed document and no SHACL violation: rules tuned on the seeds must not make facts the
shapes reject on text they were not written for (a place as a cadre sender once did, until the
shapes allowed it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.pipeline import build

PROBES = Path(__file__).resolve().parent.parent / "bench" / "probes"


@pytest.mark.parametrize(
    "name", ["development", "held-out", "held-out-2", "held-out-3", "held-out-4", "held-out-5"]
)
def test_a_probe_set_builds_and_conforms(tmp_path: Path, name: str) -> None:
    result = build([PROBES / name / "docs"], tmp_path / "out")
    assert result.failures == []
    assert len(result.documents) == len(list((PROBES / name / "docs").iterdir()))
    assert result.report.conforms and result.report.violations == 0
