"""The Discovery panel on the team page: the weekly touchpoint habit, the targeted opportunity and
new stakeholder input, in three queries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.template.loader import render_to_string

from pom.core.permissions import can
from pom.discovery import figures
from pom.discovery.models import InputKind, Opportunity, StakeholderInput, Touchpoint, Triage
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
