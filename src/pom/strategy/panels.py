"""The Outcomes panel on the team page: what the team owns or committed to, one click from a check-in."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string

from pom.core.permissions import can
from pom.strategy.models import (
    DEFAULT_STALE_DAYS,
    Outcome,
    OutcomeCommitment,
    OutcomeStatus,
    StrategySettings,
)
from pom.strategy.queries import today

PANEL_LIMIT = 6


def render_outcomes_panel(request: Any, team: Any) -> str:
    actor = getattr(request, "membership", None)
    if actor is None:
        return ""
    org_id = actor.organization_id
    committed = (
        OutcomeCommitment.objects.for_org(org_id).filter(team_id=team.pk).values("outcome_id")
    )
    # The organization's stale threshold rides along in the same query.
    settings = StrategySettings.objects.filter(organization_id=org_id).values("stale_after_days")[
        :1
    ]
    rows = list(
        Outcome.objects.for_org(org_id)
        .filter(Q(owner_team_id=team.pk) | Q(pk__in=committed))
        .filter(status__in=(OutcomeStatus.DRAFT, OutcomeStatus.COMMITTED))
        .annotate(stale_days=Coalesce(Subquery(settings), Value(DEFAULT_STALE_DAYS)))
        .order_by("-status", "title")[: PANEL_LIMIT + 1]
    )
    now = today()
    for o in rows:
        o.stale = o.is_stale(now, o.stale_days)  # type: ignore[attr-defined]
    return render_to_string(
        "strategy/partials/_team_panel.html",
        {
            "team": team,
            "rows": rows[:PANEL_LIMIT],
            "more": len(rows) > PANEL_LIMIT,
            "can_check_in": can(actor, "strategy.outcome", team),
            "can_outcome": can(actor, "strategy.outcome", team),
        },
        request=request,
    )
