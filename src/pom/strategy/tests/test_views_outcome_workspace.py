"""The outcome workspace: from an outcome, its numbers, tree, assumptions and tests, decisions,
releases and metric on one page — each panel linking down the chain, and back up from the tree."""

from __future__ import annotations

import pytest
from django.urls import reverse
from tests.query_counts import count_queries

from pom.delivery.tests import helpers as dh
from pom.metrics import services as metrics
from pom.metrics.tests.helpers import metric_of, metrics_dir
from pom.strategy.tests.chain import grow_chain

pytestmark = pytest.mark.django_db
__all__ = ["metrics_dir"]


def test_the_outcome_page_holds_the_whole_chain_under_it(world, metrics_dir):
    chain = grow_chain(world)
    outcome = chain["outcome"]
    metric = metric_of(world)
    metrics.bind_metric(world.membership("leader"), outcome, metric=metric)
    metrics.refresh_now(world.membership("leader"), metric)
    response = world.client("viewer").get(reverse("strategy:outcome", args=[outcome.pk]))
    html = response.content.decode()
    keys = [p["key"] for p in response.context["panels"]]
    assert keys[:3] == ["metric", "tree", "experiments"]
    assert {"decisions", "stakeholder_input", "releases"} <= set(keys)
    # Tree: figures and the way in.
    assert "1</strong> opportunity" in html
    assert reverse("discovery:tree", args=[outcome.pk]) in html
    # Assumptions and tests: the test, the assumption, the outcome's assumption map.
    assert chain["tests"][0].title in html
    assert "Buyers want to reorder in one click (0)" in html
    assert f"{reverse('experiments:map')}?outcome={outcome.pk}" in html
    # Decisions on its solutions; releases shipping them; the metric it reads.
    assert "Test the reorder button first (0)" in html
    assert "Reorder button on web 0" in html
    assert metric.name in html
    assert reverse("metrics:outcome", args=[outcome.pk]) in html
    # The page's own navigation names every panel.
    assert 'href="#panel-experiments-h">Assumptions and tests</a>' in html


def test_an_outcome_with_nothing_under_it_says_what_each_panel_will_hold(world):
    outcome = dh.outcome(world)
    html = world.client("leader").get(reverse("strategy:outcome", args=[outcome.pk])).content
    assert b"its progress is only what check-ins say" in html
    assert b"No test of these assumptions yet." in html
    assert b"No decision recorded on this outcome" in html
    assert b"No release ships a solution under this outcome yet" in html


def test_a_member_of_the_owning_team_is_offered_to_plan_a_test_a_viewer_is_not(world):
    outcome = grow_chain(world)["outcome"]
    url = reverse("strategy:outcome", args=[outcome.pk])
    plan = f"{reverse('experiments:test_create')}?team={outcome.owner_team_id}"
    assert plan in world.client("member").get(url).content.decode()
    assert plan not in world.client("viewer").get(url).content.decode()


def test_the_tree_names_its_outcome_and_links_back(world):
    outcome = dh.outcome(world)
    html = world.client("viewer").get(reverse("discovery:tree", args=[outcome.pk])).content
    assert f"Opportunity solution tree: {outcome.title}".encode() in html
    assert f'href="{reverse("strategy:outcome", args=[outcome.pk])}"'.encode() in html


def test_experiments_are_linked_from_discovery_the_team_page_and_the_solution_panel(world):
    chain = grow_chain(world)
    client = world.client("member")
    board = reverse("experiments:index")
    assert f'href="{board}"'.encode() in client.get(reverse("discovery:index")).content
    team = chain["outcome"].owner_team_id
    team_page = client.get(reverse("discovery:team", args=[team])).content.decode()
    assert f"{board}?team={team}" in team_page
    sol = chain["solutions"][0]
    panel = client.get(reverse("discovery:solution_panel", args=[sol.pk])).content.decode()
    assert f"{reverse('experiments:map')}?solution={sol.pk}" in panel


def test_another_organizations_outcome_is_a_404_with_its_panels(world):
    outcome = grow_chain(world)["outcome"]
    response = world.client("outsider").get(reverse("strategy:outcome", args=[outcome.pk]))
    assert response.status_code == 404


def test_the_workspace_runs_a_fixed_number_of_queries_however_long_the_chain(world):
    outcome = grow_chain(world, size=1)["outcome"]
    client = world.client("leader")
    url = reverse("strategy:outcome", args=[outcome.pk])
    small = count_queries(client, url)
    grow_chain(world, size=25)
    assert count_queries(client, url) == small
