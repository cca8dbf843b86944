"""One solution: its side panel and moving it under another opportunity."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core.lookup import get_for_member, scoped
from pom.core.permissions import can
from pom.core.web import (
    PomRequest,
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
    Solution,
)


def _solution(request: PomRequest, pk: int) -> Solution:
    return get_for_member(Solution, request, pk=pk, select_related=["team", "opportunity"])


def _saved(request: PomRequest, sol: Solution, outcome_id: int | None) -> Any:
    """After saving the panel: htmx refreshes the tree around it; a plain post goes to the tree."""
    if request.htmx:
        return trigger("pom:tree-changed", {"select": f"solution-{sol.pk}"})
    if outcome_id:
        return reverse("discovery:tree", args=[outcome_id]) + f"#solution-{sol.pk}"
    return "discovery:index"


@member_view("discovery.view")
def solution_panel(request: PomRequest, pk: int) -> HttpResponse:
    actor = request.membership
    sol = _solution(request, pk)
    editable = can(actor, "discovery.edit", sol.team)
    initial = {f: getattr(sol, f) for f in ("title", "description", "status", "origin")}
    form = forms.SolutionForm(request.POST or None, initial=initial)
    outcome_id = sol.opportunity.outcome_id if sol.opportunity else None
    if request.method == "POST" and not editable:
        raise PermissionDenied("Only the team can change its solutions.")
    if saved := save_form(
        request,
        form,
        lambda data: services.update_solution(actor, sol, **data),
        success=lambda _: f"Saved “{sol.title}”.",
        to=lambda _: _saved(request, sol, outcome_id),
    ):
        return saved
    opportunities = scoped(Opportunity, actor).order_by("title")
    targets = (
        list(opportunities.filter(outcome_id=outcome_id))
        if outcome_id
        else list(opportunities.filter(team_id=sol.team_id)[:300])
    )
    context = {
        "sol": sol,
        "form": form,
        "can_edit": editable,
        "can_comment": can(actor, "discovery.comment"),
        "move_targets": targets,
        "comments": sol.comments.select_related("author"),
        "decisions": sol.decisions.all()[:10],
    }
    return render_page(
        request,
        "discovery/panel_solution.html",
        context,
        partial="discovery/partials/_panel_solution.html",
        status=form_status(request, form),
    )


@member_view("discovery.view")
@require_POST
def solution_move(request: PomRequest, pk: int) -> HttpResponse:
    sol = _solution(request, pk)
    target = request.POST.get("opportunity") or None
    if answered := json_or_flash(
        request,
        lambda: services.move_solution(request.membership, sol, target),
        f"Moved “{sol.title}”.",
    ):
        return answered
    sol.refresh_from_db()
    outcome_id = (
        None
        if sol.opportunity_id is None
        else (
            scoped(Opportunity, request)
            .filter(pk=sol.opportunity_id)
            .values_list("outcome_id", flat=True)
            .first()
        )
    )
    return redirect(
        reverse("discovery:tree", args=[outcome_id]) if outcome_id else reverse("discovery:index")
    )
