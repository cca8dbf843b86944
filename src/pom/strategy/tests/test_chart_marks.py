"""Check-ins marked on the metrics charts: the outcome's "Numbers from data" page and the page of
the metric it reads show when each check-in was made, its status and confidence — drawn on the
chart and listed under it — and never another organization's check-ins."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from pom.metrics import services as metrics
from pom.metrics.tests import helpers as mh
from pom.metrics.tests.helpers import metrics_dir
from pom.strategy import services
from pom.strategy.chart_marks import check_ins_on_chart
from pom.strategy.models import Outcome
from pom.strategy.tests.helpers import clear_outcome

__all__ = ["metrics_dir"]

pytestmark = pytest.mark.django_db


def _chart(html: str) -> dict[str, Any]:
    found = re.search(r'id="metric-chart-data" type="application/json">(.*?)</script>', html, re.S)
    assert found, "the page carries no chart data"
    return json.loads(found.group(1))


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _bound(world: Any, title: str = "More trial visits") -> tuple[Any, Outcome]:
    """An outcome reading the daily visits of the test event log (2026-01-01 for 90 days)."""
    leader = world.membership("leader")
    source = mh.source_of(world)
    found = source.metrics.filter(name="Daily visits").first()
    metric = found or mh.count_metric(leader, source)
    if not found:
        metrics.refresh_now(leader, metric)
    outcome = services.create_outcome(leader, **clear_outcome(title=title, metric_name="visits"))
    metrics.bind_metric(leader, outcome, metric=metric)
    return metric, outcome


def _check_in(world: Any, outcome: Outcome, day: date, confidence: int, status: str) -> None:
    services.record_check_in(
        world.membership("leader"),
        outcome,
        value=50,
        confidence=confidence,
        status=status,
        date=day,
        commentary="Weekly update",
    )


def test_the_outcome_chart_marks_each_check_in_with_its_status_and_confidence(
    world: Any, metrics_dir: Path
) -> None:
    _, outcome = _bound(world)
    _check_in(world, outcome, date(2026, 2, 2), 8, "on_track")
    _check_in(world, outcome, date(2026, 3, 2), 3, "off_track")
    _check_in(world, outcome, date(2025, 6, 1), 5, "at_risk")  # before the series: not marked
    page = world.client("viewer").get(reverse("metrics:outcome", args=[outcome.pk])).content
    html = page.decode()
    marks = [m for m in _chart(html)["marks"] if m["label"].startswith("Check-in")]
    assert [(m["day"], m["tone"]) for m in marks] == [("2026-02-02", "good"), ("2026-03-02", "bad")]
    labels = _chart(html)["labels"]
    assert all(labels[m["index"]] == m["day"] for m in marks)
    text = _text(html)
    assert "Marked on the chart" in text
    assert "2026-02-02 Check-in On track, confidence 8/10" in text
    assert "2026-03-02 Check-in Off track, confidence 3/10" in text
    assert "2025-06-01" not in text
    assert f"{outcome.get_absolute_url()}#check-ins" in html


def test_the_metric_page_marks_check_ins_of_every_outcome_reading_it(
    world: Any, metrics_dir: Path
) -> None:
    metric, first = _bound(world, "More trial visits")
    _, second = _bound(world, "Visits hold through the redesign")
    unbound = services.create_outcome(
        world.membership("leader"), **clear_outcome(title="Unrelated outcome")
    )
    _check_in(world, first, date(2026, 2, 2), 8, "on_track")
    _check_in(world, second, date(2026, 2, 9), 5, "at_risk")
    _check_in(world, unbound, date(2026, 2, 16), 2, "off_track")
    html = world.client("viewer").get(metric.get_absolute_url()).content.decode()
    marks = [m["label"] for m in _chart(html)["marks"]]
    assert marks == [
        "Check-in on More trial visits",
        "Check-in on Visits hold through the redesign",
    ]
    assert "At risk, confidence 5/10" in _text(html)
    assert "Unrelated outcome" not in html
    api = world.api("viewer").get(f"/api/v1/metrics/definitions/{metric.pk}/marks").json()
    assert [m["verdict"] for m in api] == ["On track, confidence 8/10", "At risk, confidence 5/10"]


def test_another_organizations_check_ins_are_never_marked(world: Any, metrics_dir: Path) -> None:
    metric, outcome = _bound(world)
    _check_in(world, outcome, date(2026, 2, 2), 8, "on_track")
    outsider = world.membership("outsider_owner")
    # Even handed org A's metric and outcome, the provider reads through the actor's organization.
    assert check_ins_on_chart(outsider, metric, outcome, date(2026, 1, 1), date(2026, 4, 1)) == []
    assert world.client("outsider").get(metric.get_absolute_url()).status_code == 404


def test_check_in_marks_cost_a_fixed_number_of_queries(
    world: Any, metrics_dir: Path, django_assert_num_queries: Any
) -> None:
    metric, outcome = _bound(world)
    viewer = world.membership("viewer")
    span = (date(2026, 1, 1), date(2026, 4, 1))
    _check_in(world, outcome, date(2026, 1, 5), 6, "at_risk")
    for n in range(30):
        _check_in(world, outcome, date(2026, 1, 6) + timedelta(days=n), 7, "on_track")
    with django_assert_num_queries(1):
        on_outcome = check_ins_on_chart(viewer, metric, outcome, *span)
    with django_assert_num_queries(2):
        on_metric = check_ins_on_chart(viewer, metric, None, *span)
    assert len(on_outcome) == len(on_metric) == 20  # the newest chart_marks.LIMIT
    assert on_outcome[0].on == date(2026, 2, 4)
