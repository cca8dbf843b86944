"""The pure "is this decision due for revisit" rule, and the queryset filter that must agree."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from pom.discovery import revisit
from pom.discovery.revisit import Revisit

TODAY = date(2026, 3, 10)


def make(**kw: Any) -> Revisit:
    base: dict[str, Any] = {
        "status": "accepted",
        "on": None,
        "comparison": "",
        "threshold": None,
        "latest_value": None,
        "latest_period": None,
        "reviewed_through": None,
        "today": TODAY,
    }
    base.update(kw)
    return Revisit(**base)


def test_a_date_is_due_on_the_day_and_after_not_before() -> None:
    assert make(on=TODAY).due
    assert make(on=TODAY - timedelta(days=3)).due
    assert not make(on=TODAY + timedelta(days=1)).due
    assert make(on=TODAY).reasons == ["the revisit date 2026-03-10 has come"]


def test_a_condition_is_met_strictly_across_the_threshold() -> None:
    below = {"comparison": "below", "threshold": 30.0, "latest_period": TODAY}
    assert make(**below, latest_value=29.9).due
    assert not make(**below, latest_value=30.0).due
    assert not make(**below, latest_value=None).due  # no data yet: nothing to say
    above = {"comparison": "above", "threshold": 5.0, "latest_period": TODAY}
    assert make(**above, latest_value=5.1).due
    assert not make(**above, latest_value=4.0).due


@pytest.mark.parametrize("status", ["superseded", "reversed"])
def test_history_is_never_due(status: str) -> None:
    assert not make(status=status, on=TODAY - timedelta(days=10)).due
    assert make(status=status, on=TODAY).reasons == []


def test_a_kept_decision_comes_back_only_on_a_newer_point() -> None:
    kept = {"comparison": "below", "threshold": 30.0, "latest_value": 20.0}
    assert not make(**kept, latest_period=TODAY, reviewed_through=TODAY).due
    assert make(**kept, latest_period=TODAY + timedelta(days=1), reviewed_through=TODAY).due


def test_the_condition_reads_as_a_sentence() -> None:
    assert revisit.describe("Activation", "below", 30.0, "%") == "if Activation falls below 30%"
    assert revisit.describe("Latency", "above", 1.5, "ms") == "if Latency rises above 1.5 ms"
    assert revisit.describe("", "below", 30.0) == ""
