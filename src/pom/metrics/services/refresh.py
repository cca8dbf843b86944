"""Refreshing a metric: run its query in the source and replace the stored series, or keep it.

A refresh is recorded (``MetricRefresh``) before it runs. The new points replace the old ones in
one transaction, so a query that fails, or a worker that dies half-way, leaves the previous
series intact; a refresh found still "running" from a worker that died is marked as failed the
next time the metric refreshes. Incremental refreshes recompute from the start of the last
stored period (which may have been incomplete) onward; a changed definition starts over.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from pom.accounts.models import Membership
from pom.core.permissions import require
from pom.metrics.evaluate import EvaluationError, run_series
from pom.metrics.models import Metric, MetricPoint, MetricRefresh, RefreshStatus
from pom.metrics.services.metrics import definition_of

SPARKLINE_POINTS = 60
STALE_AFTER = timedelta(hours=2)


def clear_series(metric: Metric) -> None:
    """Forget every point (the definition changed: the old numbers meant something else)."""
    points = MetricPoint.objects.filter(metric=metric)
    points._raw_delete(points.db)  # type: ignore[attr-defined]  # no per-row signals for results
    metric.latest_period = metric.latest_value = None
    metric.point_count = 0
    metric.sparkline = []
    metric.save(
        update_fields=["latest_period", "latest_value", "point_count", "sparkline", "updated_at"]
    )


def request_refresh(actor: Membership, metric: Metric, *, full: bool = False) -> MetricRefresh:
    """Queue a refresh of ``metric`` for the worker; returns the queued record (its progress)."""
    require(actor, "metrics.edit")
    from pom.metrics.tasks import refresh_metric_task

    refresh = MetricRefresh.objects.create(
        organization_id=metric.organization_id,
        metric=metric,
        full=full,
        requested_by=actor.user,
    )
    transaction.on_commit(lambda: refresh_metric_task.enqueue(refresh.pk))
    return refresh


def _since(metric: Metric, full: bool) -> date | None:
    if full or metric.latest_period is None:
        return None
    return metric.latest_period


def _abandon_stale(metric: Metric, keep: int) -> None:
    cutoff = timezone.now() - STALE_AFTER
    MetricRefresh.objects.for_org(metric.organization_id).filter(
        metric=metric, status=RefreshStatus.RUNNING, started_at__lt=cutoff
    ).exclude(pk=keep).update(
        status=RefreshStatus.FAILED,
        finished_at=timezone.now(),
        message="The worker stopped before this refresh finished; the series was kept.",
    )


def run_refresh(refresh: MetricRefresh) -> MetricRefresh:
    """Run a recorded refresh now (the task calls this; so do tests and ``pom`` commands)."""
    metric = (
        Metric.objects.for_org(refresh.organization_id)
        .select_related("source")
        .get(pk=refresh.metric_id)
    )
    _abandon_stale(metric, refresh.pk)
    since = _since(metric, refresh.full)
    refresh.status = RefreshStatus.RUNNING
    refresh.started_at = timezone.now()
    refresh.since = since
    refresh.full = since is None
    refresh.save(update_fields=["status", "started_at", "since", "full", "updated_at"])
    try:
        query, series = run_series(definition_of(metric), since=since)
    except EvaluationError as exc:
        return _failed(refresh, metric, str(exc))
    with transaction.atomic():
        old = MetricPoint.objects.filter(metric=metric)
        if since is not None:
            old = old.filter(period__gte=since)
        old._raw_delete(old.db)  # type: ignore[attr-defined]
        MetricPoint.objects.bulk_create(
            [MetricPoint(metric=metric, period=p, value=v) for p, v in series], batch_size=2000
        )
        _summarize(metric)
        refresh.status = RefreshStatus.SUCCEEDED
        refresh.finished_at = timezone.now()
        refresh.rows = len(series)
        refresh.sql = query
        refresh.message = ""
        refresh.save()
        from pom.metrics.services.bindings import apply_to_outcomes

        apply_to_outcomes(metric)
    return refresh


def _failed(refresh: MetricRefresh, metric: Metric, message: str) -> MetricRefresh:
    refresh.status = RefreshStatus.FAILED
    refresh.finished_at = timezone.now()
    refresh.message = message[:1000]
    refresh.save(update_fields=["status", "finished_at", "message", "updated_at"])
    metric.last_status = RefreshStatus.FAILED
    metric.last_error = message[:1000]
    metric.last_refreshed_at = refresh.finished_at
    metric.save(update_fields=["last_status", "last_error", "last_refreshed_at", "updated_at"])
    return refresh


def _summarize(metric: Metric) -> None:
    tail = list(MetricPoint.objects.filter(metric=metric).order_by("-period")[:SPARKLINE_POINTS])
    metric.point_count = MetricPoint.objects.filter(metric=metric).count()
    metric.latest_period = tail[0].period if tail else None
    metric.latest_value = tail[0].value if tail else None
    metric.sparkline = [round(p.value, 6) for p in reversed(tail)]
    metric.last_refreshed_at = timezone.now()
    metric.last_status = RefreshStatus.SUCCEEDED
    metric.last_error = ""
    metric.save(
        update_fields=[
            "point_count",
            "latest_period",
            "latest_value",
            "sparkline",
            "last_refreshed_at",
            "last_status",
            "last_error",
            "updated_at",
        ]
    )


def refresh_now(actor: Membership, metric: Metric, *, full: bool = False) -> MetricRefresh:
    """Refresh in this process and wait (the CLI, the seeder and tests)."""
    require(actor, "metrics.edit")
    refresh = MetricRefresh.objects.create(
        organization_id=metric.organization_id, metric=metric, full=full, requested_by=actor.user
    )
    return run_refresh(refresh)
