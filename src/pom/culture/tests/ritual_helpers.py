"""Test data for the ritual calendar, made through the services: cadences, held demos and
reviews, check-ins on a team's outcome and logged retros, some of them weeks ago."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from pom.culture import reviews, rituals
from pom.culture.models import Demo, PortfolioReview, RitualCadence
from pom.culture.tests import helpers as h

days_ago = h.days_ago


def cadence(world: Any, kind: str = "demo", every: int = 2, team: Any = None, **kw: Any) -> Any:
    actor = world.membership("leader" if kind == "review" or team is not None else "member")
    target = None if kind == "review" else (team or h.team(world))
    made: RitualCadence = rituals.set_cadence(
        actor, kind=kind, team=target, every_weeks=every, **kw
    )[0]
    return made


def demo_held(world: Any, days: int, team: Any = None) -> Demo:
    """A demo the team held ``days`` ago."""
    demo = h.held_demo(world, team)
    held = timezone.now() - timedelta(days=days)
    Demo.objects.for_org(world.org_a).filter(pk=demo.pk).update(held_at=held)
    demo.held_at = held
    return demo


def review_held(world: Any, days: int) -> PortfolioReview:
    leo = world.membership("leader")
    review = reviews.hold_review(leo, reviews.start_review(leo))
    PortfolioReview.objects.for_org(world.org_a).filter(pk=review.pk).update(
        held_at=timezone.now() - timedelta(days=days)
    )
    return review
