"""Chart data for the metrics pages: inline SVG sparklines, and the series for Chart.js."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

SPARK_W, SPARK_H = 120, 28


def sparkline(values: Sequence[float], width: int = SPARK_W, height: int = SPARK_H) -> str:
    """An SVG polyline ``points`` attribute for ``values`` (empty when fewer than two)."""
    if len(values) < 2:
        return ""
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1.0
    step = width / (len(values) - 1)
    return " ".join(
        f"{i * step:.1f},{height - 2 - (v - lo) / span * (height - 4):.1f}"
        for i, v in enumerate(values)
    )


def series_chart(points: Sequence[Any], *, unit: str = "", name: str = "") -> dict[str, Any]:
    """The series as Chart.js data: labels (ISO dates) and values."""
    return {
        "labels": [p.period.isoformat() for p in points],
        "values": [p.value for p in points],
        "unit": unit,
        "name": name,
    }
