"""What discovery pages share: the teams a member sees and may edit, link options.

Lookups, form posts and one-button actions come from the core toolkit (``core.lookup``,
``core.web``), as on every other pillar's pages."""

from __future__ import annotations

from pom.core.web import PomRequest
from pom.teams.models import Team
from pom.teams.queries import active_teams, workable_teams


def _teams(request: PomRequest) -> list[Team]:
    return list(active_teams(request.membership.organization_id))


def _editable_teams(request: PomRequest) -> list[Team]:
    """Teams whose discovery the actor may change: all for leaders and owners, their own for members."""
    return workable_teams(request.membership)
