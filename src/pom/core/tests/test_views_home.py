"""The home page's to-do list: what needs attention, counted per role, each one click from its fix."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from tests.query_counts import count_queries

from pom.discovery import services as discovery
from pom.discovery.tests import helpers as h
from pom.experiments import services as experiments
from pom.experiments.tests import helpers as xh
from pom.metrics.models import BindingRole, OutcomeMetric
from pom.metrics.tests.helpers import metric_of, metrics_dir
from pom.strategy import services as strategy
from pom.strategy.models import Outcome
from pom.strategy.tests.helpers import clear_outcome
from pom.teams.tests.helpers import bulk_org

pytestmark = pytest.mark.django_db
__all__ = ["metrics_dir"]

TICKETS = "support tickets per 1,000 workspaces"


def items(response: Any) -> dict[str, tuple[int, str]]:
    """The to-do list as shown: each line's key → (count, link)."""
    html = response.content.decode()
    found = {}
    for key, count, url in re.findall(
        r'data-key="([a-z_]+)">\s*<strong class="todo-count">(\d+)</strong>.*?<a href="([^"]+)"',
        html,
        flags=re.S,
    ):
        found[key] = (int(count), url.replace("&amp;", "&"))
    return found


@pytest.fixture
def chain(world: Any) -> dict[str, Any]:
    """Checkout (bob's team) is off track, stale, breached, lapsed, with input and a late test;
    Search (not bob's) has a full check-in rhythm but no trio and one stale outcome."""
    leo = world.membership("leader")
    checkout = h.team(world, "Checkout")
    search = h.team(world, "Search", with_bob=False)
    mine = strategy.create_outcome(leo, **clear_outcome(owner_team=checkout))
    strategy.record_check_in(
        leo,
        mine,
        value=30,
        confidence=2,
        status="off_track",
        guardrails={TICKETS: 20},
        date=h.days_ago(30),
    )
    theirs = strategy.create_outcome(
        leo, **clear_outcome(title="Searchers find an answer first time", owner_team=search)
    )
    Outcome.objects.for_org(world.org_a).filter(pk=theirs.pk).update(
        created_at=theirs.created_at - timedelta(days=60)
    )
    discovery.record_touchpoint(leo, team=search, happened_on=h.TODAY(), summary="Call")
    discovery.submit_input(
        world.membership("stakeholder"), kind="context", text="Q3 pricing changes", team=checkout
    )
    test = xh.ab_test(world, planned_end=h.days_ago(3))
    experiments.set_variants(xh.bob(world), test, [{"name": "control"}, {"name": "reorder button"}])
    experiments.start_test(xh.bob(world), test)
    risky = xh.assumption(world, statement="Buyers trust a saved basket")
    return {"mine": mine, "theirs": theirs, "test": test, "risky": risky, "search": search}


def test_a_leader_sees_the_organizations_to_do_list_with_counts_and_links(world, chain):
    response = world.client("leader").get(reverse("core:home"))
    found = items(response)
    assert found["stale_outcomes"][0] == 2
    assert found["stale_outcomes"][1] == reverse("strategy:outcomes") + "?stale=1"
    # Only one off track and one breached: the link goes straight to that outcome.
    assert found["off_track_outcomes"] == (1, reverse("strategy:outcome", args=[chain["mine"].pk]))
    assert found["breached_guardrails"] == (1, reverse("strategy:outcome", args=[chain["mine"].pk]))
    assert found["lapsed_touchpoints"][0] == 1  # Checkout; Search talked to a customer this week
    assert found["untriaged_input"] == (1, reverse("discovery:inbox"))
    assert found["overdue_tests"] == (1, reverse("experiments:test", args=[chain["test"].pk]))
    # The test's own assumption is being tested now; the second one is risky and untested.
    assert found["risky_assumptions"] == (
        1,
        reverse("experiments:assumption", args=[chain["risky"].pk]),
    )
    # Neither team has a full trio (Checkout has only bob, its product manager).
    assert found["trio_gaps"] == (2, reverse("teams:index") + "?gap=trio")
    assert b"Across the organization." in response.content


