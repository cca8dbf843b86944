"""A demo compiles in a fixed number of queries, and the list pages read in fixed counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pom.culture.compile import compile_demo
from pom.culture.tests import helpers as h
from pom.discovery import services as discovery

pytestmark = pytest.mark.django_db


def queries_of(call: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        call()
    return len(ctx.captured_queries)


def page_queries(client: Any, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries)


def grow(world: Any, n: int) -> None:
    """More of everything a demo reads: insights linked to opportunities, tests, check-ins."""
    work = h.period_of_work(world)
    actor = h.bob(world)
    for i in range(n):
        opp = discovery.create_opportunity(actor, outcome=work["outcome"], title=f"Need {i}")
        discovery.update_opportunity(actor, opp, stage="now")
        discovery.add_insight(
            actor,
            team=work["team"],
            text=f"Quote {i}",
            observed_on=h.days_ago(i % 10),
            opportunity=opp,
        )
        h.demo(world)


def test_compiling_a_demo_takes_the_same_queries_however_much_the_team_did(world: Any) -> None:
    t = h.team(world)
    grow(world, 2)
    small = queries_of(lambda: compile_demo(h.bob(world), t, h.days_ago(13), h.days_ago(0)))
    grow_more = 10
    actor = h.bob(world)
    work_outcome = h.outcome(world, t)
    for i in range(grow_more):
        opp = discovery.create_opportunity(actor, outcome=work_outcome, title=f"More {i}")
        discovery.update_opportunity(actor, opp, stage="now")
        discovery.add_insight(
            actor, team=t, text=f"More {i}", observed_on=h.days_ago(1), opportunity=opp
        )
    large = queries_of(lambda: compile_demo(h.bob(world), t, h.days_ago(13), h.days_ago(0)))
    # 16, and three for the metrics: forecasts, breached guardrails, the releases' outcomes' metrics.
    assert small == large == 19


@pytest.mark.parametrize(
    ("url", "expected"),
    [("/culture/", 5), ("/api/v1/culture/demos", 4)],
)
def test_list_pages_read_in_a_fixed_count(world: Any, url: str, expected: int) -> None:
    grow(world, 3)
    client = world.client("owner") if url.startswith("/culture") else world.api("owner")
    few = page_queries(client, url)
    grow(world, 25)
    assert page_queries(client, url) == few == expected


def test_the_demo_page_reads_in_a_fixed_count(world: Any) -> None:
    grow(world, 3)
    demo = h.demo(world)
    client = world.client("viewer")
    few = page_queries(client, f"/culture/demos/{demo.pk}/")
    grow(world, 12)
    assert page_queries(client, f"/culture/demos/{demo.pk}/") == few
