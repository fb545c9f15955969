"""`kg stats --plot`: funds by program and by year as a PNG or SVG bar chart.

matplotlib is an optional extra (`pip install 'kg[plot]'`): it is large (with numpy), and only
this command needs it. SVG output is made reproducible (fixed hash salt, no date).
"""

from __future__ import annotations

import io
from pathlib import Path

from kg.errors import InputError
from kg.output import write_bytes
from kg.stats import Money, Stats
from kg.views.money import format_yuan

FORMATS = {".png": "png", ".svg": "svg"}
MAX_BARS = 20


def _bars(axis, rows: list[Money], title: str) -> None:
    labels = [m.key if len(m.key) <= 40 else m.key[:39] + "\u2026" for m in rows]
    values = [float(m.yuan) / 1e9 for m in rows]
    positions = list(range(len(rows)))
    axis.barh(positions, values, color="#c49a00")
    axis.set_yticks(positions, labels)
    axis.invert_yaxis()
    axis.set_xlabel("billion Yuan")
    axis.set_title(title, loc="left", fontsize=11)
    for y, m in zip(positions, rows, strict=True):
        axis.annotate(
            format_yuan(m.yuan),
            (float(m.yuan) / 1e9, y),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    axis.margins(x=0.25)


def plot_funds(stats: Stats, path: Path) -> None:
    """Write the chart to `path` (.png or .svg), atomically."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"--plot: {path.name}: give a .png or .svg file name")
    if not stats.programs and not stats.years:
        raise InputError("--plot: the graph has no funding flows with amounts in Yuan to plot")
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import pyplot
    except ImportError as error:
        raise InputError(
            "--plot needs matplotlib: pip install 'kg[plot]' (or pip install matplotlib)"
        ) from error
    programs = stats.programs[:MAX_BARS]
    years = stats.years[-MAX_BARS:]
    heights = [max(1, len(programs)), max(1, len(years))]
    with matplotlib.rc_context({"svg.hashsalt": "kg", "font.size": 9}):
        figure, (top, bottom) = pyplot.subplots(
            2,
            1,
            figsize=(8, 1.6 + 0.32 * sum(heights)),
            height_ratios=heights,
            layout="constrained",
        )
        _bars(top, programs, "Funds by program (flows with no program are left out)")
        _bars(bottom, years, "Funds by year")
        figure.suptitle(f"Funding flows: {format_yuan(stats.total_yuan)} in all", fontsize=12)
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        figure.savefig(buffer, format=fmt, dpi=120, metadata=metadata)
        pyplot.close(figure)
    write_bytes(path, buffer.getvalue())
