"""``pom worker`` loses no work: a task whose worker died is queued again and runs from the start.

The kill -9 test runs a real worker process on a metric refresh, holds it inside the refresh's
write transaction (a row lock the test holds), kills it, and checks that nothing of the half-done
refresh is visible, then that a new worker picks the task up again and finishes it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from tests.fixtures import World

from pom.core.models import WorkerHeartbeat
from pom.core.worker import beat, reclaim_abandoned
from pom.metrics import services as metric_services
from pom.metrics.models import MetricPoint, MetricRefresh, RefreshStatus, SourceTable
from pom.metrics.tests.helpers import count_metric, file_source, metrics_dir, write_events

__all__ = ["metrics_dir"]

POM = Path(sys.executable).with_name("pom")
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def wait_for(what: str, condition: Callable[[], Any], timeout: float = 90) -> Any:
    """Poll until ``condition()`` is truthy (the loaded CI machine decides how long that takes)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def claimed(worker_id: str, *, minutes_ago: int) -> DBTaskResult:
    from pom.metrics.tasks import refresh_metric_task

    with override_settings(TASKS=DB_TASKS):
        result = refresh_metric_task.enqueue(0)
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim(worker_id)
    DBTaskResult.objects.filter(pk=row.pk).update(
        started_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return row


@pytest.mark.django_db
def test_a_task_whose_worker_stopped_beating_is_queued_again_and_a_live_ones_is_not() -> None:
    dead = claimed("dead-worker", minutes_ago=10)
    alive = claimed("live-worker", minutes_ago=10)
    just_claimed = claimed("new-worker", minutes_ago=0)  # has not written its first beat yet
    WorkerHeartbeat.objects.create(
        worker_id="dead-worker", seen_at=timezone.now() - timedelta(minutes=5)
    )
    beat("live-worker")

    assert reclaim_abandoned("default", stale_after=60) == 1

    status = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert status[dead.pk] == TaskResultStatus.READY
    assert status[alive.pk] == TaskResultStatus.RUNNING
    assert status[just_claimed.pk] == TaskResultStatus.RUNNING
    assert DBTaskResult.objects.get(pk=dead.pk).started_at is None


@pytest.mark.django_db
def test_a_refresh_left_running_by_a_dead_worker_runs_again_when_its_task_is_retried(
    world: World, metrics_dir: Path
) -> None:
    from pom.metrics.tasks import refresh_metric_task

    leader = world.membership("leader")
    metric = count_metric(leader, file_source(leader, metrics_dir))
    with override_settings(TASKS=DB_TASKS):
        refresh = metric_services.request_refresh(leader, metric)
    MetricRefresh.objects.for_member(leader).filter(pk=refresh.pk).update(
        status=RefreshStatus.RUNNING, started_at=timezone.now()
    )

    assert refresh_metric_task.call(refresh.pk).startswith("succeeded")
    refresh.refresh_from_db()
    assert refresh.status == RefreshStatus.SUCCEEDED
    assert MetricPoint.objects.filter(metric=metric).count() == 90


# --- kill -9 ------------------------------------------------------------------------------------


def _dsn() -> dict[str, Any]:
    s = connection.settings_dict
    return {
        "host": s["HOST"] or "127.0.0.1",
        "port": int(s["PORT"] or 5432),
        "dbname": s["NAME"],
        "user": s["USER"],
        "password": s["PASSWORD"] or "",
    }


@pytest.fixture
def start_worker(
    tmp_path: Path, metrics_dir: Path
) -> Iterator[Callable[[], subprocess.Popen[str]]]:
    """Start ``pom worker`` processes on the test database (PostgreSQL), as an operator would."""
    d = _dsn()
    url = f"postgres://{d['user']}:{d['password']}@{d['host']}:{d['port']}/{d['dbname']}"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "POM_DATA_DIR": str(tmp_path),
        "POM_SECRET_KEY": "a-long-random-secret-key-for-the-worker-test-only-0123456789",
        "DATABASE_URL": url,
        "POM_DB_CONN_MAX_AGE": "0",
        "POM_METRICS_DIR": str(metrics_dir),
        "POM_WORKER_HEARTBEAT": "1",
        "POM_WORKER_STALE_AFTER": "3",
    }
    started: list[subprocess.Popen[str]] = []

    def start() -> subprocess.Popen[str]:
        log = (tmp_path / f"worker-{len(started)}.log").open("w")
        process = subprocess.Popen(  # noqa: S603 — our own console script, fixed arguments
            [str(POM), "worker", "--no-startup-delay", "--interval", "0.2", "--no-reload"],
            env=env,
            cwd=tmp_path,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker process needs a server")
def test_a_worker_killed_mid_refresh_loses_nothing_and_half_writes_nothing(
    world: World, metrics_dir: Path, start_worker: Callable[[], subprocess.Popen[str]]
) -> None:
    leader = world.membership("leader")
    source = file_source(leader, metrics_dir)
    metric = count_metric(leader, source)
    metric_services.refresh_now(leader, metric)
    assert MetricPoint.objects.filter(metric=metric).count() == 90
    before = sorted(MetricPoint.objects.filter(metric=metric).values_list("period", "value"))
    # The source grows to 120 days; the refresh about to run would store 30 more periods.
    table = SourceTable.objects.for_member(leader).get(source=source)
    write_events(Path(table.path), days=120)

    with override_settings(TASKS=DB_TASKS), transaction.atomic():
        refresh = metric_services.request_refresh(leader, metric)
    task = DBTaskResult.objects.get()

    # pg_stat_activity is read from a connection of its own: inside a transaction it is a snapshot.
    with psycopg.connect(**_dsn()) as blocker, psycopg.connect(**_dsn(), autocommit=True) as probe:
        # Hold the metric's row: the worker blocks inside its write transaction (its new points
        # reference the row), after it has deleted the old ones, before it can commit.
        blocker.execute("SELECT id FROM metrics_metric WHERE id = %s FOR UPDATE", [metric.pk])
        first = start_worker()
        wait_for(
            "the worker to block inside the refresh's transaction",
            lambda: probe.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            ).fetchone()[0],  # type: ignore[index]
        )
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        blocker.rollback()

    task.refresh_from_db()
    refresh.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING  # claimed by the dead worker
    assert refresh.status == RefreshStatus.RUNNING
    after_kill = sorted(MetricPoint.objects.filter(metric=metric).values_list("period", "value"))
    assert after_kill == before  # nothing of the half-done refresh is visible

    start_worker()
    wait_for(
        "a new worker to run the task again",
        lambda: DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.SUCCESSFUL
        ).exists(),
    )
    refresh.refresh_from_db()
    assert refresh.status == RefreshStatus.SUCCEEDED
    assert MetricPoint.objects.filter(metric=metric).count() == 120
    assert (
        DBTaskResult.objects.get(pk=task.pk).worker_ids[0]
        != DBTaskResult.objects.get(pk=task.pk).worker_ids[-1]
    )
