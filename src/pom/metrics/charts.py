"""Chart data for the metrics pages: inline SVG sparklines, and the series for Chart.js."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date
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


def outcome_chart(
    points: Sequence[Any], forecast: Any, outcome: Any, metric: Any
) -> dict[str, Any]:
    """The series with the forecast path, its band and the target, for Chart.js."""
    data = series_chart(points, unit=getattr(metric, "unit", ""), name=getattr(metric, "name", ""))
    path = getattr(forecast, "path", []) or []
    if path:
        # The forecast continues the series: the labels run on to the deadline.
        known = len(data["labels"])
        data["labels"] = data["labels"] + [d.isoformat() for d, *_ in path[1:]]
        pad = [None] * (known - 1)
        data["expected"] = pad + [round(m, 6) for _, m, _, _ in path]
        data["lower"] = pad + [round(lo, 6) for _, _, lo, _ in path]
        data["upper"] = pad + [round(hi, 6) for _, _, _, hi in path]
    data["target"] = outcome.target_value
    return data


def with_marks(data: dict[str, Any], marks: Sequence[Any]) -> dict[str, Any]:
    """Add ``marks`` (``chart_marks.Mark``) to chart ``data``, each at the period it falls in.

    A mark sits on the last label on or before its day (labels are periods' first days); one
    before the first label is left out. Each mark: ``{"index", "day", "label", "verdict", "tone"}``.
    """
    labels = [date.fromisoformat(x) for x in data.get("labels", [])]
    placed = []
    for m in marks:
        index = bisect_right(labels, m.on) - 1
        if index >= 0:
            placed.append(
                {
                    "index": index,
                    "day": m.on.isoformat(),
                    "label": m.label,
                    "verdict": m.verdict,
                    "tone": m.tone,
                }
            )
    return {**data, "marks": placed}
