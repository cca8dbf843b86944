"""Releases marked on the metrics charts: the outcome's numbers page and the metric's page show
when each release serving the outcome shipped and whether it moved the number, in the chart's
data (drawn as a line) and as a list a reader (or a screen reader) can follow."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from tests.query_counts import count_queries

from pom.core.validation import today
from pom.delivery.tests import helpers as h
from pom.metrics import chart_marks, charts
from pom.metrics.tests.helpers import metrics_dir

__all__ = ["metrics_dir"]

pytestmark = pytest.mark.django_db

# One more query on the outcome page and two on the metric page are the check-in marks
# (pom.strategy.chart_marks).
OUTCOME_PAGE, METRIC_PAGE = 14, 17


def _chart(html: str) -> dict[str, Any]:
    found = re.search(r'id="metric-chart-data" type="application/json">(.*?)</script>', html, re.S)
    assert found, "the page carries no chart data"
    return json.loads(found.group(1))


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_outcome_chart_marks_a_release_that_moved_it(world: Any, metrics_dir: Path) -> None:
    h.bound_series(world, h.stepped(), days_ago=58)
    release = h.release(
        world, "Reorder button", shipped_at=h.ago(30), solutions=[h.solution(world)]
    )
    outcome = h.outcome(world)
    html = world.client("viewer").get(reverse("metrics:outcome", args=[outcome.pk])).content
    page = html.decode()
    chart = _chart(page)
    [mark] = chart["marks"]
    shipped = (today() - timedelta(days=30)).isoformat()
    assert mark["day"] == shipped and chart["labels"][mark["index"]] == shipped
    assert mark["label"] == "Release: Reorder button" and mark["tone"] == "good"
    text = _text(page)
    assert "Marked on the chart" in text
    assert f"{shipped} Release: Reorder button Moved up, the way the outcome wants" in text
    assert release.get_absolute_url() in page


def test_the_metric_page_marks_releases_of_the_outcomes_it_measures(
    world: Any, metrics_dir: Path
) -> None:
    metric = h.bound_series(world, h.stepped(), days_ago=58)
    h.release(world, "Reorder button", shipped_at=h.ago(30), solutions=[h.solution(world)])
    h.release(world, "Unlinked chore", shipped_at=h.ago(20))
    page = world.client("viewer").get(metric.get_absolute_url()).content.decode()
    marks = _chart(page)["marks"]
    assert [m["label"] for m in marks] == ["Release: Reorder button"]
    assert "Unlinked chore" not in page
    api = world.api("viewer")
    [mark] = api.get(f"/api/v1/metrics/definitions/{metric.pk}/marks").json()
    assert mark["label"] == "Release: Reorder button" and mark["tone"] == "good"
    assert mark["verdict"] == "Moved up, the way the outcome wants"
    assert (
        world.api("outsider").get(f"/api/v1/metrics/definitions/{metric.pk}/marks").status_code
        == 404
    )


def test_two_releases_close_together_are_marked_cant_tell(world: Any, metrics_dir: Path) -> None:
    h.bound_series(world, h.stepped(), days_ago=58)
    h.release(world, "Reorder button", shipped_at=h.ago(30), solutions=[h.solution(world)])
    h.release(world, "Saved basket", shipped_at=h.ago(25), solutions=[h.solution(world, "Basket")])
    outcome = h.outcome(world)
    body = world.api("viewer").get(f"/api/v1/metrics/outcomes/{outcome.pk}").json()
    assert [(m["label"], m["verdict"], m["tone"]) for m in body["marks"]] == [
        ("Release: Reorder button", "Can't tell", ""),
        ("Release: Saved basket", "Can't tell", ""),
    ]


def test_a_release_before_the_series_or_of_another_outcome_is_not_marked(
    world: Any, metrics_dir: Path
) -> None:
    h.bound_series(world, h.stepped(), days_ago=58)
    h.release(world, "Long ago", shipped_at=h.ago(90), solutions=[h.solution(world)])
    h.outcome(world, "Faster checkout")
    h.release(
        world,
        "Other outcome",
        shipped_at=h.ago(30),
        solutions=[h.solution(world, "Express pay", outcome_title="Faster checkout")],
    )
    outcome = h.outcome(world)
    page = world.client("viewer").get(reverse("metrics:outcome", args=[outcome.pk])).content
    html = page.decode()
    assert _chart(html)["marks"] == []
    assert "No release serving this outcome shipped in this span yet." in _text(html)
    assert "Long ago" not in html and "Other outcome" not in html


def test_marks_cost_a_fixed_number_of_queries(world: Any, metrics_dir: Path) -> None:
    metric = h.bound_series(world, h.stepped(), days_ago=58)
    outcome = h.outcome(world)
    client = world.client("viewer")
    pages = [reverse("metrics:outcome", args=[outcome.pk]), metric.get_absolute_url()]
    h.release(world, "First", shipped_at=h.ago(30), solutions=[h.solution(world)])
    one = [count_queries(client, url) for url in pages]
    for n in range(8):
        h.release(world, f"More {n}", shipped_at=h.ago(10 + n), solutions=[h.solution(world)])
    assert [count_queries(client, url) for url in pages] == one == [OUTCOME_PAGE, METRIC_PAGE]


def test_a_mark_sits_on_the_period_it_falls_in() -> None:
    from datetime import date

    data = {"labels": ["2026-01-05", "2026-01-12", "2026-01-19"]}
    marks = [
        chart_marks.Mark(date(2026, 1, 14), "Release: mid-week", "/r/1"),
        chart_marks.Mark(date(2026, 1, 1), "Release: before the series", "/r/2"),
        chart_marks.Mark(date(2026, 1, 19), "Release: on a period start", "/r/3"),
    ]
    placed = charts.with_marks(data, marks)["marks"]
    assert [(m["index"], m["label"]) for m in placed] == [
        (1, "Release: mid-week"),
        (2, "Release: on a period start"),
    ]
