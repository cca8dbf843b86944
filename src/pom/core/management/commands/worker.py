"""``pom worker``: run background tasks (the database worker with heartbeats, or RQ's on Redis)."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from pom.core.worker import HeartbeatWorker


class Command(DbWorkerCommand):
    help = (
        "Run background tasks. On the database backend (the default) a task whose worker died is "
        "queued again; with POM_TASKS_BACKEND=redis this runs RQ's worker."
    )

    def handle(self, **options: Any) -> None:
        if settings.POM_TASKS_BACKEND == "redis":
            call_command(
                "rqworker",
                *settings.TASKS["default"]["QUEUES"],
                burst=options["batch"],
                job_class="django_tasks_rq.Job",
                with_scheduler=True,
                verbosity=options["verbosity"],
            )
            return
        self.configure_logging(options["verbosity"])
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        worker = HeartbeatWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        if options["reload"] and not options["batch"]:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
