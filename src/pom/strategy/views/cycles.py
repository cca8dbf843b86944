"""Cycles: the list, a cycle's planning page with its funding mix, edit and delete."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core.lookup import get_for_member
from pom.core.permissions import can, require
from pom.core.web import (
    PomRequest,
    act,
    form_for,
    form_status,
    member_view,
    paginate,
    render_page,
    save_form,
)
from pom.strategy import queries, services
from pom.strategy.filters import CycleTeamFilter, PlanningParams
from pom.strategy.forms import CycleCommitForm, CycleForm, FundingForm
from pom.strategy.models import (
    Cycle,
    FundingAllocation,
    Outcome,
    OutcomeCommitment,
    OutcomeStatus,
    Project,
)
from pom.strategy.views.common import _ctx
from pom.teams.models import Team


@member_view("strategy.view")
def cycles(request: PomRequest) -> HttpResponse:
    actor = request.membership
    form = form_for(request, "strategy.manage", CycleForm)
    if saved := save_form(
        request,
        form,
        lambda data: services.create_cycle(actor, **data),
        success=lambda cycle: f"Cycle {cycle.name} created. Plan it below.",
        to=lambda cycle: reverse("strategy:cycle", args=[cycle.pk]),
    ):
        return saved
    qs = queries.cycles_with_counts(actor.organization_id)
    context = _ctx(request, page=paginate(request, qs), form=form, today=queries.today())
    return render_page(request, "strategy/cycles.html", context, status=form_status(request, form))


def _funding_choices(actor: Any, team: Team | None) -> list[Any]:
    org = actor.organization_id
    groups: list[Any] = []
    if team is not None:
        groups.append(("Team", [(f"team:{team.pk}", team.name)]))
        owned = (
            Outcome.objects.for_org(org)
            .filter(owner_team=team, status__in=(OutcomeStatus.DRAFT, OutcomeStatus.COMMITTED))
            .only("id", "title")
            .order_by("title")
        )
        groups.append(("Its outcomes", [(f"outcome:{o.pk}", o.title) for o in owned]))
    projects = Project.objects.for_org(org).only("id", "name").order_by("name")
    groups.append(("Projects", [(f"project:{p.pk}", p.name) for p in projects]))
    return groups


def _cycle_context(request: PomRequest, cycle: Cycle, **forms: Any) -> dict[str, Any]:
    actor = request.membership
    org_id = actor.organization_id
    settings = queries.strategy_settings(org_id)
    found = CycleTeamFilter.from_request(
        request, Team.objects.for_org(org_id).filter(archived_at__isnull=True).order_by("name")
    )
    teams = found.qs.prefetch_related(
        Prefetch(
            "outcome_commitments",
            queryset=OutcomeCommitment.objects.for_org(org_id)
            .filter(cycle=cycle)
            .select_related("outcome"),
            to_attr="cycle_commitments",
        ),
        Prefetch(
            "funding",
            queryset=FundingAllocation.objects.for_org(org_id).filter(cycle=cycle),
            to_attr="cycle_funding",
        ),
    )
    team_page = paginate(request, teams)
    today = queries.today()
    for t in team_page.object_list:
        for c in t.cycle_commitments:
            c.outcome.stale = c.outcome.is_stale(today, settings.stale_after_days)
    planning = PlanningParams.from_request(request, org_id=org_id).values["team"] or None
    allocations = (
        FundingAllocation.objects.for_org(org_id)
        .filter(cycle=cycle)
        .select_related("team", "outcome", "project")
        .order_by("-amount", "id")
    )
    funding_page = paginate(request, allocations, 25, param="fpage")
    mix = queries.funding_mix(org_id, cycle.pk)
    can_plan_team = planning is not None and can(actor, "strategy.outcome", planning)
    return _ctx(
        request,
        cycle=cycle,
        other_cycles=list(Cycle.objects.for_org(org_id).only("id", "name", "start")[:12]),
        team_page=team_page,
        page=team_page,
        q=found.values["q"],
        planning=planning,
        can_plan_team=can_plan_team,
        commit_form=forms.get("commit_form")
        or (
            CycleCommitForm(actor=actor, team=planning, query=request.GET)
            if can_plan_team
            else None
        ),
        funding_form=forms.get("funding_form")
        or (
            FundingForm(choices=_funding_choices(actor, planning))
            if can(actor, "strategy.manage")
            else None
        ),
        funding_page=funding_page,
        mix=mix,
        mix_rows=mix.as_rows(),
        mix_chart={
            "labels": ["Outcomes", "Teams", "Projects"],
            "amount": [float(mix.amount[k]) for k in ("outcome", "team", "project")],
            "headcount": [float(mix.headcount[k]) for k in ("outcome", "team", "project")],
        },
        findings=queries.cycle_findings(org_id, cycle, settings),
        settings=settings,
        cycle_form=CycleForm(initial={"name": cycle.name, "start": cycle.start, "end": cycle.end}),
    )


@member_view("strategy.view")
def cycle(request: PomRequest, pk: int) -> HttpResponse:
    cycle = get_for_member(Cycle, request, pk=pk)
    return render_page(request, "strategy/cycle.html", _cycle_context(request, cycle))


@member_view()
@require_POST
def cycle_edit(request: PomRequest, pk: int) -> HttpResponse:
    cycle = get_for_member(Cycle, request, pk=pk)
    require(request.membership, "strategy.manage")
    form = CycleForm(request.POST)
    return act(
        request,
        lambda: services.update_cycle(request.membership, cycle, **form.cleaned_data),
        "Cycle saved.",
        reverse("strategy:cycle", args=[cycle.pk]),
        form=form,
    )


@member_view()
@require_POST
def cycle_delete(request: PomRequest, pk: int) -> HttpResponse:
    cycle = get_for_member(Cycle, request, pk=pk)
    require(request.membership, "strategy.manage")
    return act(
        request,
        lambda: services.delete_cycle(request.membership, cycle),
        f"Cycle {cycle.name} deleted.",
        reverse("strategy:cycles"),
    )
