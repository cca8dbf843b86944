"""REST endpoints of the metrics pillar, mounted at /api/v1/metrics/."""
# No "from __future__ import annotations" here: Django Ninja reads the annotations at run time.

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from pom.core.api import ERRORS, Id, Pagination, member
from pom.core.lookup import get_for_member
from pom.metrics import chart_marks, queries, services
from pom.metrics.models import DataSource, Metric, MetricRefresh, OutcomeMetric, SourceTable
from pom.metrics.schemas import (
    BindIn,
    BindingOut,
    DataSourceIn,
    DataSourceOut,
    MarkOut,
    MetricDetailOut,
    MetricIn,
    MetricOut,
    MetricPatch,
    OutcomeSeriesOut,
    PointOut,
    PreviewIn,
    PreviewOut,
    RefreshIn,
    RefreshOut,
    SourceCheckOut,
    SourcePatch,
    TableIn,
    TableOut,
)
from pom.strategy.models import Outcome

router = Router(tags=["metrics"])


def _source(request: HttpRequest, pk: int) -> DataSource:
    return get_for_member(DataSource, request, pk=pk, prefetch_related=["tables"])


def _metric(request: HttpRequest, pk: int) -> Metric:
    return get_for_member(Metric, request, pk=pk, select_related=["source"])


# --- Data sources -------------------------------------------------------------------------------


@router.get("/sources", response={200: list[DataSourceOut], **ERRORS}, summary="Data sources")
@paginate(Pagination)
def list_sources(request: HttpRequest) -> Any:
    return queries.sources_for(member(request, "metrics.view")).prefetch_related("tables")


@router.post("/sources", response={201: DataSourceOut, **ERRORS}, summary="Connect a data source")
def create_source(request: HttpRequest, payload: DataSourceIn) -> Any:
    source = services.create_source(member(request), **payload.dict(exclude_none=True))
    return Status(201, _source(request, source.pk))


@router.get(
    "/sources/{source_id}", response={200: DataSourceOut, **ERRORS}, summary="A data source"
)
def get_source(request: HttpRequest, source_id: Id) -> Any:
    member(request, "metrics.view")
    return _source(request, source_id)


@router.patch(
    "/sources/{source_id}", response={200: DataSourceOut, **ERRORS}, summary="Change a data source"
)
def update_source(request: HttpRequest, source_id: Id, payload: SourcePatch) -> Any:
    source = _source(request, source_id)
    services.update_source(member(request), source, **payload.dict(exclude_unset=True))
    return _source(request, source_id)


@router.delete(
    "/sources/{source_id}", response={204: None, **ERRORS}, summary="Delete a data source"
)
def delete_source(request: HttpRequest, source_id: Id) -> Any:
    services.delete_source(member(request), _source(request, source_id))
    return Status(204, None)


@router.post(
    "/sources/{source_id}/test",
    response={200: SourceCheckOut, **ERRORS},
    summary="Test the connection",
    description="`ok` false with the reason when the source does not answer (the call itself succeeds).",
)
def check_source(request: HttpRequest, source_id: Id) -> Any:
    ok, message = services.check_connection(member(request), _source(request, source_id))
    return {"ok": ok, "message": message}


@router.post(
    "/sources/{source_id}/tables",
    response={201: TableOut, **ERRORS},
    summary="Point a file source at a CSV/Parquet file on the server",
)
def point_table(request: HttpRequest, source_id: Id, payload: TableIn) -> Any:
    table = services.add_table(member(request), _source(request, source_id), **payload.dict())
    return Status(201, table)


@router.post(
    "/sources/{source_id}/files",
    response={201: TableOut, **ERRORS},
    summary="Upload a CSV/Parquet file to a file source (multipart: name, file)",
)
def upload_table(
    request: HttpRequest, source_id: Id, name: Form[str], file: File[UploadedFile]
) -> Any:
    table = services.add_table(member(request), _source(request, source_id), name=name, file=file)
    return Status(201, table)


@router.delete(
    "/sources/{source_id}/tables/{table_id}",
    response={204: None, **ERRORS},
    summary="Remove a table from a file source",
)
def remove_table(request: HttpRequest, source_id: Id, table_id: Id) -> Any:
    table = get_for_member(SourceTable, request, pk=table_id, source_id=source_id)
    services.remove_table(member(request), table)
    return Status(204, None)


# --- Metrics ------------------------------------------------------------------------------------


class MetricFilter(Schema):
    q: str = ""
    source_id: Id | None = None


def _metric_data(payload: Any, *, unset: bool) -> dict[str, Any]:
    data = payload.dict(exclude_unset=unset)
    if "source_id" in data:
        data["source"] = data.pop("source_id")
    if data.get("spec") is None:
        data.pop("spec", None)
    return data


@router.get("/definitions", response={200: list[MetricOut], **ERRORS}, summary="Metrics")
@paginate(Pagination)
def list_metrics(request: HttpRequest, filters: Query[MetricFilter]) -> Any:
    return queries.metrics_for(
        member(request, "metrics.view"), q=filters.q.strip(), source=filters.source_id
    )


@router.post("/definitions", response={201: MetricDetailOut, **ERRORS}, summary="Define a metric")
def create_metric(request: HttpRequest, payload: MetricIn) -> Any:
    metric = services.create_metric(member(request), **_metric_data(payload, unset=False))
    return Status(201, _detail(request, metric.pk))


