"""The delivery overview (the organization's figures, then every team's) and a team's delivery page
(its figures with their bands, and its releases traced up the chain)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpResponse

from pom.core.lookup import get_for_member
from pom.core.web import PomRequest, member_view, paginate, render_page
from pom.delivery import buckets, dora, queries, rollup
from pom.delivery import figures as f
from pom.teams.models import Team
from pom.teams.queries import active_teams, workable_teams

OVERVIEW_TEAMS = 50


class WindowForm(forms.Form):
    """``?start=&end=`` (dates) or ``?days=`` (the last N days, default 90)."""

    start = forms.DateField(required=False)
    end = forms.DateField(required=False)
    days = forms.IntegerField(required=False, min_value=7, max_value=dora.MAX_DAYS)

    def window(self) -> f.Window:
        if not self.is_valid():
            return dora.window()
        data = self.cleaned_data
        w = dora.window(data["start"], data["end"], data["days"] or dora.DEFAULT_DAYS)
        if w.start > w.end or w.days > dora.MAX_DAYS:
            self.add_error(None, f"Pick a window of 1 to {dora.MAX_DAYS} days, start before end.")
            return dora.window()
        return w


def _window(request: PomRequest) -> tuple[WindowForm, f.Window]:
    form = WindowForm(request.GET or None)
    return form, form.window() if request.GET else dora.window()


@member_view("delivery.view")
def overview(request: PomRequest) -> HttpResponse:
    form, w = _window(request)
    org_id = request.membership.organization_id
    page = paginate(
        request,
        active_teams(org_id).only("pk", "name", "slug").order_by("name", "id"),
        OVERVIEW_TEAMS,
    )
    teams = list(page.object_list)
    ids = [t.pk for t in teams]
    # Read from the daily rollup: a row per team and day, not the deployments themselves.
    per_team = rollup.team_rows(org_id, w, ids)
    sparks = rollup.weekly_days(org_id, ids)
    context = {
        "active": "delivery",
        "section": "overview",
        "window": w,
        "window_form": form,
        "org": rollup.org_figures(org_id, w),
        "resolution": buckets.RESOLUTION,
        "rows": [(t, per_team[t.pk], sparks[t.pk]) for t in teams],
        "page": page,
        "report": f.REPORT,
    }
    return render_page(request, "delivery/overview.html", context)


@member_view("delivery.view")
def team_delivery(request: PomRequest, pk: int) -> HttpResponse:
    team = get_for_member(Team, request, pk=pk)
    form, w = _window(request)
    org_id = request.membership.organization_id
    releases = paginate(request, queries.releases(request.membership, team=team.pk, brief=True))
    rows = [(r, queries.trace(r)) for r in releases.object_list]
    linked = queries.linked_share(request.membership, team.pk, w)
    context: dict[str, Any] = {
        "active": "delivery",
        "section": "overview",
        "team": team,
        "window": w,
        "window_form": form,
        "figures": dora.figures_for(org_id, w, [team.pk])[team.pk],
        "spark": dora.weekly_days(org_id, [team.pk])[team.pk],
        "rows": rows,
        "page": releases,
        "linked": linked,
        "can_log": team.pk in {t.pk for t in workable_teams(request.membership)},
        "report": f.REPORT,
    }
    return render_page(request, "delivery/team.html", context)
