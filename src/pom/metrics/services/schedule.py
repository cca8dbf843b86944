"""Scheduled refreshes: which metrics are due, queued for the worker.

``pom metrics_scheduler`` calls ``enqueue_due`` once a minute (``--once`` for cron). A metric is
due when its schedule's interval has passed since its last refresh and no refresh of it is
queued or running; so running the scheduler twice, or on several machines, queues nothing twice
(on PostgreSQL the due metrics are locked while they are queued; SQLite writes one at a time).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from pom.metrics.models import Metric, MetricRefresh, RefreshStatus, Schedule

INTERVALS = {
    Schedule.HOURLY: timedelta(hours=1),
    Schedule.DAILY: timedelta(days=1),
    Schedule.WEEKLY: timedelta(days=7),
}
BATCH = 500


def due(now: datetime) -> Q:
    """Metrics whose schedule says they should refresh now."""
    condition = Q(pk__in=[])
    for schedule, interval in INTERVALS.items():
        condition |= Q(schedule=schedule) & (
            Q(last_refreshed_at__isnull=True) | Q(last_refreshed_at__lte=now - interval)
        )
    return condition


@transaction.atomic
def enqueue_due(now: datetime | None = None) -> int:
    """Queue a refresh of every due metric, in every organization; how many were queued."""
    from pom.metrics.tasks import refresh_metric_task

    now = now or timezone.now()
    busy = MetricRefresh.objects.unscoped().filter(
        metric=OuterRef("pk"), status__in=(RefreshStatus.QUEUED, RefreshStatus.RUNNING)
    )
    # Maintenance across organizations: the scheduler acts for none of them in particular.
    metrics = list(
        Metric.objects.unscoped()
        .filter(due(now))
        .filter(~Exists(busy))
        .select_for_update(skip_locked=True)
        .order_by("last_refreshed_at", "id")
        .only("id", "organization_id")[:BATCH]
    )
    refreshes = MetricRefresh.objects.bulk_create(
        [MetricRefresh(organization_id=m.organization_id, metric=m, full=False) for m in metrics]
    )
    if refreshes and refreshes[0].pk is None:
        refreshes = list(
            MetricRefresh.objects.unscoped()
            .filter(metric__in=metrics, status=RefreshStatus.QUEUED)
            .only("id")
        )
    ids = [r.pk for r in refreshes]
    transaction.on_commit(lambda: [refresh_metric_task.enqueue(pk) for pk in ids])
    return len(ids)
