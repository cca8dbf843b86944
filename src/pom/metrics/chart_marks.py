"""Marks that other pillars put on the metrics charts: what shipped when, and whether it moved
the number.

The metrics pillar draws the series; it does not know what a release is. A pillar that does
registers a provider once, in its ``AppConfig.ready()``::

    from pom.metrics import chart_marks
    chart_marks.register("releases", releases_on_chart)

``provider(actor, metric, outcome, since, until)`` returns the ``Mark``s dated between
``since`` and ``until`` (inclusive) for the chart of ``metric`` — on an outcome's page
``outcome`` is that outcome, on the metric's own page it is ``None`` — newest first, at most
``LIMIT``, in a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

LIMIT = 20


@dataclass(frozen=True)
class Mark:
    on: date
    label: str  # what happened: "Release: one-click reorder"
    url: str
    verdict: str = ""  # e.g. "Moved up (the way the outcome wants)"; "" when none was read
    tone: str = ""  # "good", "bad" or "" (no detectable change, or not read): the mark's colour


Provider = Callable[[Any, Any, Any, date, date], list[Mark]]

# Filled at start-up by each pillar's AppConfig.ready(); never changed while serving requests.
PROVIDERS: dict[str, Provider] = {}


def register(key: str, provider: Provider) -> None:
    PROVIDERS[key] = provider


def for_chart(actor: Any, metric: Any, points: Sequence[Any], outcome: Any = None) -> list[Mark]:
    """Every provider's marks inside the series' span, oldest first (none without a series)."""
    if metric is None or not points:
        return []
    since, until = points[0].period, points[-1].period
    if outcome is not None and getattr(outcome, "deadline", None):
        until = max(until, outcome.deadline)
    found: list[Mark] = []
    for key in sorted(PROVIDERS):
        found.extend(PROVIDERS[key](actor, metric, outcome, since, until)[:LIMIT])
    return sorted(found, key=lambda a: (a.on, a.label))
