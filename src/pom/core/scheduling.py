"""The loop of a scheduler command: queue what is due for the worker, once a minute or ``--once``.

A pillar's ``pom <pillar>_scheduler`` is a subclass naming what it queues::

    class Command(SchedulerCommand):
        help = "Queue a refresh of every metric whose schedule is due; the worker runs them."

        def enqueue(self) -> int:
            return enqueue_due()

        def queued(self, n: int) -> str:
            return f"Queued {n} metric refresh{'es' if n != 1 else ''}."
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

MIN_INTERVAL = 5  # seconds: a shorter --interval would only load the database


class SchedulerCommand(BaseCommand):
    def enqueue(self) -> int:
        """Queue what is due now; how many were queued."""
        raise NotImplementedError

    def queued(self, n: int) -> str:
        """The line printed after a round that queued ``n``."""
        raise NotImplementedError

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Queue what is due now, then exit (for cron)."
        )
        parser.add_argument(
            "--interval", type=int, default=60, help="Seconds between checks (default 60)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            n = self.enqueue()
            if n or options["once"]:
                self.stdout.write(self.queued(n))
            if options["once"]:
                return
            time.sleep(max(MIN_INTERVAL, options["interval"]))
