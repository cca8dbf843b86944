"""Background work for the transformation, run by ``pom worker`` through Django's tasks interface."""

from __future__ import annotations

from django_tasks import task


@task()
def send_pulse(organization_id: int, pulse_id: int) -> str:
    """Email a clarity pulse's links to everyone invited who has not been sent one yet."""
    from pom.transformation.services.clarity import send_invitations

    return f"sent {send_invitations(organization_id, pulse_id)} invitation(s)"
