"""Background work for accounts, run by ``pom worker`` through Django's tasks interface."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task

from pom.accounts.models import Invitation


@task()
def send_invitation_email(invitation_id: int) -> str:
    """Email the invitation link. Returns what happened, for the task result."""
    invitation = (
        Invitation.objects.unscoped()
        .select_related("organization", "invited_by")
        .get(pk=invitation_id)
    )
    if invitation.status != "pending":
        return f"skipped: invitation is {invitation.status}"
    context = {
        "invitation": invitation,
        "link": invitation.link,
        "inviter": invitation.invited_by,
        "organization": invitation.organization,
    }
    send_mail(
        subject=f"You are invited to {invitation.organization.name} on pom",
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[invitation.email],
    )
    return f"sent to {invitation.email}"
