"""The ritual calendar reads in a fixed number of queries however many teams it shows: the
calendar page, its API, the cadences and retros lists, and the home's to-do line (a few teams, then 300 more)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from tests.query_counts import count_queries

from pom.culture.models import (
    Channel,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    RitualCadence,
    RitualKind,
    RitualLog,
)
from pom.culture.tests import ritual_helpers as rh
from pom.discovery.tests import helpers as dh
from pom.teams.models import Team
from pom.teams.tests.helpers import bulk_org

pytestmark = pytest.mark.django_db


def with_rituals(world: Any) -> None:
    """Every team without cadences gets a demo, check-in and retro cadence and a logged retro."""
    org = world.org_a.pk
    fresh = list(Team.objects.for_org(org).filter(ritual_cadences__isnull=True))
    RitualCadence.objects.bulk_create(
        RitualCadence(
            organization_id=org,
            team=t,
            kind=kind,
            every_weeks=1 + t.pk % 4,
            starts_on=rh.days_ago(9),
        )
        for t in fresh
        for kind in (RitualKind.DEMO, RitualKind.CHECK_IN, RitualKind.RETRO)
    )
    RitualLog.objects.bulk_create(
        RitualLog(organization_id=org, team=t, held_on=rh.days_ago(t.pk % 20)) for t in fresh
    )


def few_teams(world: Any) -> None:
    rh.cadence(world, "demo", every=2, starts_on=rh.days_ago(3))
    rh.demo_held(world, days=2)
    for name in ("Search", "Billing", "Onboarding"):
        dh.team(world, name, with_bob=False)
    with_rituals(world)


def many_teams(world: Any) -> None:
    bulk_org(world.org_a, teams=300, per_team=2)
    with_rituals(world)


URLS = {
    # A page of teams is counted, then only its rituals are read; "overdue" first finds the
    # late teams (the cadences and one read a kind of ritual).
    "/culture/rituals/": 11,
    "/culture/rituals/?overdue=1": 15,
    "/culture/rituals/?mine=1": 12,
    "/api/v1/culture/calendar?page_size=100": 8,
    "/api/v1/culture/calendar?overdue=true&page_size=100": 12,
    "/api/v1/culture/cadences?page_size=100": 4,
    "/api/v1/culture/retros?page_size=100": 4,
}


@pytest.mark.parametrize(("url", "expected"), URLS.items())
def test_the_calendar_reads_in_a_fixed_count_however_many_teams(
    world: Any, url: str, expected: int
) -> None:
    rh.cadence(world, "review", every=4)
    few_teams(world)
    client = world.api("member") if url.startswith("/api") else world.client("member")
    few = count_queries(client, url)
    many_teams(world)
    assert count_queries(client, url) == few == expected


def test_the_homes_overdue_line_reads_in_a_fixed_count(world: Any) -> None:
    few_teams(world)
    client = world.client("leader")
    few = count_queries(client, reverse("core:home"))
    many_teams(world)
    assert count_queries(client, reverse("core:home")) == few


def sent(world: Any, n: int, offset: int = 0) -> None:
    """``n`` deliveries to bob, some failed with an error."""
    user = world.user("member")
    Delivery.objects.bulk_create(
        Delivery(
            organization_id=world.org_a.pk,
            channel=Channel.EMAIL,
            kind=DeliveryKind.TRIAGED,
            user=user,
            recipient=user.email,
            subject=f"Notice {offset + i}",
            status=DeliveryStatus.FAILED if i % 3 else DeliveryStatus.SENT,
            last_error="Connection refused" if i % 3 else "",
        )
        for i in range(n)
    )


@pytest.mark.parametrize(
    ("persona", "url", "expected"),
    [
        ("leader", "/culture/notifications/deliveries/", 6),
        ("member", "/culture/notifications/", 5),
        ("leader", "/api/v1/culture/deliveries?page_size=100", 4),
    ],
)
def test_deliveries_read_in_a_fixed_count_however_many(
    world: Any, persona: str, url: str, expected: int
) -> None:
    sent(world, 5)
    client = world.api(persona) if url.startswith("/api") else world.client(persona)
    few = count_queries(client, url)
    sent(world, 300, offset=5)
    assert count_queries(client, url) == few == expected
