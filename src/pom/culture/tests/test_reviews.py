"""Portfolio reviews: outcomes grouped by bet (through their parents), on and off track, the
conversations to have first, what changed since the last review, and frozen once held."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pom.culture import reviews
from pom.culture.models import PortfolioReview
from pom.culture.portfolio import NO_BET, bet_rows, compile_review
from pom.culture.services import DemoFrozen
from pom.culture.tests import review_helpers as rh
from pom.strategy import services as strategy

pytestmark = pytest.mark.django_db


def test_outcomes_are_grouped_by_their_own_or_an_ancestors_bet(world: Any) -> None:
    p = rh.portfolio(world)
    content = compile_review(world.org_a.pk)
    bet, none = content["bets"]
    assert (bet["title"], bet["outcomes"], bet["teams"]) == ("Win repeat buyers", 4, 1)
    assert (none["key"], none["title"], none["outcomes"]) == (NO_BET, "Serving no bet", 1)
    titles = {r["title"] for r in bet_rows(content, str(p["bet"].pk))}
    assert "Buyers reorder in one click" in titles and "Repeat revenue grows" in titles


def test_progress_behind_the_time_elapsed_is_off_track(world: Any) -> None:
    p = rh.portfolio(world)
    rows = {r["title"]: r for r in bet_rows(compile_review(world.org_a.pk), str(p["bet"].pk))}
    assert rows["Buyers reorder in one click"]["track"] == "off"  # 10% of the way, half the time
    assert rows["Buyers reorder in one click"]["progress"] == 10
    assert rows["Saved baskets get reused"]["track"] == "on"  # 60% of the way
    assert rows["Buyers reorder in one click"]["reasons"] == ["off track"]


def test_conversations_name_the_reasons_and_the_confidence_trend(world: Any) -> None:
    rh.portfolio(world)
    talks = compile_review(world.org_a.pk)["conversations"]
    by_title = {t["title"]: t for t in talks["items"]}
    assert by_title["Saved baskets get reused"]["reasons"] == ["low confidence (2 of 10)"]
    assert by_title["Saved baskets get reused"]["trend"] == "7 → 2"
    assert by_title["Support tickets fall"]["reasons"] == ["no recent check-in"]
    assert "Buyers reorder in one click" in by_title
    assert "Repeat revenue grows" not in by_title


def test_the_next_review_says_what_changed_since_the_last_one_held(world: Any) -> None:
    p = rh.portfolio(world)
    first = reviews.hold_review(rh.leo(world), reviews.start_review(rh.leo(world)))
    strategy.record_check_in(rh.leo(world), p["loose"], value=25, confidence=3)
    strategy.update_outcome(rh.leo(world), p["behind"], status="dropped")
    rh.outcome(world, "Gift cards get used", bet=p["bet"])
    second = reviews.start_review(rh.leo(world))
    assert second.previous == first
    changes = reviews.review_content(second)["changes"]
    assert changes["since"] == first.snapshot["as_of_label"]
    assert [i["title"] for i in changes["new"]["items"]] == ["Gift cards get used"]
    assert [(i["title"], i["change"]) for i in changes["closed"]["items"]] == [
        ("Buyers reorder in one click", "dropped")
    ]
    assert [i["change"] for i in changes["confidence_down"]["items"]] == ["confidence 6 → 3"]
    rows = {r["title"]: r for r in bet_rows(reviews.review_content(second), NO_BET)}
    assert (rows["Support tickets fall"]["was"], rows["Support tickets fall"]["confidence"]) == (
        6,
        3,
    )


def test_a_first_review_says_it_has_nothing_to_compare_with(world: Any) -> None:
    review = reviews.start_review(rh.leo(world))
    content = reviews.review_content(review)
    assert content["changes"] == {"first": True} and content["bets"] == []


def test_a_held_review_is_frozen(world: Any) -> None:
    rh.portfolio(world)
    review = reviews.hold_review(rh.leo(world), reviews.start_review(rh.leo(world)))
    rh.outcome(world, "Added after the review")
    assert "Added after the review" not in json.dumps(reviews.review_content(review))
    with pytest.raises(DemoFrozen):
        reviews.update_review(rh.leo(world), review, notes="Rewritten")
    with pytest.raises(DemoFrozen):
        reviews.delete_review(rh.leo(world), review)
    response = world.api("leader").patch(
        f"/api/v1/culture/reviews/{review.pk}",
        data=json.dumps({"notes": "Rewritten"}),
        content_type="application/json",
    )
    assert response.status_code == 409 and "frozen" in response.json()["message"]


def test_only_leaders_and_owners_run_reviews(world: Any) -> None:
    with pytest.raises(PermissionDenied):
        reviews.start_review(world.membership("member"))
    assert not PortfolioReview.objects.for_org(world.org_a).exists()


def test_the_review_page_shows_bets_conversations_and_one_bets_outcomes(world: Any) -> None:
    p = rh.portfolio(world)
    client = world.client("leader")
    response = client.post("/culture/reviews/new/")
    review = PortfolioReview.objects.for_org(world.org_a).get()
    assert response["Location"] == f"/culture/reviews/{review.pk}/"
    page = world.client("viewer").get(response["Location"]).content.decode()
    for shown in (
        "Win repeat buyers",
        "Serving no bet",
        "Conversations to have first",
        "low confidence (2 of 10)",
        "This is the first review",
    ):
        assert shown in page, shown
    bet_page = client.get(f"/culture/reviews/{review.pk}/?bet={p['bet'].pk}").content.decode()
    assert "Buyers reorder in one click" in bet_page and "Off track" in bet_page
    assert "No new markets" in bet_page
    text = client.get(f"/culture/reviews/{review.pk}/markdown/").content.decode()
    assert "| 1. [Win repeat buyers](http://testserver/strategy/bets/" in text


def test_the_review_page_reads_in_a_fixed_count(world: Any) -> None:
    p = rh.portfolio(world)
    held = reviews.hold_review(rh.leo(world), reviews.start_review(rh.leo(world)))
    draft = reviews.start_review(rh.leo(world))
    client = world.client("viewer")

    def count(url: str) -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = [f"/culture/reviews/{draft.pk}/", f"/culture/reviews/{held.pk}/?bet={p['bet'].pk}"]
    before = [count(u) for u in urls]
    for i in range(12):
        outcome = rh.outcome(world, f"More outcome {i}", parent=p["product"], owner_team=p["team"])
        strategy.record_check_in(rh.leo(world), outcome, value=21, confidence=2)
    assert [count(u) for u in urls] == before
