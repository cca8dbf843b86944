"""What the pickers (core/pickers.py) pick from experiments: the assumptions a test checks."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from pom.accounts.models import Membership
from pom.core.pickers import Scope, Source
from pom.discovery.pickers import _short
from pom.experiments.models import Assumption
from pom.teams.pickers import workable


def _assumptions(actor: Membership, scope: Scope) -> QuerySet[Any]:
    """Assumptions, the riskiest first (most important, least evidence); ``team``: only that
    team's (a test checks its own team's assumptions); ``workable=1``: only those of teams whose
    work the member may change."""
    qs: QuerySet[Any] = Assumption.objects.for_member(actor).select_related(
        "solution", "solution__team"
    )
    if team := scope.get("team"):
        qs = qs.filter(solution__team_id=team)
    if scope.get("workable"):
        qs = workable(qs, actor, "solution__team__")
    return qs.order_by("-importance", "evidence_strength", "id")


SOURCES = [
    Source(
        kind="assumptions",
        noun="assumption",
        rows=_assumptions,
        fields=("statement", "solution__title", "solution__team__name"),
        label=lambda a: _short(a.statement),
        detail=lambda a: (
            f"{a.solution.title} · {a.solution.team.name} · {a.get_risk_type_display()}"
        ),
        scopes=("team", "workable"),
        empty="No assumptions yet: map them on a solution's assumption map.",
    ),
]
