"""Team commitments to outcomes, from the outcome page or a cycle's planning panel."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core import pickers
from pom.core.lookup import get_for_member
from pom.core.permissions import require
from pom.core.web import PomRequest, act, member_view
from pom.strategy import services
from pom.strategy.forms import CommitForm, CycleCommitForm
from pom.strategy.models import Cycle, Outcome, OutcomeCommitment
from pom.teams.models import Team


@member_view()
@require_POST
def outcome_commit(request: PomRequest, pk: int) -> HttpResponse:
    actor = request.membership
    outcome = get_for_member(Outcome, request, pk=pk)
    require(actor, "strategy.outcome")
    to = reverse("strategy:outcome", args=[outcome.pk]) + "#commitments"
    if pickers.picking(request):  # "Find" without JavaScript: back to the outcome, searching
        return redirect(pickers.search_url(request, to))
    form = CommitForm(request.POST, actor=actor)
    if not form.is_valid():
        messages.error(request, "Choose one of your teams and a cycle.")
        return redirect(to)
    team, cycle = form.cleaned_data["team"], form.cleaned_data["cycle"]
    return act(
        request,
        lambda: services.commit_outcome(
            actor, outcome, team=team, cycle=cycle, note=form.cleaned_data["note"]
        ),
        f"{team.name} committed to this outcome for {cycle.name}.",
        to,
    )


@member_view()
@require_POST
def commitment_delete(request: PomRequest, pk: int) -> HttpResponse:
    commitment = get_for_member(
        OutcomeCommitment, request, pk=pk, select_related=["team", "outcome"]
    )
    require(request.membership, "strategy.outcome", commitment.team)
    back = request.POST.get("next", "")
    target = (
        back
        if back.startswith("/") and not back.startswith("//")
        else reverse("strategy:outcome", args=[commitment.outcome_id])
    )
    return act(
        request,
        lambda: services.withdraw_commitment(request.membership, commitment),
        f"{commitment.team.name} no longer committed to “{commitment.outcome.title}”.",
        target,
    )


@member_view()
@require_POST
def cycle_commit(request: PomRequest, pk: int) -> HttpResponse:
    actor = request.membership
    cycle = get_for_member(Cycle, request, pk=pk)
    require(actor, "strategy.outcome")
    team_id = request.POST.get("team", "")
    team = Team.objects.for_member(actor).filter(pk=team_id).first() if team_id.isdigit() else None
    back = reverse("strategy:cycle", args=[cycle.pk]) + (f"?team={team.pk}#plan" if team else "")
    if pickers.picking(request):  # "Find" without JavaScript: back to the plan, searching
        return redirect(pickers.search_url(request, back))
    form = CycleCommitForm(request.POST, actor=actor, team=team)
    if not form.is_valid() or team is None:
        messages.error(request, "Choose an outcome of the team you are planning.")
        return redirect(back)
    outcome = form.cleaned_data["outcome"]
    return act(
        request,
        lambda: services.commit_outcome(
            actor, outcome, team=team, cycle=cycle, note=form.cleaned_data["note"]
        ),
        f"{team.name} committed to “{outcome.title}” for {cycle.name}.",
        back,
    )
