"""Metrics pages: the metric list, a metric with its series, the editor with a live preview, data
sources with their files. Thin: parse, look the object up, call a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core import pickers
from pom.core.lookup import get_for_member
from pom.core.permissions import can
from pom.core.web import (
    PomRequest,
    act,
    apply_errors,
    error_text,
    form_status,
    member_view,
    paginate,
    redirect_to,
    renderer,
    save_form,
)
from pom.metrics import chart_marks, charts, forms, queries, services
from pom.metrics.filters import MetricFilter, MetricStart, RefreshPoll
from pom.metrics.models import DataSource, Metric, OutcomeMetric, RefreshStatus, SourceTable
from pom.strategy.models import Outcome

_render = renderer("metrics")


def _metric(request: PomRequest, pk: int) -> Metric:
    return get_for_member(Metric, request, pk=pk, select_related=["source"])


def _source(request: PomRequest, pk: int) -> DataSource:
    return get_for_member(DataSource, request, pk=pk, prefetch_related=["tables"])


def _sources(request: PomRequest) -> list[DataSource]:
    return list(DataSource.objects.for_member(request.membership).order_by("name"))


# --- Metrics ------------------------------------------------------------------------------------


@member_view("metrics.view")
def index(request: PomRequest) -> HttpResponse:
    filters = MetricFilter.from_request(request, queries.metrics_for(request.membership))
    page = paginate(request, filters.qs)
    for metric in page:
        metric.spark = charts.sparkline(metric.sparkline or [])  # type: ignore[attr-defined]
    context = {
        "page": page,
        "q": filters.values["q"],
        "source_filter": filters.values["source"] or None,
        "sources": _sources(request),
        "can_edit": can(request.membership, "metrics.edit"),
        "can_manage_sources": can(request.membership, "metrics.sources"),
    }
    return _render(
        request, "metrics/index.html", context, partial="metrics/partials/_metric_rows.html"
    )


def _editor(
    request: PomRequest, form: forms.MetricForm, title: str, metric: Metric | None
) -> HttpResponse:
    sources = {
        s.pk: s
        for s in DataSource.objects.for_member(request.membership).prefetch_related("tables")
    }
    context = {"form": form, "title": title, "metric": metric, "sources": list(sources.values())}
    return _render(request, "metrics/metric_form.html", context, status=form_status(request, form))


@member_view("metrics.edit")
def metric_create(request: PomRequest) -> HttpResponse:
    sources = _sources(request)
    start = MetricStart.from_request(request).values
    initial = {"source": start["source"]} if start["source"] != "" else {}
    form = forms.MetricForm(request.POST or None, sources=sources, initial=initial)
    if saved := save_form(
        request,
        form,
        lambda _: services.create_metric(request.membership, **form.service_data()),
        success=lambda m: f"Metric {m.name} defined. Refresh it to compute its series.",
        to=lambda m: m.get_absolute_url(),
    ):
        return saved
    return _editor(request, form, "New metric", None)


@member_view("metrics.edit")
def metric_edit(request: PomRequest, pk: int) -> HttpResponse:
    metric = _metric(request, pk)
    form = forms.MetricForm(
        request.POST or None,
        sources=_sources(request),
        initial=forms.MetricForm.initial_for(metric),
    )
    if saved := save_form(
        request,
        form,
        lambda _: services.update_metric(request.membership, metric, **form.service_data()),
        success="Metric saved.",
        to=metric.get_absolute_url(),
    ):
        return saved
    return _editor(request, form, f"Edit {metric.name}", metric)


@require_POST
@member_view("metrics.view")
def metric_preview(request: PomRequest) -> HttpResponse:
    """The editor's live preview: the last periods the unsaved definition gives (htmx partial)."""
    sources = _sources(request)
    form = forms.MetricForm(request.POST, sources=sources)
    context: dict[str, Any] = {
        "form": form,
        "previewed": True,
        "title": "Preview",
        "sources": sources,
    }
    if form.is_valid():
        try:
            context["sql"], series = services.preview(request.membership, **form.service_data())
            context["points"] = [queries.Point(p, v) for p, v in series]
        except ValidationError as exc:
            apply_errors(form, exc)
    return _render(
        request, "metrics/metric_form.html", context, partial="metrics/partials/_preview.html"
    )


