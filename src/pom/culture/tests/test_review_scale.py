"""A large portfolio: the review lists the first changes of each kind and counts the rest, and a
bet's page links the outcomes it shows, whatever the number of outcomes."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pom.culture import reviews
from pom.culture.portfolio import MAX_CHANGES, NO_BET, bet_rows
from pom.culture.tests import review_helpers as rh

pytestmark = pytest.mark.django_db


def test_many_changes_list_the_first_and_count_them_all(world: Any) -> None:
    rh.portfolio(world)
    reviews.hold_review(rh.leo(world), reviews.start_review(rh.leo(world)))
    for i in range(MAX_CHANGES + 5):
        rh.outcome(world, f"New outcome {i:02}")
    changes = reviews.review_content(reviews.start_review(rh.leo(world)))["changes"]
    assert changes["new"]["total"] == MAX_CHANGES + 5
    assert len(changes["new"]["items"]) == MAX_CHANGES
    assert all(i["url"].startswith("/strategy/outcomes/") for i in changes["new"]["items"])


def test_a_bets_page_links_its_outcomes_in_a_fixed_count(world: Any) -> None:
    rh.portfolio(world)
    review = reviews.start_review(rh.leo(world))
    client = world.client("viewer")
    url = f"/culture/reviews/{review.pk}/?bet={NO_BET}"

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(30):
        rh.outcome(world, f"Unbetted outcome {i:02}")
    assert count() == few
    rows = bet_rows(reviews.review_content(review), NO_BET)
    assert len(rows) > 30
    page = client.get(url).content.decode()
    first = rows[0]
    assert f'<a href="/strategy/outcomes/{first["id"]}/">' in page
