"""Background work for metrics, run by ``pom worker`` through Django's tasks interface."""

from __future__ import annotations

from django_tasks import task

from pom.metrics.models import MetricRefresh, RefreshStatus


@task()
def refresh_metric_task(refresh_id: int) -> str:
    """Run one queued refresh. Returns what happened, for the task result."""
    from pom.metrics.services.refresh import run_refresh

    refresh = MetricRefresh.objects.unscoped().filter(pk=refresh_id).first()
    # RUNNING: a worker died during this refresh and the task was queued again (pom.core.worker);
    # the dead attempt's writes were rolled back, so it runs from the start.
    if refresh is None or refresh.status not in (RefreshStatus.QUEUED, RefreshStatus.RUNNING):
        return "skipped: refresh not queued"
    done = run_refresh(refresh)
    return (
        f"{done.status}: {done.rows} periods"
        if done.status == RefreshStatus.SUCCEEDED
        else f"failed: {done.message}"
    )
