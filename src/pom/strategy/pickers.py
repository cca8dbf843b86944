"""What the pickers (core/pickers.py) pick from strategy: outcomes."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When

from pom.accounts.models import Membership
from pom.core.pickers import Scope, Source
from pom.strategy.models import Outcome


def _outcomes(actor: Membership, scope: Scope) -> QuerySet[Any]:
    """Outcomes by title; with ``team``, the ones that team owns first."""
    qs = Outcome.objects.for_member(actor).select_related("owner_team")
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
        scopes=("team",),
        empty="No outcomes yet: write them on the Strategy › Outcomes page.",
    ),
]
