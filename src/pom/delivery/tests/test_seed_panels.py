"""The delivery seeder spreads teams across the DORA bands; the team page and outcome panels."""

from __future__ import annotations

import random

import pytest
from django.urls import reverse

from pom.core.seeding import SeedContext
from pom.delivery import dora, panels
from pom.delivery.figures import Band
from pom.delivery.models import Release
from pom.delivery.seed import seed_delivery
from pom.delivery.tests import helpers as h
from pom.discovery.tests import helpers as dh

pytestmark = pytest.mark.django_db


def test_seeded_teams_span_the_bands_and_most_releases_serve_an_outcome(world):
    teams = [h.team(world)] + [
        dh.team(world, n, with_bob=False) for n in ("Search", "Payments", "Ledger")
    ]
    h.solution(world, "Saved baskets")  # Checkout's; the other teams ship only chores
    ctx = SeedContext(organization=world.org_a, teams=4, rng=random.Random(7))
    ctx.made["teams"] = teams
    seed_delivery(ctx)
    figs = dora.figures_for(world.org_a.pk, dora.window(), [t.pk for t in teams])
    bands = [figs[t.pk].frequency.band for t in teams]
    assert bands[0] == Band.ELITE and bands[-1] in (Band.LOW, Band.MEDIUM)
    assert figs[teams[0].pk].lead_time.band == Band.ELITE
    assert figs[teams[3].pk].lead_time.band == Band.LOW
    assert all(figs[t.pk].failure_rate.deployments for t in teams[:3])
    releases = Release.objects.for_org(world.org_a)
    assert releases.exists() and releases.filter(solutions__isnull=False).exists()


def test_the_team_page_has_a_delivery_panel(world):
    h.release(world, "Reorder button", solutions=[h.solution(world)])
    team = h.team(world)
    page = world.client("viewer").get(reverse("teams:team", args=[team.slug])).content.decode()
    assert 'data-testid="delivery-panel"' in page and "Reorder button" in page


def test_an_outcome_and_a_bet_list_the_releases_that_serve_them(world):
    served = h.release(world, "Reorder button", solutions=[h.solution(world)])
    h.release(world, "Unrelated chore")
    outcome = h.outcome(world)
    actor = world.membership("viewer")
    assert list(panels.releases_for_outcome(actor, outcome)) == [served]
    assert list(panels.releases_for_bet(actor, h.bet(world))) == [served]

    class Request:
        membership = actor

    html = panels.render_outcome_releases(Request(), outcome)
    assert "Reorder button" in html and "Unrelated chore" not in html
