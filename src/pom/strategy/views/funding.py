"""Funding allocations of a cycle: to a team, an outcome or a project."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core.permissions import require
from pom.core.web import PomRequest, apply_errors, member_view, render_page
from pom.strategy import services
from pom.strategy.forms import FundingForm
from pom.strategy.models import Cycle, FundingAllocation, Outcome, Project
from pom.strategy.views.common import _act, _get
from pom.strategy.views.cycles import _cycle_context, _funding_choices
from pom.teams.models import Team


@member_view()
@require_POST
def funding_create(request: PomRequest, pk: int) -> HttpResponse:
    actor = request.membership
    cycle = _get(request, Cycle, pk)
    require(actor, "strategy.manage")
    kind, _, target_id = request.POST.get("target", "").partition(":")
    planning = None
    if kind == "team" and target_id.isdigit():
        planning = Team.objects.for_member(actor).filter(pk=int(target_id)).first()
    form = FundingForm(request.POST, choices=_funding_choices(actor, planning))
    # The choices offered depend on the team being planned; accept any target of this organization.
    form.fields["target"].choices = [(request.POST.get("target", ""), "")]  # type: ignore[attr-defined]
    if form.is_valid():
        models = {"team": Team, "outcome": Outcome, "project": Project}
        try:
            if kind not in models or not target_id.isdigit():
                raise ValidationError({"target": "Choose a team, an outcome or a project to fund."})
            target = services.resolve(models[kind], actor, int(target_id), "target")
            data = {k: v for k, v in form.cleaned_data.items() if k != "target"}
            services.allocate_funding(actor, cycle=cycle, **{kind: target}, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Funding added to {cycle.name}.")
            return redirect("strategy:cycle", pk=cycle.pk)
    context = _cycle_context(request, cycle, funding_form=form)
    return render_page(request, "strategy/cycle.html", context, status=400)


@member_view()
@require_POST
def funding_delete(request: PomRequest, pk: int) -> HttpResponse:
    funding = _get(request, FundingAllocation, pk)
    require(request.membership, "strategy.manage")
    return _act(
        request,
        lambda: services.delete_funding(request.membership, funding),
        "Funding removed.",
        reverse("strategy:cycle", args=[funding.cycle_id]),
    )
