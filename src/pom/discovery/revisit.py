"""When a decision is due for another look: its revisit date has come, or the metric it watches
crossed the line ("revisit if activation falls below 30%").

Pure: no database. ``queries.due_for_revisit`` is the same rule as a queryset filter, for the
log's ``?due=1`` and the home's count; ``tests/test_revisit.py`` holds both to these cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

OPEN = ("proposed", "accepted")  # superseded and reversed decisions are history, never due
WORDS = {"below": "falls below", "above": "rises above"}


def crossed(comparison: str, threshold: float | None, value: float | None) -> bool:
    """Whether ``value`` is on the watched side of ``threshold`` (strictly: 30 is not below 30)."""
    if value is None or threshold is None:
        return False
    if comparison == "below":
        return value < threshold
    if comparison == "above":
        return value > threshold
    return False


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"


def describe(metric: str, comparison: str, threshold: float | None, unit: str = "") -> str:
    """ "if Activation falls below 30%"; ``""`` when no condition is set."""
    if not (metric and comparison in WORDS and threshold is not None):
        return ""
    gap = "" if unit in ("%", "") else " "
    return f"if {metric} {WORDS[comparison]} {_number(threshold)}{gap}{unit}"


@dataclass(frozen=True)
class Revisit:
    """A decision's "revisit when" and what it is measured against today."""

    status: str
    on: date | None
    comparison: str
    threshold: float | None
    latest_value: float | None
    latest_period: date | None
    reviewed_through: date | None
    today: date

    @property
    def has_condition(self) -> bool:
        return bool(self.comparison) and self.threshold is not None

    @property
    def date_passed(self) -> bool:
        return self.on is not None and self.on <= self.today

    @property
    def condition_met(self) -> bool:
        """The metric's latest point crossed the line, and no review has kept the decision since."""
        if not self.has_condition or not crossed(
            self.comparison, self.threshold, self.latest_value
        ):
            return False
        if self.reviewed_through is None:
            return True
        return self.latest_period is not None and self.latest_period > self.reviewed_through

    @property
    def due(self) -> bool:
        return self.status in OPEN and (self.date_passed or self.condition_met)

    @property
    def reasons(self) -> list[str]:
        """Why it is due, in words ("the revisit date 2026-03-01 has come")."""
        if self.status not in OPEN:
            return []
        found = []
        if self.date_passed and self.on is not None:
            found.append(f"the revisit date {self.on.isoformat()} has come")
        if self.condition_met and self.latest_value is not None:
            found.append(f"the metric is at {_number(self.latest_value)}")
        return found
