"""Pages and list endpoints read in a fixed number of queries, however many rows there are."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from tests.query_counts import count_queries

from pom.discovery import services
from pom.discovery.models import Insight, Opportunity, Solution
from pom.discovery.tests import helpers as h
from pom.experiments.models import Assumption, AssumptionTest
from pom.strategy import services as strategy_services


def big_tree(world: Any, outcome: Any, team: Any, size: int) -> None:
    """``size`` opportunities four levels deep, each with a solution and evidence (bulk, for speed)."""
    org = world.org_a
    made: list[Opportunity] = []
    for i in range(size):
        parent = made[(i - 1) // 4] if i else None
        opp = Opportunity(
            organization=org,
            outcome=outcome,
            team=team,
            parent=parent,
            title=f"Need {i}",
            position=i,
        )
        opp.save()
        made.append(opp)
    solutions = Solution.objects.bulk_create(
        [Solution(organization=org, team=team, opportunity=o, title=f"Idea {o.pk}") for o in made]
    )
    if not solutions[0].pk:
        solutions = list(Solution.objects.for_org(org).filter(opportunity__in=made).order_by("id"))
    # The fourth level: an assumption behind every solution and a test of each.
    assumptions = Assumption.objects.bulk_create(
        [
            Assumption(
                organization=org,
                solution=s,
                statement=f"Belief {s.pk}",
                risk_type="value",
                importance=4,
                evidence_strength=2,
            )
            for s in solutions
        ]
    )
    if not assumptions[0].pk:
        assumptions = list(
            Assumption.objects.for_org(org).filter(solution__in=solutions).order_by("id")
        )
    tests = AssumptionTest.objects.bulk_create(
        [
            AssumptionTest(
                organization=org,
                team=team,
                title=f"Check {a.pk}",
                method="fake_door",
                hypothesis="h",
                success_criterion="c",
            )
            for a in assumptions
        ]
    )
    if not tests[0].pk:
        tests = list(AssumptionTest.objects.for_org(org).filter(team=team).order_by("id"))[-size:]
    links = AssumptionTest.assumptions.through
    links.objects.bulk_create(
        [
            links(assumptiontest_id=t.pk, assumption_id=a.pk)
            for t, a in zip(tests, assumptions, strict=True)
        ]
    )
    insights = Insight.objects.bulk_create(
        [
            Insight(organization=org, team=team, text=f"Quote {i}", observed_on=h.days_ago(i % 400))
            for i in range(size)
        ]
    )
    if not insights[0].pk:
        insights = list(Insight.objects.for_org(org).order_by("id"))
    through = Opportunity.insights.through
    through.objects.bulk_create(
        [
            through(opportunity_id=o.pk, insight_id=i.pk)
            for o, i in zip(made, insights, strict=False)
        ]
    )


# + the opportunities (with their evidence), the solutions, the assumptions and their tests.
TREE_PAGE, TREE_API, TREE_CANVAS = 10, 7, 8


def test_the_tree_page_and_api_read_use_a_fixed_number_of_queries(world: Any) -> None:
    team = h.team(world)
    small, large = h.outcome(world, team, "Small"), h.outcome(world, team, "Large")
    big_tree(world, small, team, 5)
    big_tree(world, large, team, 260)  # 260 opportunities, solutions and tests: 780 nodes
    client, api = world.client("member"), world.api("member")
    page = "/discovery/outcomes/{}/tree/"
    assert count_queries(client, page.format(small.pk)) == TREE_PAGE
    assert count_queries(client, page.format(large.pk)) == TREE_PAGE
    url = "/api/v1/discovery/outcomes/{}/tree"
    assert count_queries(api, url.format(small.pk)) == TREE_API
    assert count_queries(api, url.format(large.pk)) == TREE_API
    body = api.get(url.format(large.pk)).json()
    assert body["nodes"] == 781
    page = client.get(f"/discovery/outcomes/{large.pk}/tree/").content.decode()
    assert "Need 259" in page  # every node is in the embedded tree data
    assert "260 assumption tests" in " ".join(page.split())
    # Laid out again with every branch open: still the same reads, every box drawn.
    canvas = "/discovery/outcomes/{}/tree/canvas/?closed="
    assert count_queries(client, canvas.format(small.pk)) == TREE_CANVAS
    assert count_queries(client, canvas.format(large.pk)) == TREE_CANVAS
    drawn = client.get(canvas.format(large.pk)).content.decode()
    assert drawn.count('data-kind="test"') == 260


def test_the_tree_page_read_is_pinned(world: Any) -> None:
    team = h.team(world)
    outcome = h.outcome(world, team)
    big_tree(world, outcome, team, 500)
    client = world.client("member")
    assert count_queries(client, f"/discovery/outcomes/{outcome.pk}/tree/") == TREE_PAGE


def grow(world: Any, n: int) -> None:
    bob = world.membership("member")
    team = h.team(world)
    outcome = h.outcome(world, team, f"Outcome {n}")
    carol = world.membership("stakeholder")
    metric = h.metric(world, f"Activation {n}", value=25.0)
    principle = strategy_services.create_principle(
        world.membership("leader"), text=f"Clarity over features {n}"
    )
    for i in range(n):
        tp = services.record_touchpoint(
            bob,
            team=team,
            happened_on=h.days_ago(i),
            customer_name=f"C{i}",
            attendees=[h.person(world, f"P{n}x{i}")],
            insights=[{"text": f"Export is slow {i}", "tags": ["export", f"t{i}"]}],
        )
        opp = services.create_opportunity(bob, outcome=outcome, title=f"Need {n}-{i}")
        services.link_insight(bob, tp.insights.get(), opp)
        services.submit_input(
            carol, kind="suggestion", text=f"Idea {i}", team=team, outcome=outcome
        )
        services.record_decision(
            bob,
            title=f"Decision {i}",
            opportunity=opp,
            revisit_on=h.TODAY() if i % 2 else None,
            revisit_metric=metric,
            revisit_comparison="below",
            revisit_threshold=30,
            principles=[principle],
        )


# Per request, with the tenant middleware's reads (session, user, memberships). On PostgreSQL a
# search first asks how common each word is, to choose its plan: two more queries.
SEARCH = 2 if connection.vendor == "postgresql" else 0
PAGES = {
    "/discovery/": 11,
    "/discovery/touchpoints/": 9,
    "/discovery/insights/": 9,
    "/discovery/insights/?q=export&tag=export": 9 + SEARCH,
    "/discovery/inbox/": 7,
    "/discovery/inbox/?triage=": 7,
    # + the metrics and principles the form offers, + the cited principles of the rows.
    "/discovery/decisions/": 8,
    "/discovery/decisions/?due=1&status=accepted": 8,
}
ENDPOINTS = {
    "/api/v1/discovery/touchpoints": 5,
    "/api/v1/discovery/insights?q=export": 4 + SEARCH,
    "/api/v1/discovery/opportunities": 4,
    "/api/v1/discovery/solutions": 4,
    "/api/v1/discovery/inputs": 4,
    "/api/v1/discovery/decisions": 5,
}
TEAM_PAGE = 14


@pytest.mark.parametrize(("url", "expected"), {**PAGES, **ENDPOINTS}.items())
def test_list_reads_do_not_grow_with_rows(world: Any, url: str, expected: int) -> None:
    grow(world, 3)
    client = world.api("member") if url.startswith("/api/") else world.client("member")
    assert count_queries(client, url) == expected
    grow(world, 12)
    assert count_queries(client, url) == expected


def test_the_team_page_does_not_grow_with_rows(world: Any) -> None:
    grow(world, 3)
    client, team = world.client("member"), h.team(world)
    assert count_queries(client, f"/discovery/teams/{team.pk}/") == TEAM_PAGE
    grow(world, 10)
    assert count_queries(client, f"/discovery/teams/{team.pk}/") == TEAM_PAGE
