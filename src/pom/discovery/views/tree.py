"""The opportunity solution tree of an outcome, and adding opportunities to it."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core.lookup import get_for_member, scoped
from pom.core.permissions import can
from pom.core.web import PomRequest, act, member_view, render_page
from pom.discovery import forms, queries, services
from pom.discovery.models import (
    Opportunity,
    Stage,
)
from pom.strategy.models import Outcome

STAGE_COLOURS = {
    Stage.IDENTIFIED: "#6b7280",
    Stage.NOW: "#1d4ed8",
    Stage.NEXT: "#7c3aed",
    Stage.LATER: "#0f766e",
    Stage.NOT_NOW: "#9ca3af",
    Stage.SOLVED: "#15803d",
}


def _outcome(request: PomRequest, pk: int) -> Outcome:
    return get_for_member(Outcome, request, pk=pk, select_related=["owner_team"])


@member_view("discovery.view")
def tree(request: PomRequest, pk: int) -> HttpResponse:
    actor = request.membership
    outcome = _outcome(request, pk)
    root = queries.outcome_tree(actor, outcome)
    owner = outcome.owner_team
    editable = can(actor, "discovery.edit", owner) if owner else can(actor, "discovery.edit")
    parents = list(scoped(Opportunity, actor).filter(outcome=outcome).order_by("title"))
    context = {
        "active": "discovery",
        "outcome": outcome,
        "tree_json": root.as_dict(),
        "node_count": root.count() - 1,
        "can_edit": editable,
        "new_form": forms.NewOpportunityForm(parents=parents),
        "stage_colours": json.dumps({k.value: v for k, v in STAGE_COLOURS.items()}),
        "stages": [(s.value, s.label, STAGE_COLOURS[s]) for s in Stage],
        "api_tree": f"/api/v1/discovery/outcomes/{outcome.pk}/tree",
    }
    return render_page(request, "discovery/tree.html", context)


@member_view("discovery.view")
@require_POST
def opportunity_create(request: PomRequest, pk: int) -> HttpResponse:
    outcome = _outcome(request, pk)
    parents = list(scoped(Opportunity, request).filter(outcome=outcome))
    form = forms.NewOpportunityForm(request.POST, parents=parents)
    target = reverse("discovery:tree", args=[outcome.pk])
    if not form.is_valid():
        messages.error(request, "Give the opportunity a title.")
        return redirect(target)
    return act(
        request,
        lambda: services.create_opportunity(
            request.membership,
            outcome=outcome,
            team=outcome.owner_team_id,
            parent=form.cleaned_data["parent"],
            title=form.cleaned_data["title"],
        ),
        f"Added “{form.cleaned_data['title']}”.",
        target,
    )
