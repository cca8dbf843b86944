"""Release impact through the pages and the API: the outcome's metric read before and after each
release, with the numbers coming from the metrics pillar (a CSV table refreshed by its services)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from tests.query_counts import count_queries

from pom.delivery.tests import helpers as h
from pom.metrics.tests.helpers import metrics_dir

__all__ = ["metrics_dir"]

pytestmark = pytest.mark.django_db


def test_the_release_page_says_the_metric_moved_with_its_interval(
    world: Any, metrics_dir: Path
) -> None:
    metric = h.bound_series(world, h.stepped(), days_ago=58)
    release = h.release(
        world, "Reorder button", shipped_at=h.ago(30), solutions=[h.solution(world)]
    )
    page = world.client("viewer").get(release.get_absolute_url()).content.decode()
    assert "Did it move the outcome?" in page
    assert 'data-testid="impact-verdict">Moved<' in page
    assert "95% interval" in page and "the way the outcome wants" in page
    assert metric.name in page and "Interrupted time series" in page


def test_a_release_too_recent_to_read_says_not_enough_data_and_when(
    world: Any, metrics_dir: Path
) -> None:
    h.bound_series(world, h.stepped(after=2), days_ago=31)
    release = h.release(world, "Reorder button", shipped_at=h.ago(3), solutions=[h.solution(world)])
    page = world.client("viewer").get(release.get_absolute_url()).content.decode()
    assert ">Not enough data<" in page
    assert "2 days of the metric since the release" in page


def test_an_outcome_without_a_metric_says_so_rather_than_guessing(world: Any) -> None:
    release = h.release(world, "Reorder button", solutions=[h.solution(world)])
    page = world.client("viewer").get(release.get_absolute_url()).content.decode()
    assert ">Not enough data<" in page and "No metric is bound to this outcome yet" in page
    unlinked = h.release(world, "Chore")
    page = world.client("viewer").get(unlinked.get_absolute_url()).content.decode()
    assert "serves no outcome, so there is no number it was meant to move" in page


def test_two_releases_close_together_are_cant_tell_on_the_outcome_panel(
    world: Any, metrics_dir: Path
) -> None:
    h.bound_series(world, h.stepped(), days_ago=58)
    h.release(world, "Reorder button", shipped_at=h.ago(30), solutions=[h.solution(world)])
    h.release(world, "Saved basket", shipped_at=h.ago(25), solutions=[h.solution(world, "Basket")])
    outcome = h.outcome(world)
    page = world.client("viewer").get(reverse("strategy:outcome", args=[outcome.pk])).content
    html = page.decode()
    assert "Releases serving this outcome" in html
    assert html.count(">Can&#x27;t tell<") == 2, html[html.find("outcome-releases") :][:3000]
    assert "cannot be put down to this release alone" in html


def test_the_api_reads_a_release_and_lists_an_outcomes_releases_with_their_reads(
    world: Any, metrics_dir: Path
) -> None:
    metric = h.bound_series(world, h.stepped(), days_ago=58)
    release = h.release(
        world, "Reorder button", shipped_at=h.ago(30), solutions=[h.solution(world)]
    )
    api = world.api("viewer")
    body = api.get(f"/api/v1/delivery/releases/{release.pk}/impact").json()
    [read] = body["outcomes"]
    assert read["outcome_title"] == "More repeat buyers"
    assert read["metric"] == {"id": metric.pk, "name": metric.name, "grain": "day", "unit": ""}
    impact = read["impact"]
    assert impact["status"] == "moved" and impact["direction"] == "up" and impact["good"] is True
    assert impact["lower"] < 12 < impact["upper"] and impact["lower"] > 0
    assert impact["confidence"] == 0.95 and impact["before_periods"] == 28
    assert body["experiments"] == []
    outcome = h.outcome(world)
    listing = api.get(f"/api/v1/delivery/outcomes/{outcome.pk}/releases").json()
    assert listing["count"] == 1
    [item] = listing["items"]
    assert item["release"]["title"] == "Reorder button"
    assert item["impact"]["status"] == "moved"
    # Another organization's outcome and release do not exist for mallory.
    outsider = world.api("outsider")
    assert outsider.get(f"/api/v1/delivery/outcomes/{outcome.pk}/releases").status_code == 404
    assert outsider.get(f"/api/v1/delivery/releases/{release.pk}/impact").status_code == 404


def test_an_ab_experiment_on_a_shipped_solution_is_shown_beside_the_read(world: Any) -> None:
    from pom.experiments import services as experiments
    from pom.experiments.tests import helpers as eh

    solution = h.solution(world)
    test = eh.ab_test(world, started=True, assumption=eh.assumption(world, solution))
    experiments.conclude_test(
        h.bob(world), test, result="supported", decision="persevere", rationale="Lift held."
    )
    release = h.release(world, "Reorder button", solutions=[solution])
    page = world.client("viewer").get(release.get_absolute_url()).content.decode()
    assert "A/B experiments covering it" in page and test.title in page
    assert ">Supported<" in page and "decided to persevere" in page
    body = world.api("viewer").get(f"/api/v1/delivery/releases/{release.pk}/impact").json()
    assert body["experiments"] == [
        {
            "id": test.pk,
            "title": test.title,
            "status": "concluded",
            "result": "supported",
            "decision": "persevere",
        }
    ]


def _many(world: Any, n: int, start: int) -> None:
    for i in range(start, start + n):
        h.release(
            world,
            f"Release {i}",
            shipped_at=h.ago(40 - i),
            solutions=[h.solution(world, f"Idea {i}", outcome_title=f"Outcome {i % 3}")],
        )


def test_reads_of_many_releases_and_outcomes_take_a_fixed_number_of_queries(
    world: Any, metrics_dir: Path
) -> None:
    h.bound_series(world, h.stepped(), days_ago=58, outcome_title="Outcome 0")
    outcome = h.outcome(world, "Outcome 0")
    client, api = world.client("viewer"), world.api("viewer")
    urls = [
        (client, reverse("strategy:outcome", args=[outcome.pk])),
        (api, f"/api/v1/delivery/outcomes/{outcome.pk}/releases"),
    ]
    _many(world, 3, 0)
    few = [count_queries(c, url) for c, url in urls]
    _many(world, 12, 3)
    assert [count_queries(c, url) for c, url in urls] == few
    # One release serving many outcomes, some bound, some not: the same reads.
    release = h.release(world, "Wide", shipped_at=h.ago(30), solutions=[h.solution(world, "W0")])
    one = count_queries(client, release.get_absolute_url())
    release.solutions.add(
        *[h.solution(world, f"W{i}", outcome_title=f"Outcome {i}") for i in range(1, 6)]
    )
    assert count_queries(client, release.get_absolute_url()) == one
