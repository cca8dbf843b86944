"""Experiments pages: the tests board, the assumption map, a test with its results panel, and the
sample-size calculator. Thin: parse, call a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from pom.accounts.models import Role
from pom.core.permissions import can
from pom.core.web import PomRequest, apply_errors, member_view, render_page
from pom.discovery.models import Solution
from pom.discovery.queries import my_team_ids
from pom.experiments import charts, forms, queries, services, stats
from pom.experiments.models import (
    Assumption,
    AssumptionTest,
    MetricKind,
    RiskType,
    TestStatus,
)
from pom.teams.models import Team

MAP_LIMIT = 300  # the most important, least evidenced first; filter to see the rest


def _render(
    request: PomRequest, template: str, context: dict[str, Any], **kwargs: Any
) -> HttpResponse:
    return render_page(request, template, {"active": "discovery", **context}, **kwargs)


def _int(request: PomRequest, name: str) -> int | None:
    try:
        return int(request.GET.get(name) or 0) or None
    except ValueError:
        return None


def _teams(request: PomRequest) -> list[Team]:
    return list(Team.objects.for_member(request.membership).filter(archived_at__isnull=True))


def _editable_teams(request: PomRequest) -> list[Team]:
    """Teams whose tests the actor may change: all for leaders and owners, their own for members."""
    actor = request.membership
    if actor.role in (Role.OWNER, Role.LEADER):
        return _teams(request)
    if actor.role != Role.MEMBER:
        return []
    mine = my_team_ids(actor)
    return [t for t in _teams(request) if t.pk in mine]


def _test(request: PomRequest, pk: int) -> AssumptionTest:
    return get_object_or_404(
        AssumptionTest.objects.for_member(request.membership)
        .select_related("team", "decision_record")
        .prefetch_related("assumptions__solution", "variants"),
        pk=pk,
    )


def _assumption(request: PomRequest, pk: int) -> Assumption:
    return get_object_or_404(
        Assumption.objects.for_member(request.membership).select_related(
            "solution", "solution__team"
        ),
        pk=pk,
    )


# --- Tests board --------------------------------------------------------------------------------


@member_view("experiments.view")
def index(request: PomRequest) -> HttpResponse:
    team = _int(request, "team")
    context = {
        "columns": [
            (value, label, column["tests"], column["total"])
            for (value, label), column in zip(
                TestStatus.choices,
                queries.board(request.membership, team=team).values(),
                strict=True,
            )
        ],
        "teams": _teams(request),
        "team_filter": team,
        "can_plan": bool(_editable_teams(request)),
        "section": "board",
    }
    return _render(
        request, "experiments/index.html", context, partial="experiments/partials/_board.html"
    )


# --- Assumption map -----------------------------------------------------------------------------


@member_view("experiments.view")
def assumption_map(request: PomRequest) -> HttpResponse:
    solution, outcome, team = (
        _int(request, "solution"),
        _int(request, "outcome"),
        _int(request, "team"),
    )
    risk = request.GET.get("risk", "")
    risk = risk if risk in RiskType.values else ""
    items = list(
        queries.assumptions_for(
            request.membership, solution=solution, outcome=outcome, team=team, risk_type=risk
        )[:MAP_LIMIT]
    )
    context = {
        "assumptions": items,
        "map_limit": MAP_LIMIT,
        "chart": charts.assumption_map(items),
        "risk_types": RiskType.choices,
        "risk_filter": risk,
        "solution_filter": solution,
        "outcome_filter": outcome,
        "team_filter": team,
        "teams": _teams(request),
        "outcomes": queries.mapped_outcomes(request.membership),
        "solution": Solution.objects.for_member(request.membership).filter(pk=solution).first()
        if solution
        else None,
        "risky_count": sum(1 for a in items if a.is_risky),
        "can_add": bool(_editable_teams(request)),
        "section": "map",
    }
    return _render(
        request, "experiments/map.html", context, partial="experiments/partials/_map.html"
    )


def _solutions(request: PomRequest) -> list[Solution]:
    teams = [t.pk for t in _editable_teams(request)]
    return list(
        Solution.objects.for_member(request.membership)
        .filter(team_id__in=teams)
        .select_related("team")
        .order_by("team__name", "title")
    )


@member_view("experiments.edit")
def assumption_create(request: PomRequest) -> HttpResponse:
    solutions = _solutions(request)
    initial = {"solution": _int(request, "solution")}
    form = forms.AssumptionForm(request.POST or None, solutions=solutions, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            a = services.create_assumption(request.membership, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Assumption added to the map.")
            return redirect(f"{_map_url()}?solution={a.solution_id}")
    return _render(
        request,
        "experiments/assumption_form.html",
        {"form": form, "title": "New assumption", "section": "map"},
        status=400 if form.errors else 200,
    )


def _map_url() -> str:
    from django.urls import reverse

    return reverse("experiments:map")


@member_view("experiments.view")
def assumption_detail(request: PomRequest, pk: int) -> HttpResponse:
    a = _assumption(request, pk)
    editable = can(request.membership, "experiments.edit", a.solution.team)
    initial = {f: getattr(a, f) for f in services.UPDATABLE_ASSUMPTION}
    form = forms.AssumptionEditForm(request.POST or None, solutions=[], initial=initial)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("Only the team (or leaders) can change this assumption.")
        if form.is_valid():
            try:
                services.update_assumption(request.membership, a, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "Assumption saved.")
                return redirect("experiments:assumption", pk=a.pk)
    tests = list(a.tests.for_member(request.membership).select_related("team"))  # type: ignore[attr-defined]
    return _render(
        request,
        "experiments/assumption.html",
        {"assumption": a, "form": form, "editable": editable, "tests": tests, "section": "map"},
        status=400 if form.errors else 200,
    )


@require_POST
@member_view("experiments.edit")
def assumption_delete(request: PomRequest, pk: int) -> HttpResponse:
    a = _assumption(request, pk)
    services.delete_assumption(request.membership, a)
    messages.success(request, "Assumption deleted.")
    return redirect(f"{_map_url()}?solution={a.solution_id}")


# --- Tests --------------------------------------------------------------------------------------


def _team_assumptions(request: PomRequest, teams: list[Team]) -> list[Assumption]:
    return list(queries.assumptions_for(request.membership).filter(solution__team__in=teams)[:500])


@member_view("experiments.edit")
def test_create(request: PomRequest) -> HttpResponse:
    teams = _editable_teams(request)
    initial = {"team": _int(request, "team"), "assumptions": request.GET.getlist("assumption")}
    form = forms.TestForm(
        request.POST or None,
        teams=teams,
        assumptions=_team_assumptions(request, teams),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            t = services.create_test(request.membership, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Test planned. Its criterion locks when you start it.")
            return redirect("experiments:test", pk=t.pk)
    return _render(
        request,
        "experiments/test_form.html",
        {"form": form, "title": "Plan a test", "section": "board"},
        status=400 if form.errors else 200,
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
    teams = [t.team]
    fields = [f for f in forms.TestForm.base_fields if f != "assumptions"]
    initial = {f: getattr(t, f) for f in fields if f != "team"} | {
        "team": t.team_id,
        "assumptions": [a.pk for a in t.assumptions.all()],
    }
    form = forms.TestForm(
        request.POST or None,
        teams=teams,
        assumptions=_team_assumptions(request, teams),
        initial=initial,
        locked=t.criterion_locked,
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "team"}
        if t.criterion_locked:
            data = {k: v for k, v in data.items() if not form.fields[k].disabled}
        try:
            services.update_test(request.membership, t, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Test saved.")
            return redirect("experiments:test", pk=t.pk)
    return _render(
        request,
        "experiments/test_form.html",
        {"form": form, "title": f"Edit “{t.title}”", "test": t, "section": "board"},
        status=400 if form.errors else 200,
    )


def _act(request: PomRequest, test: AssumptionTest, action: Any, success: str) -> HttpResponse:
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect("experiments:test", pk=test.pk)


@require_POST
@member_view("experiments.edit")
def test_start(request: PomRequest, pk: int) -> HttpResponse:
    t = _test(request, pk)
    return _act(
        request,
        t,
        lambda: services.start_test(request.membership, t),
        "Test started: the hypothesis and success criterion are now locked.",
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
    return _act(
        request,
        t,
        lambda: services.set_variants(request.membership, t, rows),
        "Variant data saved.",
    )


@require_POST
@member_view("experiments.edit")
def test_values(request: PomRequest, pk: int) -> HttpResponse:
    t = _test(request, pk)
    form = forms.ValuesForm(request.POST, request.FILES)

    def upload() -> None:
        if not form.is_valid():
            raise ValidationError(form.errors.as_text())
        try:
            text = form.text()
        except Exception as exc:  # a forms.ValidationError from reading the file
            raise ValidationError(str(getattr(exc, "message", exc))) from None
        services.upload_values(request.membership, t, text)

    return _act(request, t, upload, "Per-user values summarised into n, mean and sd.")


@require_POST
@member_view("experiments.edit")
def test_conclude(request: PomRequest, pk: int) -> HttpResponse:
    t = _test(request, pk)
    form = forms.ConcludeForm(request.POST)

    def conclude() -> None:
        if not form.is_valid():
            raise ValidationError(
                [f"{name}: {' '.join(str(e) for e in errs)}" for name, errs in form.errors.items()]
            )
        services.conclude_test(request.membership, t, **form.cleaned_data)

    return _act(request, t, conclude, "Test concluded; the decision is in the decision log.")


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
        status=400 if form.errors else 200,
    )
