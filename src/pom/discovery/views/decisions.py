"""The decision log."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse

from pom.core.permissions import can
from pom.core.web import PomRequest, form_status, member_view, paginate, render_page, save_form
from pom.discovery import forms, queries, services
from pom.discovery.filters import DecisionFilter
from pom.discovery.models import (
    Decision,
    DecisionKind,
)
from pom.discovery.views.common import _teams


@member_view("discovery.view")
def decisions(request: PomRequest) -> HttpResponse:
    actor = request.membership
    teams = _teams(request)
    form = forms.DecisionForm(request.POST or None, teams=teams)
    if request.method == "POST" and not can(actor, "discovery.decide"):
        raise PermissionDenied("Your role does not record decisions.")
    if saved := save_form(
        request,
        form,
        lambda data: services.record_decision(actor, **data),
        success="Decision recorded.",
        to="discovery:decisions",
    ):
        return saved
    filters = DecisionFilter.from_request(request, queries.decisions_for(actor))
    counts = Decision.objects.for_member(actor).aggregate(
        total=Count("id"),
        leadership=Count("id", filter=Q(kind=DecisionKind.LEADERSHIP)),
        leadership_on_team=Count(
            "id",
            filter=Q(kind=DecisionKind.LEADERSHIP)
            & (
                Q(opportunity__isnull=False)
                | Q(solution__isnull=False)
                | Q(subject_type__isnull=False)
            ),
        ),
    )
    context = {
        "active": "discovery",
        "form": form,
        "page": paginate(request, filters.qs),
        "kind_filter": filters.values["kind"],
        "kinds": DecisionKind.choices,
        "team_filter": filters.values["team"] or None,
        "teams": teams,
        "counts": counts,
        "can_record": can(actor, "discovery.decide"),
    }
    return render_page(
        request,
        "discovery/decisions.html",
        context,
        partial="discovery/partials/_decisions.html",
        status=form_status(request, form),
    )
