"""The stakeholder inbox: give input, and triage it as a team."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core.lookup import get_for_member
from pom.core.permissions import can
from pom.core.web import PomRequest, act, form_status, member_view, paginate, render_page, save_form
from pom.discovery import forms, queries, services
from pom.discovery.filters import InboxFilter
from pom.discovery.models import StakeholderInput, Triage
from pom.discovery.views.common import _editable_teams


@member_view("discovery.view")
def inbox(request: PomRequest) -> HttpResponse:
    actor = request.membership
    form = forms.InputForm(
        request.POST or None,
        actor=actor,
        can_decide=can(actor, "discovery.decide_for_leadership"),
    )
    if request.method == "POST" and not can(actor, "discovery.input"):
        raise PermissionDenied("Viewers cannot give input.")
    if saved := save_form(
        request,
        form,
        lambda data: services.submit_input(actor, **data),
        success="Thank you: your input is in the team's inbox.",
        to="discovery:inbox",
    ):
        return saved
    filters = InboxFilter.from_request(request, queries.inputs_for(actor))
    editable = _editable_teams(request)
    editable_ids = {t.pk for t in editable}
    page = paginate(request, filters.qs)
    context = {
        "active": "discovery",
        "form": form,
        "page": page,
        "triage_filter": filters.values["triage"],
        "triage_choices": Triage.choices,
        "team_filter": filters.values["team"] or None,
        "can_give": can(actor, "discovery.input"),
        "editable_ids": editable_ids,
        "can_triage_unassigned": can(actor, "discovery.triage"),
        "routes": services.ROUTES,
    }
    return render_page(
        request,
        "discovery/inbox.html",
        context,
        partial="discovery/partials/_inbox.html",
        status=form_status(request, form),
    )


@member_view("discovery.view")
@require_POST
def input_triage(request: PomRequest, pk: int) -> HttpResponse:
    item = get_for_member(StakeholderInput, request, pk=pk, select_related=["team", "from_person"])
    action = request.POST.get("action", "")
    labels = {
        "link": "linked to the opportunity (as stakeholder input, not customer evidence)",
        "route": f"routed to {services.ROUTES.get(item.kind, 'its place')}",
        "decline": "declined",
        "duplicate": "marked as a duplicate",
        "reopen": "reopened",
    }
    return act(
        request,
        lambda: services.triage_input(
            request.membership,
            item,
            action=action,
            opportunity=request.POST.get("opportunity") or None,
            outcome=request.POST.get("outcome") or None,
            reason=request.POST.get("reason", ""),
            duplicate_of=request.POST.get("duplicate_of") or None,
        ),
        f"Input {labels.get(action, 'updated')}.",
        reverse("discovery:inbox"),
    )
