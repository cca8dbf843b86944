"""What discovery shows on other pillars' pages.

- the team page's *Discovery* panel: the weekly touchpoint habit, the targeted opportunity and new
  stakeholder input, in three queries;
- the outcome workspace's panels: its opportunity solution tree in figures (three queries), the
  decisions on it (one query) and the constraints and context stakeholders gave on it (one query).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Q
from django.template.loader import render_to_string

from pom.core.permissions import can
from pom.discovery import figures
from pom.discovery.models import (
    Decision,
    InputKind,
    Opportunity,
    Solution,
    SolutionStatus,
    Stage,
    StakeholderInput,
    Touchpoint,
    Triage,
)
from pom.discovery.queries import today


def render_discovery_panel(request: Any, team: Any) -> str:
    actor = getattr(request, "membership", None)
    if actor is None:
        return ""
    org_id, day = actor.organization_id, today()
    dates = list(
        Touchpoint.objects.for_org(org_id)
        .filter(team_id=team.pk, happened_on__gte=day - timedelta(days=366), happened_on__lte=day)
        .values_list("happened_on", flat=True)
    )
    targeted = list(
        Opportunity.objects.for_org(org_id)
        .filter(team_id=team.pk, targeted=True)
        .select_related("outcome")[:3]
    )
    new_inputs = (
        StakeholderInput.objects.for_org(org_id).filter(team_id=team.pk, triage=Triage.NEW).count()
    )
    return render_to_string(
        "discovery/partials/_team_panel.html",
        {
            "team": team,
            "cadence": figures.cadence(dates, day),
            "targeted": targeted,
            "new_inputs": new_inputs,
            "can_log": can(actor, "discovery.edit", team),
        },
        request=request,
    )


def render_outcome_input_panel(request: Any, outcome: Any) -> str:
    """Constraints and context stakeholders gave on the outcome, once triaged onto it: one query.

    Kept apart from the tree's evidence on purpose: stakeholder opinion is input for the team,
    never customer evidence.
    """
    actor = getattr(request, "membership", None)
    if actor is None:
        return ""
    rows = list(
        StakeholderInput.objects.for_member(actor)
        .filter(
            outcome_id=outcome.pk,
            kind__in=(InputKind.CONSTRAINT, InputKind.CONTEXT),
            triage__in=(Triage.ROUTED, Triage.LINKED),
        )
        .select_related("from_person")
        .order_by("-created_at", "-id")[: OUTCOME_INPUT_LIMIT + 1]
    )
    return render_to_string(
        "discovery/partials/_outcome_inputs.html",
        {
            "outcome": outcome,
            "rows": rows[:OUTCOME_INPUT_LIMIT],
            "more": len(rows) > OUTCOME_INPUT_LIMIT,
        },
        request=request,
    )


OUTCOME_INPUT_LIMIT = 10


# --- The outcome workspace's discovery panels ---------------------------------------------------

TREE_PANEL_TOP = 8
OUTCOME_DECISIONS_LIMIT = 10


def render_outcome_tree_panel(request: Any, outcome: Any) -> str:
    """The outcome's opportunity solution tree in figures, its top opportunities and the way into
    the tree: three queries however large the tree."""
    actor = getattr(request, "membership", None)
    if actor is None:
        return ""
    opportunities = Opportunity.objects.for_member(actor).filter(outcome_id=outcome.pk)
    counts = opportunities.aggregate(
        total=Count("id"),
        open=Count("id", filter=~Q(stage__in=(Stage.SOLVED, Stage.NOT_NOW))),
        solved=Count("id", filter=Q(stage=Stage.SOLVED)),
    )
    solutions = (
        Solution.objects.for_member(actor)
        .filter(opportunity__outcome_id=outcome.pk)
        .aggregate(
            total=Count("id"),
            testing=Count("id", filter=Q(status=SolutionStatus.IN_DISCOVERY)),
            shipped=Count("id", filter=Q(status=SolutionStatus.SHIPPED)),
        )
    )
    top = list(
        opportunities.filter(parent__isnull=True)
        .annotate(n_solutions=Count("solutions", distinct=True))
        .order_by("-targeted", "position", "id")[:TREE_PANEL_TOP]
    )
    owner = outcome.owner_team
    return render_to_string(
        "discovery/partials/_outcome_tree.html",
        {
            "outcome": outcome,
            "counts": counts,
            "solutions": solutions,
            "top": top,
            "can_edit": can(actor, "discovery.edit", owner)
            if owner
            else can(actor, "discovery.edit"),
        },
        request=request,
    )


def render_outcome_decisions_panel(request: Any, outcome: Any) -> str:
    """Decisions on the outcome, its opportunities and its solutions, newest first: one query."""
    actor = getattr(request, "membership", None)
    if actor is None:
        return ""
    opportunities = Opportunity.objects.for_member(actor).filter(outcome_id=outcome.pk).values("pk")
    solutions = (
        Solution.objects.for_member(actor).filter(opportunity__in=opportunities).values("pk")
    )
    rows = list(
        Decision.objects.for_member(actor)
        .filter(
            # Each branch through its own index: an OR across the joins made PostgreSQL read every
            # decision of the organization (31 ms at 1,000 teams).
            Q(outcome_id=outcome.pk)
            | Q(opportunity_id__in=opportunities)
            | Q(solution_id__in=solutions)
        )
        .select_related("team")
        .order_by("-decided_on", "-id")[: OUTCOME_DECISIONS_LIMIT + 1]
    )
    return render_to_string(
        "discovery/partials/_outcome_decisions.html",
        {
            "outcome": outcome,
            "rows": rows[:OUTCOME_DECISIONS_LIMIT],
            "more": len(rows) > OUTCOME_DECISIONS_LIMIT,
            "can_record": can(actor, "discovery.decide"),
        },
        request=request,
    )