def _detail(request: HttpRequest, pk: int) -> Any:
    metric = _metric(request, pk)
    metric.generated_sql = services.generated_sql(metric)  # type: ignore[attr-defined]
    return metric


@router.post(
    "/definitions/preview",
    response={200: PreviewOut, **ERRORS},
    summary="The last periods an unsaved definition gives (nothing is stored)",
)
def preview_metric(request: HttpRequest, payload: PreviewIn) -> Any:
    ran, series = services.preview(member(request), **_metric_data(payload, unset=False))
    return {"sql": ran, "points": [{"period": p, "value": v} for p, v in series]}


@router.get(
    "/definitions/{metric_id}", response={200: MetricDetailOut, **ERRORS}, summary="A metric"
)
def get_metric(request: HttpRequest, metric_id: Id) -> Any:
    member(request, "metrics.view")
    return _detail(request, metric_id)


@router.patch(
    "/definitions/{metric_id}", response={200: MetricDetailOut, **ERRORS}, summary="Change a metric"
)
def update_metric(request: HttpRequest, metric_id: Id, payload: MetricPatch) -> Any:
    services.update_metric(
        member(request), _metric(request, metric_id), **_metric_data(payload, unset=True)
    )
    return _detail(request, metric_id)


@router.delete(
    "/definitions/{metric_id}", response={204: None, **ERRORS}, summary="Delete a metric"
)
def delete_metric(request: HttpRequest, metric_id: Id) -> Any:
    services.delete_metric(member(request), _metric(request, metric_id))
    return Status(204, None)


@router.get(
    "/definitions/{metric_id}/points",
    response={200: list[PointOut], **ERRORS},
    summary="The metric's series, oldest period first",
)
def metric_points(request: HttpRequest, metric_id: Id, since: date | None = None) -> Any:
    member(request, "metrics.view")
    return queries.points_of(_metric(request, metric_id), since=since)


@router.get(
    "/definitions/{metric_id}/marks",
    response={200: list[MarkOut], **ERRORS},
    summary="What the metric's chart marks: releases serving the outcomes it measures, oldest first",
)
def metric_marks(request: HttpRequest, metric_id: Id) -> Any:
    actor = member(request, "metrics.view")
    metric = _metric(request, metric_id)
    return chart_marks.for_chart(actor, metric, queries.points_of(metric))


@router.post(
    "/definitions/{metric_id}/refresh",
    response={202: RefreshOut, **ERRORS},
    summary="Queue a refresh (incremental unless full)",
)
def refresh_metric(request: HttpRequest, metric_id: Id, payload: RefreshIn) -> Any:
    refresh = services.request_refresh(
        member(request), _metric(request, metric_id), full=payload.full
    )
    return Status(202, MetricRefresh.objects.for_member(member(request)).get(pk=refresh.pk))


@router.get(
    "/definitions/{metric_id}/refreshes",
    response={200: list[RefreshOut], **ERRORS},
    summary="Refresh history, newest first",
)
@paginate(Pagination)
def metric_refreshes(request: HttpRequest, metric_id: Id) -> Any:
    member(request, "metrics.view")
    metric = _metric(request, metric_id)
    return (
        MetricRefresh.objects.for_member(member(request))
        .filter(metric=metric)
        .order_by("-created_at", "-id")
    )


# --- Outcomes -----------------------------------------------------------------------------------


@router.get(
    "/outcomes/{outcome_id}",
    response={200: OutcomeSeriesOut, **ERRORS},
    summary="An outcome's numbers: its metric's series, forecast to the deadline and guardrails",
)
def outcome_series(request: HttpRequest, outcome_id: Id) -> Any:
    actor = member(request, "metrics.view")
    outcome = get_for_member(Outcome, request, pk=outcome_id)
    metric = queries.metric_for_outcome(actor, outcome.pk)
    points = queries.points_of(metric) if metric else []
    f = queries.forecast_for(outcome, metric, points)
    return {
        "outcome_id": outcome.pk,
        "metric_id": metric.pk if metric else None,
        "latest": queries.latest_for_outcome(actor, outcome.pk),
        "points": points,
        "forecast": {
            "status": f.status,
            "label": f.label,
            "reason": f.reason,
            "value": f.value,
            "lower": f.lower,
            "upper": f.upper,
            "probability": f.probability,
            "method": f.method,
            "path": [
                {"period": d, "expected": m, "lower": lo, "upper": hi} for d, m, lo, hi in f.path
            ],
        },
        "guardrails": queries.guardrails_for_outcome(actor, outcome.pk),
        "marks": chart_marks.for_chart(actor, metric, points, outcome),
    }


@router.post(
    "/outcomes/{outcome_id}/bindings",
    response={201: BindingOut, **ERRORS},
    summary="Bind a metric to an outcome (or to one of its guardrails)",
)
def bind_metric(request: HttpRequest, outcome_id: Id, payload: BindIn) -> Any:
    outcome = get_for_member(Outcome, request, pk=outcome_id)
    binding = services.bind_metric(
        member(request), outcome, metric=payload.metric_id, guardrail=payload.guardrail
    )
    return Status(201, binding)


@router.delete(
    "/bindings/{binding_id}",
    response={204: None, **ERRORS},
    summary="Unbind a metric from an outcome",
)
def unbind_metric(request: HttpRequest, binding_id: Id) -> Any:
    binding = get_for_member(OutcomeMetric, request, pk=binding_id, select_related=["outcome"])
    services.unbind_metric(member(request), binding)
    return Status(204, None)
