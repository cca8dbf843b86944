"""The home's "decisions due for revisit": counted per role in one query, linked to exactly those."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pom.core import attention
from pom.core.tests.test_views_home import items
from pom.discovery import services
from pom.discovery.tests import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(world: Any) -> dict[str, Any]:
    """Checkout (bob's team) and Search each have a decision due; one more is not due yet."""
    leo = world.membership("leader")
    checkout, search = h.team(world, "Checkout"), h.team(world, "Search", with_bob=False)
    activation = h.metric(world, value=22.0)
    mine = services.record_decision(
        leo,
        title="One-page checkout",
        team=checkout,
        revisit_metric=activation,
        revisit_comparison="below",
        revisit_threshold=30,
    )
    theirs = services.record_decision(
        leo, title="Search by SKU", team=search, decided_on=h.days_ago(40), revisit_on=h.days_ago(1)
    )
    services.record_decision(
        leo, title="Not yet", team=checkout, revisit_on=h.TODAY() + timedelta(days=5)
    )
    return {"mine": mine, "theirs": theirs}


def test_a_leader_sees_every_due_decision_linked_to_the_filtered_log(world: Any, due: Any) -> None:
    found = items(world.client("leader").get(reverse("core:home")))
    url = reverse("discovery:decisions") + "?due=1"
    assert found["decisions_due"] == (2, url)
    listed = " ".join(world.client("leader").get(url).content.decode().split())
    assert "One-page checkout" in listed and "Search by SKU" in listed and "Not yet" not in listed


def test_a_member_sees_their_teams_one_decision_linked_straight_to_it(world: Any, due: Any) -> None:
    found = items(world.client("member").get(reverse("core:home")))
    assert found["decisions_due"] == (1, reverse("discovery:decision", args=[due["mine"].pk]))


def test_reviewing_takes_it_off_the_list(world: Any, due: Any) -> None:
    leo = world.membership("leader")
    services.review_decision(leo, due["theirs"], outcome="reverse", note="Nobody used it")
    services.review_decision(leo, due["mine"], outcome="keep")
    assert "decisions_due" not in items(world.client("leader").get(reverse("core:home")))


def test_stakeholders_and_viewers_are_not_given_the_chore(world: Any, due: Any) -> None:
    for persona in ("stakeholder", "viewer"):
        assert "decisions_due" not in items(world.client(persona).get(reverse("core:home")))


def test_the_count_is_one_query_however_many_decisions(world: Any, due: Any) -> None:
    leo = world.membership("leader")
    for i in range(30):
        services.record_decision(
            leo, title=f"Old {i}", decided_on=h.days_ago(9), revisit_on=h.days_ago(1)
        )
    check = attention.CHECKS["decisions_due"].check
    scope = attention.scope_for(leo, h.TODAY())
    with CaptureQueriesContext(connection) as captured:
        result = check(scope)
    assert result[0].count == 32 and len(captured) == 1
