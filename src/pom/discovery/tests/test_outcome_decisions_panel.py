"""The outcome page's decisions panel: decisions on the outcome, on its opportunities and on their
solutions, newest first; none of another outcome's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pom.discovery import services
from pom.discovery.tests import helpers as dh

pytestmark = pytest.mark.django_db


def test_the_panel_lists_decisions_on_the_outcome_its_opportunities_and_their_solutions(world):
    bob = world.membership("member")
    team = dh.team(world)
    ours, theirs = dh.outcome(world, team), dh.outcome(world, team, title="Fewer refunds")
    opp = services.create_opportunity(bob, outcome=ours, title="I can't reorder quickly")
    solution = services.create_solution(bob, opportunity=opp, title="Reorder button")
    other = services.create_opportunity(bob, outcome=theirs, title="I can't get my money back")
    for title, on in [
        ("Focus on repeat buyers", {"outcome": ours}),
        ("Reorder before search", {"opportunity": opp}),
        ("Ship the button first", {"solution": solution}),
        ("Refunds in one day", {"opportunity": other}),
    ]:
        services.record_decision(bob, title=title, team=team, **on)
    html = world.client("viewer").get(reverse("strategy:outcome", args=[ours.pk])).content.decode()
    for title in ("Focus on repeat buyers", "Reorder before search", "Ship the button first"):
        assert title in html
    assert "Refunds in one day" not in html