def test_a_member_sees_only_their_teams_items_linked_to_lists_narrowed_to_their_team(world, chain):
    response = world.client("member").get(reverse("core:home"))
    found = items(response)
    checkout = h.team(world, "Checkout")
    # Search's stale outcome and trio gap are not bob's to fix; Checkout's are.
    assert found["stale_outcomes"] == (1, reverse("strategy:outcome", args=[chain["mine"].pk]))
    assert found["trio_gaps"] == (1, reverse("teams:team", args=["checkout"]))
    assert found["untriaged_input"] == (1, f"{reverse('discovery:inbox')}?team={checkout.pk}")
    assert found["lapsed_touchpoints"] == (1, reverse("discovery:team", args=[checkout.pk]))
    assert b"For your team." in response.content


def test_a_stakeholder_follows_outcomes_and_their_own_waiting_input_but_gets_no_team_chores(
    world, chain
):
    found = items(world.client("stakeholder").get(reverse("core:home")))
    assert found["off_track_outcomes"][0] == 1
    assert found["my_waiting_input"] == (1, reverse("discovery:inbox"))
    for chore in ("untriaged_input", "overdue_tests", "risky_assumptions", "trio_gaps"):
        assert chore not in found


def test_a_viewer_follows_outcomes_only(world, chain):
    found = items(world.client("viewer").get(reverse("core:home")))
    assert set(found) == {"stale_outcomes", "off_track_outcomes", "breached_guardrails"}


def test_a_metric_forecast_off_track_and_a_breached_metric_guardrail_count_too(
    world, chain, metrics_dir
):
    metric = metric_of(world)
    theirs = chain["theirs"]
    OutcomeMetric.objects.create(
        organization=world.org_a,
        outcome=theirs,
        metric=metric,
        role=BindingRole.PRIMARY,
        forecast_status="off_track",
    )
    OutcomeMetric.objects.create(
        organization=world.org_a,
        outcome=theirs,
        metric=metric,
        role=BindingRole.GUARDRAIL,
        comparison="at_most",
        limit=1,
        breached_since=h.days_ago(5),
    )
    client = world.client("leader")
    found = items(client.get(reverse("core:home")))
    assert found["off_track_outcomes"][0] == 2
    assert found["breached_guardrails"][0] == 2
    # The link's list shows exactly what the home counted.
    listed = client.get(found["off_track_outcomes"][1]).content.decode()
    assert chain["mine"].title in listed and theirs.title in listed
    api = world.api("leader").get("/api/v1/strategy/outcomes?attention=breached").json()
    assert {o["id"] for o in api["items"]} == {chain["mine"].pk, theirs.pk}


def test_the_filtered_lists_show_what_the_home_counted(world, chain):
    client = world.client("leader")
    board = client.get(reverse("experiments:index") + "?overdue=true").content.decode()
    assert chain["test"].title in board and "past its planned end" in board
    risky = client.get(reverse("experiments:map") + "?risky=true")
    assert [a.pk for a in risky.context["assumptions"]] == [chain["risky"].pk]


def test_fixing_an_item_takes_it_off_the_list(world, chain):
    leo = world.membership("leader")
    strategy.record_check_in(
        leo, chain["mine"], value=35, confidence=8, status="on_track", guardrails={TICKETS: 5}
    )
    found = items(world.client("leader").get(reverse("core:home")))
    assert "off_track_outcomes" not in found
    assert "breached_guardrails" not in found
    assert found["stale_outcomes"][0] == 1


def test_a_clear_organization_says_so(world):
    response = world.client("leader").get(reverse("core:home"))
    assert b'data-testid="all-clear"' in response.content


def test_a_member_on_no_team_is_told_why_the_list_is_empty(world):
    response = world.client("member").get(reverse("core:home"))
    assert b"You are not on a team yet" in response.content


def test_the_home_runs_a_fixed_number_of_queries_however_many_teams(world, chain):
    leader, member = world.client("leader"), world.client("member")
    # Leaders: + the ritual cadences and the portfolio review's (culture); members: + their teams.
    # Both: + the decisions due for revisit (discovery).
    assert count_queries(leader, reverse("core:home")) == 13
    assert count_queries(member, reverse("core:home")) == 13
    bulk_org(world.org_a, teams=300, per_team=4)
    assert count_queries(leader, reverse("core:home")) == 13
    assert count_queries(member, reverse("core:home")) == 13
