"""The stakeholder inbox: give input, and triage it as a team."""

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
    Opportunity,
    StakeholderInput,
    Triage,
)
from pom.discovery.views.common import (
    _act,
    _attach_link_options,
    _editable_teams,
    _team_filter,
    _teams,
)
from pom.strategy.models import Outcome


@member_view("discovery.view")
def inbox(request: PomRequest) -> HttpResponse:
    actor = request.membership
    teams = _teams(request)
    outcomes = list(Outcome.objects.for_member(actor).order_by("title")[:300])
    form = forms.InputForm(request.POST or None, teams=teams, outcomes=outcomes)
    if request.method == "POST":
        if not can(actor, "discovery.input"):
            raise PermissionDenied("Viewers cannot give input.")
        if form.is_valid():
            try:
                services.submit_input(actor, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "Thank you: your input is in the team's inbox.")
                return redirect("discovery:inbox")
    triage = request.GET.get("triage", Triage.NEW if "triage" not in request.GET else "")
    if triage not in Triage.values:
        triage = ""
    team = _team_filter(request)
    editable = _editable_teams(request)
    editable_ids = {t.pk for t in editable}
    page = paginate(request, queries.inputs_for(actor, triage=triage, team=team))
    link_targets = list(
        Opportunity.objects.for_member(actor)
        .filter(team_id__in=editable_ids)
        .select_related("outcome")
        .order_by("outcome__title", "title")[:500]
    )
    _attach_link_options(page.object_list, link_targets)
    context = {
        "active": "discovery",
        "form": form,
        "page": page,
        "triage_filter": triage,
        "triage_choices": Triage.choices,
        "team_filter": team,
        "teams": teams,
        "can_give": can(actor, "discovery.input"),
        "editable_ids": editable_ids,
        "can_triage_unassigned": can(actor, "discovery.triage"),
        "link_targets": link_targets,
    }
    return render_page(
        request,
        "discovery/inbox.html",
        context,
        partial="discovery/partials/_inbox.html",
        status=400 if form.errors else 200,
    )


@member_view("discovery.view")
@require_POST
def input_triage(request: PomRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        StakeholderInput.objects.for_member(request.membership).select_related(
            "team", "from_person"
        ),
        pk=pk,
    )
    action = request.POST.get("action", "")
    labels = {
        "link": "linked as evidence",
        "decline": "declined",
        "duplicate": "marked as a duplicate",
        "reopen": "reopened",
    }
    return _act(
        request,
        lambda: services.triage_input(
            request.membership,
            item,
            action=action,
            opportunity=request.POST.get("opportunity") or None,
            reason=request.POST.get("reason", ""),
            duplicate_of=request.POST.get("duplicate_of") or None,
        ),
        f"Input {labels.get(action, 'updated')}.",
        reverse("discovery:inbox"),
    )