@member_view("metrics.view")
def metric_detail(request: PomRequest, pk: int) -> HttpResponse:
    metric = _metric(request, pk)
    points = queries.points_of(metric)
    refreshes = queries.refreshes_of(metric)
    marks = chart_marks.for_chart(request.membership, metric, points)
    context = {
        "metric": metric,
        "chart": charts.with_marks(
            charts.series_chart(points, unit=metric.unit, name=metric.name), marks
        ),
        "marks": marks[::-1],
        "recent": points[-12:][::-1],
        "generated_sql": services.generated_sql(metric),
        "refreshes": refreshes,
        "running": bool(refreshes)
        and refreshes[0].status in (RefreshStatus.QUEUED, RefreshStatus.RUNNING),
        "bindings": _with_unbind(request, queries.bindings_of(metric)),
        "can_edit": can(request.membership, "metrics.edit"),
    }
    return _render(request, "metrics/metric.html", context)


def _with_unbind(request: PomRequest, bindings: Any) -> list[Any]:
    """The bindings, each marked with whether this member may unbind it (changes its outcome)."""
    listed = list(bindings)
    for b in listed:
        b.can_unbind = can(request.membership, "strategy.outcome", b.outcome)
    return listed


@member_view("metrics.view")
def metric_status(request: PomRequest, pk: int) -> HttpResponse:
    """The refresh panel alone, which the page polls while a refresh is queued or running."""
    metric = _metric(request, pk)
    refreshes = queries.refreshes_of(metric)
    running = bool(refreshes) and refreshes[0].status in (
        RefreshStatus.QUEUED,
        RefreshStatus.RUNNING,
    )
    context = {
        "metric": metric,
        "refreshes": refreshes,
        "running": running,
        "can_edit": can(request.membership, "metrics.edit"),
    }
    response = _render(request, "metrics/partials/_refreshes.html", context)
    if not running and RefreshPoll.from_request(request).values["was"] == "running":
        response["HX-Refresh"] = "true"  # the series changed: reload the chart with it
    return response


@require_POST
@member_view("metrics.edit")
def metric_refresh(request: PomRequest, pk: int) -> HttpResponse:
    metric = _metric(request, pk)
    full = request.POST.get("full") == "1"
    services.request_refresh(request.membership, metric, full=full)
    messages.success(request, "Refresh queued; the page follows its progress.")
    return redirect_to(request, metric.get_absolute_url())


@require_POST
@member_view("metrics.edit")
def metric_delete(request: PomRequest, pk: int) -> HttpResponse:
    metric = _metric(request, pk)
    return act(
        request,
        lambda: services.delete_metric(request.membership, metric),
        f"Metric {metric.name} deleted.",
        "metrics:index",
        back=metric,
    )


# --- Outcomes bound to a metric -----------------------------------------------------------------


@require_POST
@member_view("metrics.view")
def metric_bind(request: PomRequest, pk: int) -> HttpResponse:
    metric = _metric(request, pk)
    if pickers.picking(request):  # "Find" without JavaScript: back to the metric, searching
        return redirect(pickers.search_url(request, metric.get_absolute_url()))
    form = forms.BindForm(request.POST, actor=request.membership)
    if not form.is_valid():
        messages.error(request, error_text(form))
        return redirect_to(request, metric.get_absolute_url())
    outcome = get_for_member(Outcome, request, pk=form.cleaned_data["outcome"])
    return act(
        request,
        lambda: services.bind_metric(
            request.membership, outcome, metric=metric, guardrail=form.cleaned_data["guardrail"]
        ),
        f"{outcome.title} now reads {'a guardrail' if form.cleaned_data['guardrail'] else 'its value'} from {metric.name}.",
        metric.get_absolute_url(),
    )


@require_POST
@member_view("metrics.view")
def binding_delete(request: PomRequest, pk: int) -> HttpResponse:
    binding = get_for_member(OutcomeMetric, request, pk=pk, select_related=["outcome", "metric"])
    return act(
        request,
        lambda: services.unbind_metric(request.membership, binding),
        f"{binding.outcome.title} no longer reads from {binding.metric.name}.",
        binding.metric.get_absolute_url(),
    )


# --- Data sources -------------------------------------------------------------------------------


