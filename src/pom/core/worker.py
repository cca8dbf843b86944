"""``pom worker``: the database task worker, with heartbeats so a dead worker's task is not lost.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again: a worker
killed mid-task (``kill -9``, a lost machine) leaves it RUNNING forever. pom's worker writes a
heartbeat (``WorkerHeartbeat``) every ``POM_WORKER_HEARTBEAT`` seconds from a thread, and at
start and with each beat hands back to the queue every RUNNING task whose worker has not been seen
for ``POM_WORKER_STALE_AFTER`` seconds. The task runs again from the start, so tasks are written to be
run twice: their writes are transactional (a killed worker's open transaction is rolled back by
the database) and they pick up a record left "running" by the dead attempt.

With ``POM_TASKS_BACKEND=redis`` the worker is RQ's (``rqworker``); RQ has heartbeats of its own.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from pom.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def beat(worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"seen_at": timezone.now()}
    )


def reclaim_abandoned(backend_name: str, *, stale_after: float | None = None) -> int:
    """Put back on the queue every RUNNING task whose worker stopped beating; how many."""
    stale = stale_after if stale_after is not None else settings.POM_WORKER_STALE_AFTER
    cutoff = timezone.now() - timedelta(seconds=stale)
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True)
    )
    reclaimed = 0
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING, backend_name=backend_name
        )
        for result in running:
            worker = result.worker_ids[-1] if result.worker_ids else ""
            # A claim younger than the stale window may be a worker that has not beaten yet.
            if worker in alive or (result.started_at and result.started_at >= cutoff):
                continue
            result.status = TaskResultStatus.READY
            result.started_at = None
            result.save(update_fields=["status", "started_at"])
            logger.warning(
                "Task %s (%s) was left running by worker %s, which stopped; queued again.",
                result.id,
                result.task_path,
                worker or "unknown",
            )
            reclaimed += 1
    WorkerHeartbeat.objects.filter(seen_at__lt=cutoff - timedelta(days=1)).delete()
    return reclaimed


class HeartbeatWorker(Worker):
    """django-tasks-db's worker, beating from a thread and reclaiming dead workers' tasks."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._stop = threading.Event()

    def _beat_forever(self) -> None:
        while not self._stop.is_set():
            try:
                beat(self.worker_id)
                reclaim_abandoned(self.backend_name)
            except Exception:  # the database may be away for a moment; try again next beat
                logger.exception("Worker %s could not write its heartbeat", self.worker_id)
            finally:
                close_old_connections()
            self._stop.wait(settings.POM_WORKER_HEARTBEAT)

    def run(self) -> None:
        beat(self.worker_id)
        reclaim_abandoned(self.backend_name)
        thread = threading.Thread(target=self._beat_forever, name="pom-heartbeat", daemon=True)
        thread.start()
        try:
            super().run()
        finally:
            self._stop.set()
