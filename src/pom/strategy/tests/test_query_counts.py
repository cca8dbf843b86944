"""Pages and list endpoints of the strategy pillar run a fixed number of queries (≥ 500 outcomes)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from pom.strategy.models import Outcome
from pom.strategy.tests.helpers import bulk_strategy, plan


@pytest.fixture
def big(world: Any) -> Any:
    p = plan(world)
    bulk_strategy(world, p)
    assert Outcome.objects.for_org(world.org_a).count() >= 500
    return p


def get(client: Any, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response


CASES = [
    ("map", lambda p: reverse("strategy:map"), 10),
    ("map, everything drawn", lambda p: reverse("strategy:map") + "?full=1", 9),
    ("map, one branch unfolded", lambda p: reverse("strategy:map") + f"?focus={p.business.pk}", 11),
    # The outcome workspace: every pillar's panel (metric, tree, tests, decisions, releases with
    # their impact, stakeholder input), each a fixed number of queries.
    ("outcome page", lambda p: reverse("strategy:outcome", args=[p.outcome.pk]), 24),
    ("cycle planning", lambda p: reverse("strategy:cycle", args=[p.cycle.pk]), 16),
    (
        "cycle planning for a team",
        lambda p: reverse("strategy:cycle", args=[p.cycle.pk]) + f"?team={p.acme.team.pk}",
        19,
    ),
    ("outcome list", lambda p: reverse("strategy:outcomes"), 7),
    ("home", lambda p: reverse("strategy:index"), 10),
    ("cycles", lambda p: reverse("strategy:cycles"), 5),
    ("team outcomes", lambda p: reverse("strategy:team_outcomes", args=[p.acme.team.slug]), 6),
]


@pytest.mark.parametrize(("name", "url", "queries"), CASES, ids=[c[0] for c in CASES])
def test_page_query_count_does_not_grow_with_rows(
    world: Any, big: Any, django_assert_num_queries: Any, name: str, url: Any, queries: int
) -> None:
    client = world.client("leader")
    target = url(big)
    get(client, target)  # warm the session and the settings row
    with django_assert_num_queries(queries):
        get(client, target)


API = [
    ("/api/v1/strategy/outcomes?page_size=500", 5),
    ("/api/v1/strategy/map?full=true", 7),
    ("/api/v1/strategy/commitments?page_size=500", 4),
    ("/api/v1/strategy/funding?page_size=500", 4),
    ("/api/v1/strategy/bets", 4),
    ("/api/v1/strategy/cycles", 4),
    ("/api/v1/strategy/projects", 4),
]


@pytest.mark.parametrize(("url", "queries"), API, ids=[a[0] for a in API])
def test_api_list_query_count_does_not_grow_with_rows(
    world: Any, big: Any, django_assert_num_queries: Any, url: str, queries: int
) -> None:
    client = world.api("leader")
    get(client, url)
    with django_assert_num_queries(queries):
        get(client, url)


def test_outcome_check_ins_api_pages_without_n_plus_one(
    world: Any, big: Any, django_assert_num_queries: Any
) -> None:
    client = world.api("leader")
    url = f"/api/v1/strategy/outcomes/{big.outcome.pk}/check-ins?page_size=100"
    get(client, url)
    with django_assert_num_queries(5):
        response = get(client, url)
    assert response.json()["count"] == 81
