"""Experiments pages: the tests board, the assumption map, a test with its results panel, and the
sample-size calculator. Thin: parse, call a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core.lookup import get_for_member
from pom.core.permissions import can
from pom.core.web import (
    PomRequest,
    act,
    apply_errors,
    form_status,
    member_view,
    render_page,
    renderer,
    save_form,
)
from pom.discovery.models import Solution
from pom.experiments import charts, forms, queries, services, stats
from pom.experiments.filters import AssumptionMapFilter, BoardFilter, FormStart
from pom.experiments.models import Assumption, AssumptionTest, MetricKind, RiskType, TestStatus
from pom.teams.queries import workable_teams

MAP_LIMIT = 300  # the most important, least evidenced first; filter to see the rest


_render = renderer("discovery")  # experiments are part of the discovery pillar


def _test(request: PomRequest, pk: int) -> AssumptionTest:
    return get_for_member(
        AssumptionTest,
        request,
        pk=pk,
        select_related=["team", "decision_record"],
        prefetch_related=["assumptions__solution", "variants"],
    )


def _assumption(request: PomRequest, pk: int) -> Assumption:
    return get_for_member(Assumption, request, pk=pk, select_related=["solution", "solution__team"])


def _test_url(test: AssumptionTest) -> str:
    return reverse("experiments:test", args=[test.pk])


def _map_url(solution_id: int) -> str:
    return f"{reverse('experiments:map')}?solution={solution_id}"


# --- Tests board --------------------------------------------------------------------------------


@member_view("experiments.view")
def index(request: PomRequest) -> HttpResponse:
    filters = BoardFilter.from_request(
        request, AssumptionTest.objects.for_member(request.membership)
    )
    context = {
        "columns": [
            (value, label, column["tests"], column["total"])
            for (value, label), column in zip(
                TestStatus.choices, queries.board(filters.qs).values(), strict=True
            )
        ],
        "team_filter": filters.values["team"] or None,
        "overdue_filter": filters.values["overdue"] is True,
        "can_plan": bool(workable_teams(request.membership)),
        "section": "board",
    }
    return _render(
        request, "experiments/index.html", context, partial="experiments/partials/_board.html"
    )


# --- Assumption map -----------------------------------------------------------------------------


@member_view("experiments.view")
def assumption_map(request: PomRequest) -> HttpResponse:
    filters = AssumptionMapFilter.from_request(request, queries.assumptions_for(request.membership))
    values = filters.values
    solution = values["solution"] or None
    items = list(filters.qs[:MAP_LIMIT])
    context = {
        "assumptions": items,
        "map_limit": MAP_LIMIT,
        "chart": charts.assumption_map(items),
        "risk_types": RiskType.choices,
        "risk_filter": values["risk"],
        "solution_filter": solution,
        "outcome_filter": values["outcome"] or None,
        "team_filter": values["team"] or None,
        "risky_filter": values["risky"] is True,
        "solution": Solution.objects.for_member(request.membership).filter(pk=solution).first()
        if solution
        else None,
        "risky_count": sum(1 for a in items if a.is_risky),
        "can_add": bool(workable_teams(request.membership)),
        "section": "map",
    }
    return _render(
        request, "experiments/map.html", context, partial="experiments/partials/_map.html"
    )


@member_view("experiments.edit")
def assumption_create(request: PomRequest) -> HttpResponse:
    initial = {"solution": FormStart.from_request(request).values["solution"] or None}
    form = forms.AssumptionForm(request.POST or None, actor=request.membership, initial=initial)
    if saved := save_form(
        request,
        form,
        lambda data: services.create_assumption(request.membership, **data),
        success="Assumption added to the map.",
        to=lambda a: _map_url(a.solution_id),
    ):
        return saved
    return _render(
        request,
        "experiments/assumption_form.html",
        {
            "form": form,
            "title": "New assumption",
            "section": "map",
            "has_solutions": Solution.objects.for_member(request.membership)
            .filter(team__in=workable_teams(request.membership))
            .exists(),
        },
        status=form_status(request, form),
    )


@member_view("experiments.view")
def assumption_detail(request: PomRequest, pk: int) -> HttpResponse:
    a = _assumption(request, pk)
    editable = can(request.membership, "experiments.edit", a.solution.team)
    initial = {f: getattr(a, f) for f in services.UPDATABLE_ASSUMPTION}
    form = forms.AssumptionEditForm(request.POST or None, actor=request.membership, initial=initial)
    if request.method == "POST" and not editable:
        raise PermissionDenied("Only the team (or leaders) can change this assumption.")
    if saved := save_form(
        request,
        form,
        lambda data: services.update_assumption(request.membership, a, **data),
        success="Assumption saved.",
        to=reverse("experiments:assumption", args=[a.pk]),
    ):
        return saved
    tests = list(a.tests.for_member(request.membership).select_related("team"))  # type: ignore[attr-defined]
    return _render(
        request,
        "experiments/assumption.html",
        {"assumption": a, "form": form, "editable": editable, "tests": tests, "section": "map"},
        status=form_status(request, form),
    )


@require_POST
@member_view("experiments.edit")
def assumption_delete(request: PomRequest, pk: int) -> HttpResponse:
    a = _assumption(request, pk)
    services.delete_assumption(request.membership, a)
    messages.success(request, "Assumption deleted.")
    return redirect(_map_url(a.solution_id))


# --- Tests --------------------------------------------------------------------------------------


@member_view("experiments.edit")
def test_create(request: PomRequest) -> HttpResponse:
    start = FormStart.from_request(request).values
    initial = {"team": start["team"] or None, "assumptions": start["assumption"] or []}
    form = forms.TestForm(request.POST or None, actor=request.membership, initial=initial)
    if saved := save_form(
        request,
        form,
        lambda data: services.create_test(request.membership, **data),
        success="Test planned. Its criterion locks when you start it.",
        to=_test_url,
    ):
        return saved
    return _render(
        request,
        "experiments/test_form.html",
        {"form": form, "title": "Plan a test", "section": "board"},
        status=form_status(request, form),
    )


@member_view("experiments.view")
def test_detail(request: PomRequest, pk: int) -> HttpResponse:
    t = _test(request, pk)
    editable = can(request.membership, "experiments.edit", t.team)
    analysis = services.analysis_for(t)
    context = {
        "test": t,
        "editable": editable,
        "analysis": analysis,
        "chart": charts.lift_chart(analysis, t) if analysis else None,
        "variants": list(t.variants.all()),
        "binary": t.metric_kind == MetricKind.BINARY,
        "conclude_form": forms.ConcludeForm(initial=_suggested(analysis)),
        "values_form": forms.ValuesForm(),
        "criterion_history": queries.criterion_history(t),
        "section": "board",
    }
    return render_page(request, "experiments/test.html", context)


def _suggested(analysis: stats.Analysis | None) -> dict[str, Any]:
    if analysis is None:
        return {}
    return {"result": analysis.verdict}


@member_view("experiments.edit")
def test_edit(request: PomRequest, pk: int) -> HttpResponse:
    t = _test(request, pk)
    fields = [f for f in forms.TestForm.base_fields if f not in ("team", "assumptions")]
    initial = {f: getattr(t, f) for f in fields} | {
        "assumptions": [a.pk for a in t.assumptions.all()],
    }
    form = forms.TestForm(
        request.POST or None,
        actor=request.membership,
        team=t.team,
        initial=initial,
        locked=t.criterion_locked,
    )

    def save(data: dict[str, Any]) -> AssumptionTest:
        # The team never changes; once the test runs, neither do the locked criterion fields.
        changes = {
            k: v
            for k, v in data.items()
            if k != "team" and not (t.criterion_locked and form.fields[k].disabled)
        }
        return services.update_test(request.membership, t, **changes)

    if saved := save_form(request, form, save, success="Test saved.", to=_test_url(t)):
        return saved
    return _render(
        request,
        "experiments/test_form.html",
        {"form": form, "title": f"Edit “{t.title}”", "test": t, "section": "board"},
        status=form_status(request, form),
    )


@require_POST
@member_view("experiments.edit")
def test_start(request: PomRequest, pk: int) -> HttpResponse:
    t = _test(request, pk)
    return act(
        request,
        lambda: services.start_test(request.membership, t),
        "Test started: the hypothesis and success criterion are now locked.",
        _test_url(t),
    )


@require_POST
@member_view("experiments.edit")
def test_delete(request: PomRequest, pk: int) -> HttpResponse:
    t = _test(request, pk)
    services.delete_test(request.membership, t)
    messages.success(request, "Test deleted.")
    return redirect("experiments:index")


@require_POST
@member_view("experiments.edit")
def test_variants(request: PomRequest, pk: int) -> HttpResponse:
    t = _test(request, pk)
    post = request.POST
    keys = ("name", "planned_share", "users", "conversions", "n", "mean", "sd")
    columns = {k: post.getlist(k) for k in keys}
    rows = []
    for i in range(len(columns["name"])):
        row = {k: (columns[k][i] if i < len(columns[k]) else "") for k in keys}
        if not row["name"].strip() and not any(str(v).strip() for v in row.values()):
            continue  # the blank "add a variant" row
        rows.append({k: v for k, v in row.items() if str(v).strip() != "" or k == "name"})
    return act(
        request,
        lambda: services.set_variants(request.membership, t, rows),
        "Variant data saved.",
        _test_url(t),
    )


@require_POST
@member_view("experiments.edit")
def test_values(request: PomRequest, pk: int) -> HttpResponse:
    t = _test(request, pk)
    form = forms.ValuesForm(request.POST, request.FILES)

    return act(
        request,
        lambda: services.upload_values(request.membership, t, form.text()),
        "Per-user values summarised into n, mean and sd.",
        _test_url(t),
        form=form,
    )


@require_POST
@member_view("experiments.edit")
def test_conclude(request: PomRequest, pk: int) -> HttpResponse:
    t = _test(request, pk)
    form = forms.ConcludeForm(request.POST)

    return act(
        request,
        lambda: services.conclude_test(request.membership, t, **form.cleaned_data),
        "Test concluded; the decision is in the decision log.",
        _test_url(t),
        form=form,
    )


# --- Sample size --------------------------------------------------------------------------------


@member_view("experiments.view")
def sample_size(request: PomRequest) -> HttpResponse:
    data = {**forms.SampleSizeForm.DEFAULTS, **request.GET.dict()} if request.GET else None
    form = forms.SampleSizeForm(data, initial=forms.SampleSizeForm.DEFAULTS)
    plan = None
    if data is not None and form.is_valid():
        args = dict(form.cleaned_data)
        args["relative"] = args.pop("effect") == "relative"
        try:
            plan = stats.sample_size(**args)
        except stats.StatsInputError as error:
            apply_errors(form, ValidationError({error.field: error.message}))
    return _render(
        request,
        "experiments/sample_size.html",
        {"form": form, "plan": plan, "section": "sample_size"},
        status=form_status(request, form),
    )
