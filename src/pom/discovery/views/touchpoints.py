"""The touchpoint log: log a customer touchpoint with its insights, read, edit or delete one."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core.lookup import get_for_member, scoped
from pom.core.permissions import can, require
from pom.core.web import PomRequest, act, form_status, member_view, paginate, render_page, save_form
from pom.discovery import forms, queries, services
from pom.discovery.filters import TeamListFilter
from pom.discovery.models import Opportunity, Touchpoint
from pom.discovery.views.common import _attach_link_options, _editable_teams


@member_view("discovery.view")
def touchpoints(request: PomRequest) -> HttpResponse:
    actor = request.membership
    editable = _editable_teams(request)
    form = forms.TouchpointForm(request.POST or None, actor=actor)
    if request.method == "POST" and not editable:
        raise PermissionDenied("Only team members can log touchpoints for their team.")
    if saved := save_form(
        request,
        form,
        lambda data: services.record_touchpoint(actor, **data),
        success=lambda tp: f"Logged {tp} with {_insights(form.cleaned_data)}.",
        to=lambda tp: reverse("discovery:touchpoints") + f"?team={tp.team_id}",
    ):
        return saved
    filters = TeamListFilter.from_request(request, queries.touchpoints_for(actor))
    page = paginate(request, filters.qs)
    page.object_list = queries.count_insights(actor, list(page.object_list))
    context = {
        "active": "discovery",
        "form": form,
        "page": page,
        "team_filter": filters.values["team"] or None,
        "can_log": bool(editable),
    }
    return render_page(
        request,
        "discovery/touchpoints.html",
        context,
        partial="discovery/partials/_touchpoints.html",
        status=form_status(request, form),
    )


def _insights(data: dict[str, Any]) -> str:
    n = len(data["insights"])
    return f"{n} insight{'s' if n != 1 else ''}"


@member_view("discovery.view")
def touchpoint_detail(request: PomRequest, pk: int) -> HttpResponse:
    tp = get_for_member(
        Touchpoint,
        request,
        pk=pk,
        select_related=["team"],
        prefetch_related=["attendees", "insights__opportunities"],
    )
    can_edit = can(request.membership, "discovery.edit", tp.team)
    insights = list(tp.insights.all())
    # The team's opportunities, to link its insights to as evidence (500 at most, like the
    # insight repository; a picker that searches takes over where a team has more).
    targets = (
        list(
            scoped(Opportunity, request.membership)
            .filter(team_id=tp.team_id)
            .select_related("outcome")
            .order_by("outcome__title", "title")[:500]
        )
        if can_edit
        else []
    )
    _attach_link_options(insights, targets)
    context = {
        "active": "discovery",
        "tp": tp,
        "insights": insights,
        "link_targets": targets,
        "can_edit": can_edit,
    }
    return render_page(request, "discovery/touchpoint.html", context)


@member_view("discovery.view")
def touchpoint_edit(request: PomRequest, pk: int) -> HttpResponse:
    tp = get_for_member(
        Touchpoint, request, pk=pk, select_related=["team"], prefetch_related=["attendees"]
    )
    require(request.membership, "discovery.edit", tp.team)
    attendees = list(tp.attendees.all())
    form = forms.TouchpointEditForm(
        request.POST or None,
        actor=request.membership,
        initial={
            "happened_on": tp.happened_on,
            "kind": tp.kind,
            "customer_name": tp.customer_name,
            "company": tp.company,
            "segment": tp.segment,
            "attendees": [p.pk for p in attendees],
            "summary": tp.summary,
            "recording_url": tp.recording_url,
            "notes": tp.notes,
        },
    )
    if saved := save_form(
        request,
        form,
        lambda data: services.update_touchpoint(request.membership, tp, **data),
        success=lambda t: f"Saved {t}.",
        to=lambda t: reverse("discovery:touchpoint", args=[t.pk]),
    ):
        return saved
    context = {"active": "discovery", "tp": tp, "form": form}
    return render_page(
        request, "discovery/touchpoint_edit.html", context, status=form_status(request, form)
    )


@member_view("discovery.view")
@require_POST
def touchpoint_delete(request: PomRequest, pk: int) -> HttpResponse:
    tp = get_for_member(Touchpoint, request, pk=pk, select_related=["team"])
    return act(
        request,
        lambda: services.delete_touchpoint(request.membership, tp),
        f"Deleted {tp} and its insights.",
        reverse("discovery:touchpoints"),
    )
