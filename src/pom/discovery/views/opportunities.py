"""One opportunity: its side panel, moving it in the tree, deleting it, its solutions and comments."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core.lookup import get_for_member, scoped
from pom.core.permissions import can
from pom.core.web import (
    PomRequest,
    act,
    form_status,
    json_or_flash,
    member_view,
    render_page,
    save_form,
    trigger,
)
from pom.discovery import forms, services
from pom.discovery.models import (
    Opportunity,
    SolutionStatus,
)
from pom.discovery.views.solutions import _solution


def _opportunity(request: PomRequest, pk: int) -> Opportunity:
    return get_for_member(Opportunity, request, pk=pk, select_related=["team", "outcome"])


def _saved(request: PomRequest, opp: Opportunity) -> Any:
    """After saving the panel: htmx refreshes the tree around it; a plain post goes to the tree."""
    if request.htmx:
        return trigger("pom:tree-changed", {"select": f"opportunity-{opp.pk}"})
    return reverse("discovery:tree", args=[opp.outcome_id]) + f"#opportunity-{opp.pk}"


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
    if request.method == "POST" and not editable:
        raise PermissionDenied("Only the team can change its opportunities.")
    if saved := save_form(
        request,
        form,
        lambda data: services.update_opportunity(actor, opp, **data),
        success=lambda _: f"Saved “{opp.title}”.",
        to=lambda _: _saved(request, opp),
    ):
        return saved
    in_tree = scoped(Opportunity, actor).filter(outcome_id=opp.outcome_id)
    from pom.discovery.tree import descendants

    blocked = descendants(dict(in_tree.values_list("id", "parent_id")), opp.pk) | {opp.pk}
    move_targets = [o for o in in_tree.order_by("title") if o.pk not in blocked]
    context = {
        "opp": opp,
        "form": form,
        "can_edit": editable,
        "can_comment": can(actor, "discovery.comment"),
        "move_targets": move_targets,
        "evidence": opp.insights.order_by("-observed_on")[:20],
        "stakeholder_inputs": opp.inputs.select_related("from_person").order_by("-created_at")[:20],
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
        status=form_status(request, form),
    )


@member_view("discovery.view")
@require_POST
def opportunity_move(request: PomRequest, pk: int) -> HttpResponse:
    """Re-parent an opportunity: the drag-and-drop target and the "move under…" form both post here."""
    opp = _opportunity(request, pk)
    parent = request.POST.get("parent") or None
    if answered := json_or_flash(
        request,
        lambda: services.move_opportunity(request.membership, opp, parent),
        f"Moved “{opp.title}”.",
    ):
        return answered
    return redirect(reverse("discovery:tree", args=[opp.outcome_id]) + f"#opportunity-{opp.pk}")


@member_view("discovery.view")
@require_POST
def opportunity_delete(request: PomRequest, pk: int) -> HttpResponse:
    opp = _opportunity(request, pk)
    return act(
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
    return act(
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
    return act(
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
