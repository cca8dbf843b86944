"""Demos for ``pom seed`` and ``pom demo``, made through the services the way a team makes them.

Runs last, on what the other seeders made. For the first few teams: a demo held four weeks ago
(its content frozen), one or two moves in the opportunity tree since (so "what changed" has
something to show), and the demo being prepared for the time since, with a narrative on top.
"""

from __future__ import annotations

from datetime import timedelta

from pom.accounts.models import Membership, Role
from pom.core.seeding import SeedContext
from pom.culture import services
from pom.discovery import services as discovery
from pom.discovery.models import Opportunity, Stage
from pom.teams.models import Team

TEAMS_WITH_DEMOS = 12

NARRATIVES = [
    "We spent these two weeks on why repeat buyers stall at checkout. Interviews pointed at "
    "saved payment details; the A/B test on one-click reorder is the first real read.",
    "Fewer new ideas this period, more evidence: we narrowed the tree to one opportunity and "
    "killed a solution that customers did not miss.",
    "The outcome moved a little; our confidence moved more. Here is what changed our mind.",
]


def seed_culture(ctx: SeedContext) -> None:
    org = ctx.organization
    owner = (
        Membership.objects.for_org(org)
        .filter(role=Role.OWNER)
        .select_related("user", "organization")
        .order_by("id")
        .first()
    )
    if owner is None:
        return
    teams = list(
        Team.objects.for_org(org).filter(archived_at__isnull=True).order_by("id")[:TEAMS_WITH_DEMOS]
    )
    today = ctx.now.date()
    for i, team in enumerate(teams):
        held = services.create_demo(
            owner,
            team=team,
            period_start=today - timedelta(days=41),
            period_end=today - timedelta(days=28),
            narrative=NARRATIVES[(i + 1) % len(NARRATIVES)],
        )
        services.hold_demo(owner, held)
        _move_tree(owner, team)
        services.create_demo(owner, team=team, narrative=NARRATIVES[i % len(NARRATIVES)])
    ctx.made["demos"] = len(teams) * 2


def _move_tree(owner: Membership, team: Team) -> None:
    """Bring one waiting opportunity into Now, as a team does when its focus shifts."""
    waiting = (
        Opportunity.objects.for_member(owner)
        .filter(team_id=team.pk, stage__in=[Stage.NEXT, Stage.IDENTIFIED])
        .order_by("id")
        .first()
    )
    if waiting is not None:
        discovery.update_opportunity(owner, waiting, stage=Stage.NOW)
