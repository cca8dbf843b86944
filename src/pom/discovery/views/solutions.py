"""One solution: its side panel and moving it under another opportunity."""

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
    Solution,
)


def _solution(request: PomRequest, pk: int) -> Solution:
    return get_object_or_404(
        Solution.objects.for_member(request.membership).select_related("team", "opportunity"), pk=pk
    )


@member_view("discovery.view")
def solution_panel(request: PomRequest, pk: int) -> HttpResponse:
    actor = request.membership
    sol = _solution(request, pk)
    editable = can(actor, "discovery.edit", sol.team)
    initial = {f: getattr(sol, f) for f in ("title", "description", "status", "origin")}
    form = forms.SolutionForm(request.POST or None, initial=initial)
    status = 200
    outcome_id = sol.opportunity.outcome_id if sol.opportunity else None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("Only the team can change its solutions.")
        if form.is_valid():
            try:
                services.update_solution(actor, sol, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"Saved “{sol.title}”.")
                if outcome_id and not request.htmx:
                    return redirect(
                        reverse("discovery:tree", args=[outcome_id]) + f"#solution-{sol.pk}"
                    )
                if request.htmx:
                    response = HttpResponse(status=204)
                    response["HX-Trigger"] = json.dumps(
                        {"pom:tree-changed": {"select": f"solution-{sol.pk}"}}
                    )
                    return response
                return redirect("discovery:index")
        status = 200 if request.htmx else 400
    targets = (
        list(Opportunity.objects.for_member(actor).filter(outcome_id=outcome_id).order_by("title"))
        if outcome_id
        else list(
            Opportunity.objects.for_member(actor)
            .filter(team_id=sol.team_id)
            .order_by("title")[:300]
        )
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
        status=status,
    )


@member_view("discovery.view")
@require_POST
def solution_move(request: PomRequest, pk: int) -> HttpResponse:
    sol = _solution(request, pk)
    wants_json = request.headers.get("accept", "").startswith("application/json")
    try:
        services.move_solution(request.membership, sol, request.POST.get("opportunity") or None)
    except ValidationError as exc:
        if wants_json:
            return JsonResponse({"message": " ".join(exc.messages)}, status=400)
        messages.error(request, " ".join(exc.messages))
    else:
        if wants_json:
            return JsonResponse({"message": f"Moved “{sol.title}”."})
        messages.success(request, f"Moved “{sol.title}”.")
    sol.refresh_from_db()
    outcome_id = (
        None
        if sol.opportunity_id is None
        else (
            Opportunity.objects.for_member(request.membership)
            .filter(pk=sol.opportunity_id)
            .values_list("outcome_id", flat=True)
            .first()
        )
    )
    return redirect(
        reverse("discovery:tree", args=[outcome_id]) if outcome_id else reverse("discovery:index")
    )
