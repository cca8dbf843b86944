"""The rituals read the metrics pillar: a demo shows each bound outcome's forecast and breached
guardrails and each release's measured effect; the portfolio review counts forecasts to miss and
breached guardrails, and lists those outcomes for a conversation first."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from pom.culture import reviews
from pom.culture.compile import compile_demo
from pom.culture.markdown import demo_markdown, review_markdown
from pom.culture.portfolio import compile_review
from pom.culture.tests import helpers as h
from pom.delivery import services as delivery
from pom.delivery.impact import Verdict
from pom.discovery import services as discovery
from pom.metrics import services as metrics
from pom.metrics.tests import helpers as mh
from pom.metrics.tests.helpers import metrics_dir

__all__ = ["metrics_dir"]

pytestmark = pytest.mark.django_db

LAST_DATA_DAY = date(2026, 3, 31)  # the generated events run up to this day


@pytest.fixture
def on_the_last_data_day(monkeypatch: Any) -> None:
    import pom.core.validation as validation

    monkeypatch.setattr(validation, "today", lambda: LAST_DATA_DAY)


@pytest.fixture
def bound(world: Any, metrics_dir: Path, on_the_last_data_day: None) -> Any:
    """Checkout's outcome reads "Daily visits" (about 109 a day, rising by one a day): a target of
    500 by the end of April cannot be reached, and its guardrail (at most 100 a day) is breached."""
    leader = world.membership("leader")
    metric = mh.metric_of(world, name="Daily visits")
    metrics.refresh_now(leader, metric)
    outcome = h.outcome(world)
    outcome.target_value = 500
    outcome.deadline = LAST_DATA_DAY + timedelta(days=30)
    outcome.direction = "increase"
    outcome.guardrails = [{"metric": "Daily visits", "comparison": "at_most", "limit": 100}]
    outcome.save()
    metrics.bind_metric(leader, outcome, metric=metric)
    metrics.bind_metric(leader, outcome, metric=metric, guardrail="Daily visits")
    return outcome


def test_the_demo_shows_a_bound_outcomes_forecast_and_breached_guardrail(
    world: Any, bound: Any
) -> None:
    content = compile_demo(h.bob(world), h.team(world), h.days_ago(13), h.days_ago(0))
    (item,) = content["outcomes"]
    assert item["forecast"]["status"] == "off_track"
    assert item["forecast"]["label"] == "Off track" and item["forecast"]["reason"]
    (guardrail,) = item["guardrails_breached"]
    assert guardrail.startswith("Daily visits (since ")
    assert "not installed" not in content["forecast_note"]
    assert "Forecasts come from each outcome's metric" in content["forecast_note"]
    text = demo_markdown("Demo", "", content)
    assert "  - Forecast: Off track." in text and "  - Guardrail breached: Daily visits" in text
    demo = h.demo(world)
    page = " ".join(
        world.client("member").get(f"/culture/demos/{demo.pk}/").content.decode().split()
    )
    assert "Forecast to the deadline:" in page and "Guardrail breached" in page


def test_a_demo_without_bound_outcomes_says_where_forecasts_come_from(world: Any) -> None:
    h.outcome(world)
    content = compile_demo(h.bob(world), h.team(world), h.days_ago(13), h.days_ago(0))
    assert content["outcomes"][0]["forecast"] is None
    assert "No outcome here is bound to a metric" in content["forecast_note"]


def test_a_release_in_the_demo_shows_its_measured_effect_on_the_outcomes_metric(
    world: Any, bound: Any
) -> None:
    bob = h.bob(world)
    opportunity = discovery.create_opportunity(bob, outcome=bound, title="Visitors come back")
    solution = discovery.create_solution(bob, opportunity=opportunity, title="Weekly reminder")
    shipped = datetime(2026, 3, 10, 12, tzinfo=timezone.get_current_timezone())
    delivery.log_release(
        bob,
        team=h.team(world),
        title="Weekly reminder email",
        shipped_at=shipped,
        solutions=[solution],
    )
    delivery.log_release(bob, team=h.team(world), title="Dependency upgrades", shipped_at=shipped)
    content = compile_demo(bob, h.team(world), date(2026, 3, 1), date(2026, 3, 15))
    by_title = {r["title"]: r for r in content["delivery"]["releases"]}
    (effect,) = by_title["Weekly reminder email"]["effects"]
    assert effect["outcome"] == bound.title
    assert effect["verdict"] in Verdict.LABELS.values() and effect["reason"]
    assert by_title["Dependency upgrades"]["effects"] == []
    assert "interrupted time series" in content["delivery"]["note"]
    assert f"  - {effect['verdict']} ({bound.title}):" in demo_markdown("Demo", "", content)


def test_the_review_lists_an_outcome_forecast_to_miss_with_a_breached_guardrail_first(
    world: Any, bound: Any
) -> None:
    leader = world.membership("leader")
    content = compile_review(world.org_a.pk)
    talk = next(t for t in content["conversations"]["items"] if t["id"] == bound.pk)
    assert "forecast to miss" in talk["reasons"] and "1 guardrail breached" in talk["reasons"]
    assert talk["forecast"] == "Off track"
    (group,) = [b for b in content["bets"] if b["outcomes"]]
    assert (group["forecast_off"], group["breached"]) == (1, 1)
    assert "Forecasts to the deadline and guardrails come from" in content["note"]
    review = reviews.start_review(leader)
    client = world.client("leader")
    page = " ".join(client.get(f"/culture/reviews/{review.pk}/").content.decode().split())
    assert "Forecast to miss" in page and "Guardrail breached" in page
    assert "forecast: off track" in page
    bet_page = client.get(f"/culture/reviews/{review.pk}/?bet={group['key']}").content.decode()
    assert "1 guardrail breached" in " ".join(bet_page.split())
    text = review_markdown("Review", "", content)
    assert "| Forecast to miss | Guardrail breached |" in text and "forecast: off track" in text


def test_the_next_review_says_which_guardrails_were_newly_breached(
    world: Any, metrics_dir: Path, on_the_last_data_day: None
) -> None:
    leader = world.membership("leader")
    held = reviews.hold_review(leader, reviews.start_review(leader))
    outcome = h.outcome(world)
    # Compared with the review held before the outcome existed: new, and breached.
    metric = mh.metric_of(world, name="Daily visits")
    metrics.refresh_now(leader, metric)
    outcome.guardrails = [{"metric": "Daily visits", "comparison": "at_most", "limit": 100}]
    outcome.save()
    metrics.bind_metric(leader, outcome, metric=metric, guardrail="Daily visits")
    content = compile_review(world.org_a.pk, held.snapshot)
    assert content["changes"]["new"]["total"] == 1
    # A review held with an older snapshot shape (no forecast or breached column) still compares.
    old = {"state": {k: v[:10] for k, v in content["state"].items()}, "as_of_label": "then"}
    again = compile_review(world.org_a.pk, old)
    assert [i["title"] for i in again["changes"]["breached"]["items"]] == [outcome.title]
    assert "Guardrail newly breached" in review_markdown("Review", "", again)


def test_a_review_without_bound_outcomes_says_so(world: Any) -> None:
    h.outcome(world)
    content = compile_review(world.org_a.pk)
    assert "No open outcome is bound to a metric yet" in content["note"]
