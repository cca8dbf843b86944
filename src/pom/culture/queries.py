"""Reads of rituals shared by the pages, the API and the team page's panel (fixed query counts)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from pom.accounts.models import Membership, Role
from pom.core.permissions import can
from pom.culture.models import Delivery, Demo, DemoStatus
from pom.teams.models import Team
from pom.teams.queries import active_teams, my_team_ids

TEAM_MATCHES = 12


def demos_for(
    membership: Membership, *, team: int | None = None, status: str | None = None
) -> QuerySet[Demo]:
    """The organization's demos, newest period first, each with its team (list columns only)."""
    qs = (
        Demo.objects.for_member(membership)
        .select_related("team")
        .defer("snapshot", "narrative")
        .order_by("-period_end", "-id")
    )
    if team:
        qs = qs.filter(team_id=team)
    if status in DemoStatus.values:
        qs = qs.filter(status=status)
    return qs


def team_choices(membership: Membership, q: str = "") -> dict[str, Any]:
    """Teams to prepare a demo for: the member's own, and up to a dozen matching the search."""
    org_id = membership.organization_id
    mine: list[Team] = []
    if membership.role == Role.MEMBER:
        mine = list(active_teams(org_id).filter(pk__in=my_team_ids(membership)).order_by("name"))
    matches: list[Team] = []
    q = q.strip()
    if q:
        matches = list(
            active_teams(org_id).filter(name__icontains=q).order_by("name")[:TEAM_MATCHES]
        )
    return {"mine": mine, "matches": matches, "q": q, "limit": TEAM_MATCHES}


def team_rituals(org_id: int, team: Team) -> dict[str, Any]:
    """The team page's Culture panel: the demo being prepared and the last one held (one query)."""
    rows = list(
        Demo.objects.for_org(org_id)
        .filter(team_id=team.pk)
        .only("id", "title", "status", "period_start", "period_end", "held_at")
        .order_by("-period_end", "-id")[:10]
    )
    draft = next((d for d in rows if d.status == DemoStatus.DRAFT), None)
    held = next((d for d in rows if d.status == DemoStatus.HELD), None)
    return {"draft": draft, "held": held}


def deliveries_for(
    membership: Membership,
    *,
    mine: bool = False,
    status: str = "",
    kind: str = "",
    channel: str = "",
) -> QuerySet[Delivery]:
    """Deliveries, newest first: the organization's for those who run notifications, a person's
    own otherwise (or with ``mine``). List columns only."""
    qs = Delivery.objects.for_member(membership).defer("body").order_by("-created_at", "-id")
    if mine or not can(membership, "culture.notifications"):
        qs = qs.filter(user_id=membership.user_id)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.filter(channel=channel) if channel else qs
