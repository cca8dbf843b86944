"""What discovery pages share: the teams a member sees and may edit, link options.

Lookups, form posts and one-button actions come from the core toolkit (``core.lookup``,
``core.web``), as on every other pillar's pages."""

from __future__ import annotations

from typing import Any

from pom.core.web import PomRequest
from pom.discovery.models import Opportunity
from pom.teams.models import Team
from pom.teams.queries import active_teams, workable_teams


def _teams(request: PomRequest) -> list[Team]:
    return list(active_teams(request.membership.organization_id))


def _editable_teams(request: PomRequest) -> list[Team]:
    """Teams whose discovery the actor may change: all for leaders and owners, their own for members."""
    return workable_teams(request.membership)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _attach_link_options(items: Any, targets: list[Opportunity]) -> None:
    """Give each listed item the opportunities of its own team to link to (one pass, no query)."""
    by_team: dict[int | None, list[Opportunity]] = {}
    for opp in targets:
        # Labels are built once here: rendering filters per option per row is what costs.
        opp.link_label = f"{_short(opp.outcome.title, 30)} › {_short(opp.title, 60)}"  # type: ignore[attr-defined]
        by_team.setdefault(opp.team_id, []).append(opp)
    for item in items:
        item.link_options = by_team.get(item.team_id, []) if item.team_id else targets