@member_view("metrics.view")
def sources(request: PomRequest) -> HttpResponse:
    manage = can(request.membership, "metrics.sources")
    form = forms.SourceForm(request.POST or None)
    if request.method == "POST" and not manage:
        raise PermissionDenied("Only leaders and owners connect data sources.")
    if saved := save_form(
        request,
        form,
        lambda _: services.create_source(request.membership, **form.service_data()),
        success=lambda s: f"Data source {s.name} added.",
        to=lambda s: s.get_absolute_url(),
    ):
        return saved
    context = {
        "page": paginate(request, queries.sources_for(request.membership)),
        "form": form,
        "can_manage": manage,
    }
    return _render(request, "metrics/sources.html", context, status=form_status(request, form))


@member_view("metrics.view")
def source_detail(request: PomRequest, pk: int) -> HttpResponse:
    source = _source(request, pk)
    manage = can(request.membership, "metrics.sources")
    conf = source.settings or {}
    initial = {
        "name": source.name,
        "description": source.description,
        "password_env": source.secret_env,
        **conf,
    }
    form = forms.SourceForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and not manage:
        raise PermissionDenied("Only leaders and owners change data sources.")
    if saved := save_form(
        request,
        form,
        lambda _: services.update_source(request.membership, source, **form.service_data()),
        success="Data source saved.",
        to=source.get_absolute_url(),
    ):
        return saved
    context = {
        "source": source,
        "tables": list(source.tables.all()),
        "form": form,
        "table_form": forms.TableForm(),
        "can_manage": manage,
        "metric_count": source.metrics.count(),
    }
    return _render(request, "metrics/source.html", context, status=form_status(request, form))


@require_POST
@member_view("metrics.sources")
def source_test(request: PomRequest, pk: int) -> HttpResponse:
    source = _source(request, pk)
    ok, message = services.check_connection(request.membership, source)
    (messages.success if ok else messages.error)(
        request, ("Connected. " if ok else "Failed: ") + message
    )
    return redirect_to(request, source.get_absolute_url())


@require_POST
@member_view("metrics.sources")
def source_delete(request: PomRequest, pk: int) -> HttpResponse:
    source = _source(request, pk)
    return act(
        request,
        lambda: services.delete_source(request.membership, source),
        f"Data source {source.name} deleted.",
        "metrics:sources",
        back=source,
    )


@require_POST
@member_view("metrics.sources")
def table_add(request: PomRequest, pk: int) -> HttpResponse:
    source = _source(request, pk)
    form = forms.TableForm(request.POST, request.FILES)
    if saved := save_form(
        request,
        form,
        lambda d: services.add_table(
            request.membership,
            source,
            name=d["name"],
            file=d["file"],
            path=d["path"],
            file_format=d["file_format"],
        ),
        success=lambda t: f"Table {t.name} added: {len(t.columns)} columns.",
        to=source.get_absolute_url(),
    ):
        return saved
    context = {
        "source": source,
        "tables": list(source.tables.all()),
        "form": forms.SourceForm(initial={"name": source.name}, editing=True),
        "table_form": form,
        "can_manage": True,
        "metric_count": source.metrics.count(),
    }
    return _render(request, "metrics/source.html", context, status=form_status(request, form))


@require_POST
@member_view("metrics.sources")
def table_delete(request: PomRequest, pk: int, table_pk: int) -> HttpResponse:
    table = get_for_member(SourceTable, request, pk=table_pk, source_id=pk)
    return act(
        request,
        lambda: services.remove_table(request.membership, table),
        f"Table {table.name} removed.",
        reverse("metrics:source", args=[pk]),
    )


@member_view("metrics.view")
def outcome_numbers(request: PomRequest, pk: int) -> HttpResponse:
    """An outcome's numbers from data: its metric's series, the forecast to the deadline with its
    band, and its guardrails' status."""
    outcome = get_for_member(Outcome, request, pk=pk)
    metric = queries.metric_for_outcome(request.membership, outcome.pk)
    points = queries.points_of(metric) if metric else []
    prediction = queries.forecast_for(outcome, metric, points)
    marks = chart_marks.for_chart(request.membership, metric, points, outcome)
    context = {
        "outcome": outcome,
        "metric": metric,
        "forecast": prediction,
        "chart": charts.with_marks(
            charts.outcome_chart(points, prediction, outcome, metric), marks
        ),
        "marks": marks[::-1],
        "guardrails": queries.guardrails_for_outcome(request.membership, outcome.pk),
        "can_bind": can(request.membership, "strategy.outcome", outcome),
    }
    return _render(request, "metrics/outcome.html", context)
