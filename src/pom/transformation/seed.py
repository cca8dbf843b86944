"""Generated transformation records for ``pom seed`` and ``pom demo``, written through the services.

Two readiness assessments half a year apart show the comparison: the first is "not ready yet"
(a doubtful CEO, pain named without figures), the second ready once a coach is found.
"""

from __future__ import annotations

from datetime import timedelta

from pom.accounts.models import Membership, Role
from pom.core.seeding import SeedContext
from pom.transformation import services


def _leader(ctx: SeedContext) -> Membership | None:
    return (
        Membership.objects.for_org(ctx.organization)
        .filter(role__in=[Role.OWNER, Role.LEADER])
        .select_related("user")
        .order_by("id")
        .first()
    )


def seed_transformation(ctx: SeedContext) -> None:
    actor = _leader(ctx)
    if actor is None:
        return
    today = ctx.now.date()
    services.take_assessment(
        actor,
        assessed_on=today - timedelta(days=180),
        ceo_belief=3,
        ceo_belief_evidence="The CEO asked why the roadmap keeps slipping, but still funds projects by annual plan.",
        pain_missed_targets=True,
        pain_evidence="Missed the new-customer target in three of the last four quarters (by 12 % on average).",
        trigger_competition=True,
        coaching_capacity=0,
        notes="First look, before the board offsite.",
    )
    ctx.made["readiness"] = services.take_assessment(
        actor,
        assessed_on=today - timedelta(days=14),
        ceo_belief=5,
        ceo_belief_evidence="At the offsite the CEO said: 'the way we plan will not win the next five years'.",
        pain_missed_targets=True,
        pain_margin_pressure=True,
        pain_evidence="Missed the new-customer target in four of the last five quarters; gross margin down from 61 % to 54 % in two years.",
        trigger_competition=True,
        trigger_tech_spend=True,
        trigger_competitors_succeed=True,
        sponsor="Dana Ruiz, COO",
        coaching_capacity=2,
        notes="Two internal coaches freed from the PMO.",
    )
