"""Funding allocations of a cycle: to a team, an outcome or a project."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.accounts.models import Membership
from pom.core.lookup import get_for_member
from pom.core.permissions import require
from pom.core.web import PomRequest, act, form_status, member_view, render_page, save_form
from pom.strategy import services
from pom.strategy.forms import FundingForm
from pom.strategy.models import Cycle, FundingAllocation, Outcome, Project
from pom.strategy.views.cycles import _cycle_context, _funding_choices
from pom.teams.models import Team


@member_view()
@require_POST
def funding_create(request: PomRequest, pk: int) -> HttpResponse:
    actor = request.membership
    cycle = get_for_member(Cycle, request, pk=pk)
    require(actor, "strategy.manage")
    kind, _, target_id = request.POST.get("target", "").partition(":")
    planning = None
    if kind == "team" and target_id.isdigit():
        planning = Team.objects.for_member(actor).filter(pk=int(target_id)).first()
    form = FundingForm(request.POST, choices=_funding_choices(actor, planning))
    # The choices offered depend on the team being planned; accept any target of this organization.
    form.fields["target"].choices = [(request.POST.get("target", ""), "")]  # type: ignore[attr-defined]
    if saved := save_form(
        request,
        form,
        lambda data: _fund(actor, cycle, kind, target_id, data),
        success=f"Funding added to {cycle.name}.",
        to=reverse("strategy:cycle", args=[cycle.pk]),
    ):
        return saved
    context = _cycle_context(request, cycle, funding_form=form)
    return render_page(request, "strategy/cycle.html", context, status=form_status(request, form))


def _fund(
    actor: Membership, cycle: Cycle, kind: str, target_id: str, data: dict[str, Any]
) -> FundingAllocation:
    """Fund the team, outcome or project that ``kind:target_id`` names, in the actor's org."""
    models = {"team": Team, "outcome": Outcome, "project": Project}
    if kind not in models or not target_id.isdigit():
        raise ValidationError({"target": "Choose a team, an outcome or a project to fund."})
    target = services.resolve(models[kind], actor, int(target_id), "target")
    values = {k: v for k, v in data.items() if k != "target"}
    return services.allocate_funding(actor, cycle=cycle, **{kind: target}, **values)


@member_view()
@require_POST
def funding_delete(request: PomRequest, pk: int) -> HttpResponse:
    funding = get_for_member(FundingAllocation, request, pk=pk)
    require(request.membership, "strategy.manage")
    return act(
        request,
        lambda: services.delete_funding(request.membership, funding),
        "Funding removed.",
        reverse("strategy:cycle", args=[funding.cycle_id]),
    )
