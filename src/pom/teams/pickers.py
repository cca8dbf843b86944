"""What the pickers (core/pickers.py) pick from the teams pillar: teams and people."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, Q, QuerySet, Value

from pom.accounts.models import Membership, Role
from pom.core.pickers import Scope, Source
from pom.teams.models import Person
from pom.teams.queries import active_teams


def workable(qs: QuerySet[Any], actor: Membership, team: str = "") -> QuerySet[Any]:
    """Only rows of the teams whose work the member may change (``teams.queries.workable_teams``,
    inside the same one query); ``team`` is the path to the row's team (``"team__"``)."""
    if actor.role == Role.MEMBER:
        return qs.filter(**{f"{team}members__person__user_id": actor.user_id})
    if actor.role not in (Role.OWNER, Role.LEADER):
        return qs.none()
    return qs.filter(**{f"{team}archived_at__isnull": True}) if team else qs


def _teams(actor: Membership, scope: Scope) -> QuerySet[Any]:
    """Active teams, by name; ``workable=1``: only those whose work the member may change."""
    qs = active_teams(actor.organization_id).select_related("product_area").order_by("name", "id")
    return workable(qs, actor) if scope.get("workable") else qs


def _people(actor: Membership, scope: Scope) -> QuerySet[Any]:
    """Everyone in the organization; with ``team``, that team's people first, then the rest."""
    qs = Person.objects.for_member(actor)
    if team := scope.get("team"):
        on_team = Count("team_memberships", filter=Q(team_memberships__team_id=team))
        return qs.annotate(_on_team=on_team).order_by("-_on_team", "name", "id")
    return qs.annotate(_on_team=Value(0, output_field=IntegerField())).order_by("name", "id")


def _person_detail(p: Any) -> str:
    parts = [p.title] if p.title else []
    if getattr(p, "_on_team", False):
        parts.append("on the team")
    return " · ".join(parts)


SOURCES = [
    Source(
        kind="teams",
        noun="team",
        rows=_teams,
        fields=("name", "product_area__name"),
        label=lambda t: t.name,
        detail=lambda t: t.product_area.name if t.product_area_id else "",
        scopes=("workable",),
        empty="No teams yet: leaders create them on the Teams page.",
    ),
    Source(
        kind="people",
        noun="person",
        rows=_people,
        fields=("name", "email", "title"),
        label=lambda p: p.name,
        detail=_person_detail,
        scopes=("team",),
        empty="No people yet: add them on a team's page.",
    ),
]
