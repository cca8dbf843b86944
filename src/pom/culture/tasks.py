"""Background work for culture, run by ``pom worker`` through Django's tasks interface."""

from __future__ import annotations

from django_tasks import task


@task()
def send_delivery(organization_id: int, delivery_id: int) -> str:
    """Send one queued delivery (a digest, a triage notice, a chat post). Returns what happened."""
    from pom.culture.digests import run_delivery

    done = run_delivery(organization_id, delivery_id)
    if done is None:
        return "skipped: not waiting to be sent"
    return f"{done.status}: {done.last_error}" if done.last_error else str(done.status)
