"""One opportunity: its side panel, moving it in the tree, deleting it, its solutions and comments."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core.permissions import can
from pom.core.web import PomRequest, apply_errors, member_view, render_page
from pom.discovery import forms, services
from pom.discovery.models import (
    Opportunity,
    SolutionStatus,
)
from pom.discovery.views.common import _act
from pom.discovery.views.solutions import _solution


def _opportunity(request: PomRequest, pk: int) -> Opportunity:
    return get_object_or_404(
        Opportunity.objects.for_member(request.membership).select_related("team", "outcome"), pk=pk
    )


@member_view("discovery.view")
def opportunity_panel(request: PomRequest, pk: int) -> HttpResponse:
    """The side panel of one opportunity: edit it, move it, add solutions, see its evidence."""
    actor = request.membership
    opp = _opportunity(request, pk)
    editable = can(actor, "discovery.edit", opp.team)
    initial = {
        f: getattr(opp, f)
        for f in ("title", "description", "stage", "reach", "frequency", "severity", "targeted")
    }
    form = forms.OpportunityForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("Only the team can change its opportunities.")
        if form.is_valid():
            try:
                services.update_opportunity(actor, opp, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"Saved “{opp.title}”.")
                if not request.htmx:
                    return redirect(
                        reverse("discovery:tree", args=[opp.outcome_id]) + f"#opportunity-{opp.pk}"
                    )
                response = HttpResponse(status=204)
                response["HX-Trigger"] = json.dumps(
                    {"pom:tree-changed": {"select": f"opportunity-{opp.pk}"}}
                )
                return response
        status = 200 if request.htmx else 400
    siblings = dict(
        Opportunity.objects.for_member(actor)
        .filter(outcome_id=opp.outcome_id)
        .values_list("id", "parent_id")
    )
    from pom.discovery.tree import descendants

    blocked = descendants(siblings, opp.pk) | {opp.pk}
    move_targets = [
        o
        for o in Opportunity.objects.for_member(actor)
        .filter(outcome_id=opp.outcome_id)
        .order_by("title")
        if o.pk not in blocked
    ]
    context = {
        "opp": opp,
        "form": form,
        "can_edit": editable,
        "can_comment": can(actor, "discovery.comment"),
        "move_targets": move_targets,
        "evidence": opp.insights.order_by("-observed_on")[:20],
        "solutions": opp.solutions.order_by("position", "id"),
        "comments": opp.comments.select_related("author"),
        "solution_form": forms.SolutionForm(
            initial={"status": SolutionStatus.IDEA, "origin": "team"}
        ),
    }
    return render_page(
        request,
        "discovery/panel_opportunity.html",
        context,
        partial="discovery/partials/_panel_opportunity.html",
        status=status,
    )


def _tree_response(request: PomRequest, outcome_id: int, select: str = "") -> HttpResponse:
    if request.htmx or request.headers.get("accept", "").startswith("application/json"):
        storage = messages.get_messages(request)
        notes = [str(m) for m in storage]
        response = HttpResponse(status=204)
        response["HX-Trigger"] = json.dumps(
            {"pom:tree-changed": {"select": select, "messages": notes}}
        )
        return response
    return redirect(reverse("discovery:tree", args=[outcome_id]) + (f"#{select}" if select else ""))


@member_view("discovery.view")
@require_POST
def opportunity_move(request: PomRequest, pk: int) -> HttpResponse:
    """Re-parent an opportunity: the drag-and-drop target and the "move under…" form both post here."""
    opp = _opportunity(request, pk)
    parent = request.POST.get("parent") or None
    try:
        services.move_opportunity(request.membership, opp, parent)
    except ValidationError as exc:
        if request.headers.get("accept", "").startswith("application/json"):
            return JsonResponse({"message": " ".join(exc.messages)}, status=400)
        messages.error(request, " ".join(exc.messages))
    else:
        if request.headers.get("accept", "").startswith("application/json"):
            return JsonResponse({"message": f"Moved “{opp.title}”."})
        messages.success(request, f"Moved “{opp.title}”.")
    return redirect(reverse("discovery:tree", args=[opp.outcome_id]) + f"#opportunity-{opp.pk}")


@member_view("discovery.view")
@require_POST
def opportunity_delete(request: PomRequest, pk: int) -> HttpResponse:
    opp = _opportunity(request, pk)
    return _act(
        request,
        lambda: services.delete_opportunity(request.membership, opp),
        f"Deleted “{opp.title}” and what was under it.",
        reverse("discovery:tree", args=[opp.outcome_id]),
    )


@member_view("discovery.view")
@require_POST
def solution_create(request: PomRequest, pk: int) -> HttpResponse:
    opp = _opportunity(request, pk)
    form = forms.SolutionForm(request.POST)
    target = reverse("discovery:tree", args=[opp.outcome_id]) + f"#opportunity-{opp.pk}"
    if not form.is_valid():
        messages.error(request, "Give the solution a title.")
        return redirect(target)
    return _act(
        request,
        lambda: services.create_solution(request.membership, opportunity=opp, **form.cleaned_data),
        f"Added the solution “{form.cleaned_data['title']}”.",
        target,
    )


@member_view("discovery.comment")
@require_POST
def comment_create(request: PomRequest) -> HttpResponse:
    opp_id, sol_id = request.POST.get("opportunity") or None, request.POST.get("solution") or None
    back = reverse("discovery:index")
    if opp_id:
        back = reverse("discovery:opportunity_panel", args=[_opportunity(request, int(opp_id)).pk])
    elif sol_id:
        back = reverse("discovery:solution_panel", args=[_solution(request, int(sol_id)).pk])
    return _act(
        request,
        lambda: services.add_comment(
            request.membership,
            text=request.POST.get("text", ""),
            opportunity=opp_id,
            solution=sol_id,
        ),
        "Comment added.",
        back,
    )
