"""``pom metrics_scheduler``: queue the scheduled metric refreshes, once a minute (or ``--once``)."""

from __future__ import annotations

from pom.core.scheduling import SchedulerCommand
from pom.metrics.services.schedule import enqueue_due


class Command(SchedulerCommand):
    help = "Queue a refresh of every metric whose schedule (hourly, daily, weekly) is due; the worker runs them."

    def enqueue(self) -> int:
        return enqueue_due()

    def queued(self, n: int) -> str:
        return f"Queued {n} metric refresh{'es' if n != 1 else ''}."
