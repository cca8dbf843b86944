"""Chart data for the pages (rendered in the browser by the vendored Chart.js)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from pom.experiments.models import RISKY_EVIDENCE, RISKY_IMPORTANCE, Assumption, AssumptionTest
from pom.experiments.stats import Analysis

RISK_COLOURS = {
    "value": "#b91c1c",
    "usability": "#1d4ed8",
    "feasibility": "#7c3aed",
    "viability": "#0f766e",
    "ethical": "#b45309",
}


def assumption_map(assumptions: list[Assumption]) -> dict[str, Any]:
    """Points at (evidence, importance), jittered apart when several share a cell."""
    seen: Counter[tuple[int, int]] = Counter()
    points = []
    for a in assumptions:
        cell = (a.evidence_strength, a.importance)
        k = seen[cell]
        seen[cell] += 1
        # Spread points that share a cell on a small ring so each stays clickable.
        offsets = [
            (0, 0),
            (0.18, 0),
            (-0.18, 0),
            (0, 0.18),
            (0, -0.18),
            (0.13, 0.13),
            (-0.13, -0.13),
        ]
        dx, dy = offsets[k % len(offsets)]
        points.append(
            {
                "x": a.evidence_strength + dx,
                "y": a.importance + dy,
                "label": a.statement[:90],
                "risk": a.risk_type,
                "risky": a.is_risky,
                "colour": RISK_COLOURS.get(a.risk_type, "#374151"),
                "url": f"/experiments/assumptions/{a.pk}/",
            }
        )
    return {
        "points": points,
        "risky": {"importance_min": RISKY_IMPORTANCE, "evidence_max": RISKY_EVIDENCE},
    }


def lift_chart(analysis: Analysis, test: AssumptionTest) -> dict[str, Any]:
    """Each treatment's lift with its interval, in the unit of the success criterion."""
    relative = test.criterion_kind == "relative"
    binary = analysis.metric == "binary"
    scale = 100.0 if relative or binary else 1.0
    unit = "%" if relative else ("pp" if binary else "")
    rows = []
    for c in analysis.comparisons:
        if relative:
            point, interval = c.relative_lift, c.relative_ci
        else:
            point, interval = c.absolute_lift, c.absolute_ci
        if c.sequential is not None:
            interval = c.sequential.relative_cs if relative else c.sequential.absolute_cs
        if point is None or interval is None:
            continue
        rows.append(
            {
                "variant": c.variant,
                "lift": point * scale,
                "low": interval.low * scale,
                "high": interval.high * scale,
                "verdict": c.verdict,
            }
        )
    sign = 1 if test.criterion_direction == "increase" else -1
    return {
        "rows": rows,
        "unit": unit,
        "threshold": sign * test.criterion_threshold * scale,
        "confidence": round(analysis.comparisons[0].interval_confidence * 100, 2),
        "sequential": analysis.sequential,
    }
