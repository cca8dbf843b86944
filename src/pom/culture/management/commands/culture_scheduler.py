"""``pom culture_scheduler``: queue the weekly digests and the deliveries to retry, once a minute
(or ``--once``)."""

from __future__ import annotations

from pom.core.scheduling import SchedulerCommand
from pom.culture.digests import enqueue_due


class Command(SchedulerCommand):
    help = (
        "Create the week's digests once they are due (POM_DIGEST_WEEKDAY, POM_DIGEST_HOUR) and "
        "hand the worker every delivery waiting for it, failed ones after their pause."
    )

    def enqueue(self) -> int:
        return enqueue_due()

    def queued(self, n: int) -> str:
        return f"Queued {n} deliver{'ies' if n != 1 else 'y'}."
