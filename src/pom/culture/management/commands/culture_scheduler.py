"""``pom culture_scheduler``: queue the weekly digests and the deliveries to retry, once a minute
(or ``--once``)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from pom.culture.digests import enqueue_due


class Command(BaseCommand):
    help = (
        "Create the week's digests once they are due (POM_DIGEST_WEEKDAY, POM_DIGEST_HOUR) and "
        "hand the worker every delivery waiting for it, failed ones after their pause."
    )

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
                self.stdout.write(f"Queued {queued} deliver{'ies' if queued != 1 else 'y'}.")
            if options["once"]:
                return
            time.sleep(max(5, options["interval"]))
