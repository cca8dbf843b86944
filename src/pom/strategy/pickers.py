"""What the pickers (core/pickers.py) pick from strategy: outcomes."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from pom.accounts.models import Membership
from pom.core.pickers import Scope, Source
from pom.strategy.models import Level, Outcome, OutcomeStatus


def _outcomes(actor: Membership, scope: Scope) -> QuerySet[Any]:
    """Outcomes by title; with ``team``, the ones that team owns first. Scopes that filter:
    ``parents=1`` only business and product outcomes (what another outcome may contribute to),
    ``besides=<id>`` all but that outcome (an outcome is not its own parent), ``plannable=<team
    id>`` the draft and committed outcomes that team owns or nobody owns (what it may commit to)."""
    qs = Outcome.objects.for_member(actor).select_related("owner_team")
    if scope.get("parents"):
        qs = qs.filter(level__in=(Level.BUSINESS, Level.PRODUCT))
    if besides := scope.get("besides"):
        qs = qs.exclude(pk=besides)
    if plannable := scope.get("plannable"):
        qs = qs.filter(
            Q(owner_team_id=plannable) | Q(owner_team__isnull=True),
            status__in=(OutcomeStatus.DRAFT, OutcomeStatus.COMMITTED),
        )
    team = scope.get("team")
    theirs = (
        Case(When(owner_team_id=team, then=Value(0)), default=Value(1), output_field=IntegerField())
        if team
        else Value(0)
    )
    return qs.annotate(_theirs=theirs).order_by("_theirs", "title", "id")


def _detail(o: Any) -> str:
    parts = [o.metric_name] if o.metric_name else []
    parts.append(o.owner_team.name if o.owner_team_id else o.get_level_display())
    parts.append(o.get_status_display())
    return " · ".join(parts)


SOURCES = [
    Source(
        kind="outcomes",
        noun="outcome",
        rows=_outcomes,
        fields=("title", "metric_name", "owner_team__name"),
        label=lambda o: o.title,
        detail=_detail,
        scopes=("team", "parents", "besides", "plannable"),
        empty="No outcomes yet: write them on the Strategy › Outcomes page.",
    ),
]
