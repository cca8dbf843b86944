"""The Culture panel on the team page: the team's next ritual (by its cadence), the demo being
prepared and the last demo held."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from pom.core.permissions import can
from pom.core.validation import today
from pom.culture.calendar import team_rows
from pom.culture.queries import team_rituals


def render_culture_panel(request: Any, team: Any) -> str:
    actor = getattr(request, "membership", None)
    if actor is None:
        return ""
    return render_to_string(
        "culture/partials/_team_panel.html",
        {
            "team": team,
            **team_rituals(actor.organization_id, team),
            "rituals": team_rows(actor.organization_id, [team], today())[0],
            "can_run": can(actor, "culture.run", team) and not team.is_archived,
        },
        request=request,
    )
