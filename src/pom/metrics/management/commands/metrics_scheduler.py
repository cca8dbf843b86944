"""``pom metrics_scheduler``: queue the scheduled metric refreshes, once a minute (or ``--once``)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from pom.metrics.services.schedule import enqueue_due


class Command(BaseCommand):
    help = "Queue a refresh of every metric whose schedule (hourly, daily, weekly) is due; the worker runs them."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Queue what is due now, then exit (for cron)."
        )
        parser.add_argument(
            "--interval", type=int, default=60, help="Seconds between checks (default 60)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            queued = enqueue_due()
            if queued or options["once"]:
                self.stdout.write(f"Queued {queued} metric refresh{'es' if queued != 1 else ''}.")
            if options["once"]:
                return
            time.sleep(max(5, options["interval"]))
