"""The discovery overview and a team's discovery page."""

from __future__ import annotations

from django.http import HttpResponse

from pom.core.lookup import get_for_member
from pom.core.permissions import can
from pom.core.web import PomRequest, member_view, paginate, render_page
from pom.discovery import queries
from pom.discovery.filters import OverviewTeamFilter
from pom.discovery.models import (
    StakeholderInput,
    Triage,
)
from pom.teams.models import Team
from pom.teams.queries import active_teams


@member_view("discovery.view")
def index(request: PomRequest) -> HttpResponse:
    actor = request.membership
    filters = OverviewTeamFilter.from_request(
        request, active_teams(actor.organization_id).order_by("name", "id")
    )
    page = paginate(request, filters.qs)
    context = {
        "active": "discovery",
        "page": page,
        "teams": queries.teams_overview(actor, list(page.object_list)),
        "filters": filters.values,
        "outcomes": queries.largest_trees(actor),
        "inbox_new": StakeholderInput.objects.for_member(actor).filter(triage=Triage.NEW).count(),
        "can_edit": can(actor, "discovery.edit"),
    }
    return render_page(
        request, "discovery/index.html", context, partial="discovery/partials/_team_cadence.html"
    )


@member_view("discovery.view")
def team_page(request: PomRequest, pk: int) -> HttpResponse:
    team = get_for_member(Team, request, pk=pk)
    info = queries.team_discovery(request.membership, team)
    max_count = max([c.count for c in info.cadence.heatmap] + [1])
    context = {
        "active": "discovery",
        "info": info,
        "team": team,
        "max_count": max_count,
        "can_edit": can(request.membership, "discovery.edit", team),
    }
    return render_page(request, "discovery/team.html", context)
