"""The touchpoint log: log a customer touchpoint with its insights, read one, delete one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core.permissions import can
from pom.core.web import PomRequest, apply_errors, member_view, paginate, render_page
from pom.discovery import forms, queries, services
from pom.discovery.models import (
    Touchpoint,
)
from pom.discovery.views.common import _act, _editable_teams, _team_filter, _teams
from pom.teams.models import Person, Team, TeamMember


def _people_for(teams: list[Team], request: PomRequest) -> list[Person]:
    ids = {t.pk for t in teams}
    seen: dict[int, Person] = {}
    for m in (
        TeamMember.objects.for_member(request.membership)
        .filter(team_id__in=ids)
        .select_related("person")
    ):
        seen.setdefault(m.person_id, m.person)
    return sorted(seen.values(), key=lambda p: p.name)


@member_view("discovery.view")
def touchpoints(request: PomRequest) -> HttpResponse:
    actor = request.membership
    editable = _editable_teams(request)
    form = forms.TouchpointForm(
        request.POST or None, teams=editable, people=_people_for(editable, request)
    )
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("Only team members can log touchpoints for their team.")
        if form.is_valid():
            data = form.cleaned_data
            try:
                tp = services.record_touchpoint(
                    actor,
                    team=data["team"],
                    happened_on=data["happened_on"],
                    kind=data["kind"],
                    customer_name=data["customer_name"],
                    company=data["company"],
                    segment=data["segment"],
                    attendees=data["attendees"],
                    summary=data["summary"],
                    notes=data["notes"],
                    recording_url=data["recording_url"],
                    insights=data["insights"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                n = len(data["insights"])
                messages.success(request, f"Logged {tp} with {n} insight{'s' if n != 1 else ''}.")
                return redirect(reverse("discovery:touchpoints") + f"?team={tp.team_id}")
    team = _team_filter(request)
    context = {
        "active": "discovery",
        "form": form,
        "page": paginate(request, queries.touchpoints_for(actor, team=team)),
        "teams": _teams(request),
        "team_filter": team,
        "can_log": bool(editable),
    }
    return render_page(
        request,
        "discovery/touchpoints.html",
        context,
        partial="discovery/partials/_touchpoints.html",
        status=400 if form.errors else 200,
    )


@member_view("discovery.view")
def touchpoint_detail(request: PomRequest, pk: int) -> HttpResponse:
    tp = get_object_or_404(
        Touchpoint.objects.for_member(request.membership)
        .select_related("team")
        .prefetch_related("attendees", "insights"),
        pk=pk,
    )
    context = {
        "active": "discovery",
        "tp": tp,
        "can_edit": can(request.membership, "discovery.edit", tp.team),
    }
    return render_page(request, "discovery/touchpoint.html", context)


@member_view("discovery.view")
@require_POST
def touchpoint_delete(request: PomRequest, pk: int) -> HttpResponse:
    tp = get_object_or_404(
        Touchpoint.objects.for_member(request.membership).select_related("team"), pk=pk
    )
    return _act(
        request,
        lambda: services.delete_touchpoint(request.membership, tp),
        f"Deleted {tp} and its insights.",
        reverse("discovery:touchpoints"),
    )
