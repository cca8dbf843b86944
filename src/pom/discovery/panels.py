"""The Discovery panel on the team page: the weekly touchpoint habit, the targeted opportunity and
new stakeholder input, in three queries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.template.loader import render_to_string

from pom.core.permissions import can
from pom.discovery import figures
from pom.discovery.models import Opportunity, StakeholderInput, Touchpoint, Triage
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
