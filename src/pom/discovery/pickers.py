"""What the pickers (core/pickers.py) pick from discovery: solutions, opportunities, decisions and
stakeholder input."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from pom.accounts.models import Membership
from pom.core.pickers import Scope, Source
from pom.discovery.models import (
    Decision,
    DecisionStatus,
    Opportunity,
    Solution,
    SolutionStatus,
    StakeholderInput,
)
from pom.teams.pickers import workable


def _first(condition: Q) -> Case:
    return Case(When(condition, then=Value(0)), default=Value(1), output_field=IntegerField())


def _solutions(actor: Membership, scope: Scope) -> QuerySet[Any]:
    """Solutions by outcome and opportunity; with ``team``, that team's first; discarded last;
    ``workable=1``: only those of teams whose work the member may change."""
    qs: QuerySet[Any] = Solution.objects.for_member(actor).select_related(
        "team", "opportunity", "opportunity__outcome"
    )
    if scope.get("workable"):
        qs = workable(qs, actor, "team__")
    team = scope.get("team")
    return qs.annotate(
        _theirs=_first(Q(team_id=team)) if team else Value(0),
        _discarded=Case(
            When(status=SolutionStatus.DISCARDED, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
    ).order_by(
        "_discarded", "_theirs", "opportunity__outcome__title", "opportunity__title", "title", "id"
    )


def _solution_detail(s: Any) -> str:
    where = (
        f"{s.opportunity.title}"
        + (f" → {s.opportunity.outcome.title}" if s.opportunity.outcome_id else "")
        if s.opportunity_id
        else "no opportunity"
    )
    return f"{s.team.name} · {where} · {s.get_status_display()}"


def _opportunities(actor: Membership, scope: Scope) -> QuerySet[Any]:
    """Opportunities by outcome and title; ``team`` / ``outcome``: only that tree's."""
    qs = Opportunity.objects.for_member(actor).select_related("team", "outcome")
    if team := scope.get("team"):
        qs = qs.filter(team_id=team)
    if outcome := scope.get("outcome"):
        qs = qs.filter(outcome_id=outcome)
    return qs.order_by("outcome__title", "title", "id")


def _decisions(actor: Membership, scope: Scope) -> QuerySet[Any]:
    """Decisions that still stand or are proposed (a reversed one replaces nothing), newest first;
    ``not``: all but that one (a decision does not replace itself)."""
    qs = Decision.objects.for_member(actor).exclude(status=DecisionStatus.REVERSED)
    if other := scope.get("not"):
        qs = qs.exclude(pk=other)
    return qs.select_related("team").order_by("-decided_on", "-id")


def _inputs(actor: Membership, scope: Scope) -> QuerySet[Any]:
    """Stakeholder input, newest first; with ``team``, that team's first."""
    qs = StakeholderInput.objects.for_member(actor).select_related("team", "from_person")
    team = scope.get("team")
    return qs.annotate(_theirs=_first(Q(team_id=team)) if team else Value(0)).order_by(
        "_theirs", "-created_at", "-id"
    )


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


SOURCES = [
    Source(
        kind="solutions",
        noun="solution",
        rows=_solutions,
        fields=("title", "opportunity__title", "opportunity__outcome__title", "team__name"),
        label=lambda s: s.title,
        detail=_solution_detail,
        scopes=("team", "workable"),
        empty="No solutions yet. Solutions come from discovery: add them under an opportunity "
        "on the team's tree.",
    ),
    Source(
        kind="opportunities",
        noun="opportunity",
        rows=_opportunities,
        fields=("title", "outcome__title", "team__name"),
        label=lambda o: o.title,
        detail=lambda o: f"{o.outcome.title} · {o.team.name}",
        scopes=("team", "outcome"),
        empty="No opportunities yet: add them on the team's opportunity tree.",
    ),
    Source(
        kind="decisions",
        noun="decision",
        rows=_decisions,
        fields=("title", "rationale"),
        label=lambda d: d.title,
        detail=lambda d: " · ".join(
            x
            for x in (
                d.decided_on.strftime("%Y-%m-%d") if d.decided_on else "",
                d.team.name if d.team_id else "",
                d.get_status_display(),
            )
            if x
        ),
        scopes=("not",),
        empty="No other decision yet: record the new decision in the log first, then pick it here.",
    ),
    Source(
        kind="inputs",
        noun="input",
        rows=_inputs,
        fields=("text", "requested_solution", "from_person__name"),
        label=lambda i: _short(i.text),
        detail=lambda i: " · ".join(
            x
            for x in (
                i.get_kind_display(),
                i.from_person.name if i.from_person_id else "",
                i.team.name if i.team_id else "",
                i.created_at.strftime("%Y-%m-%d"),
            )
            if x
        ),
        permission="discovery.view",
        scopes=("team",),
    ),
]
