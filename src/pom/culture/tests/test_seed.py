"""The culture seeder: each seeded team has a held demo (frozen) and one being prepared since."""

from __future__ import annotations

import random
from typing import Any

import pytest

from pom.accounts.models import Membership, Organization
from pom.core.seeding import SeedContext, run_seeders
from pom.culture.models import Demo, DemoStatus, Learning, PortfolioReview
from pom.culture.services import content_of

pytestmark = pytest.mark.django_db


def test_seeded_teams_hold_a_demo_and_prepare_the_next(db: Any) -> None:
    org = Organization.objects.create(name="Seeded", slug="seeded")
    run_seeders(SeedContext(organization=org, teams=3, rng=random.Random(7)))
    demos = list(Demo.objects.for_org(org).select_related("team").order_by("team_id", "period_end"))
    assert len(demos) == 6
    for held, draft in zip(demos[::2], demos[1::2], strict=True):
        assert held.team_id == draft.team_id
        assert (held.status, draft.status) == (DemoStatus.HELD, DemoStatus.DRAFT)
        assert held.snapshot["team"]["name"] == held.team.name
        assert draft.period_start > held.period_end and draft.narrative
    owner = Membership.objects.for_org(org).get(role="owner")
    shown = content_of(owner, demos[1])
    assert shown["outcomes"] and shown["focus"]["now"] and shown["delivery"]["releases"]
    assert PortfolioReview.objects.for_org(org).count() == 2
    assert Learning.objects.for_org(org).exists()


def test_seeded_teams_keep_ritual_cadences_and_some_fall_behind(db: Any) -> None:
    from django.utils import timezone

    from pom.culture import calendar
    from pom.culture.models import RitualCadence, RitualKind

    org = Organization.objects.create(name="Seeded", slug="seeded")
    run_seeders(SeedContext(organization=org, teams=8, rng=random.Random(3)))
    rows = calendar.calendar(org.pk, timezone.localdate())
    assert len(rows) == 8
    # Every team tracks its three rituals; the leaders hold the review on a cadence of their own.
    assert all(len(row.tracked) == 3 for row in rows)
    assert RitualCadence.objects.for_org(org).filter(kind=RitualKind.REVIEW).count() == 1
    # The calendar has something to flag, and not everything is late.
    late = [row for row in rows if row.overdue]
    assert 0 < len(late) < len(rows)
    assert any(r.last_held for row in rows for r in row.rituals if r.kind == RitualKind.RETRO)
