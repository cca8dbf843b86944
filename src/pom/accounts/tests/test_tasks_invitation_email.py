"""The invitation email goes through the task queue: stored by the database backend, sent by the worker."""

from __future__ import annotations

import re

from django.core import mail
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from tests.fixtures import World

from pom import cli
from pom.accounts import services
from pom.accounts.tasks import send_invitation_email

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


# The worker commits and checks its connection like a separate process would, so this test runs
# outside the per-test transaction.
@override_settings(TASKS=DATABASE_TASKS)
def test_an_invitation_email_waits_in_the_database_until_the_worker_sends_it(
    transactional_db: None, world: World
) -> None:
    mail.outbox.clear()
    invitation = services.invite(world.membership("owner"), email="nina@example.test")
    assert mail.outbox == [], "the request does not send mail itself"
    stored = DBTaskResult.objects.get(args_kwargs__args=[invitation.pk])
    assert stored.task_path == "pom.accounts.tasks.send_invitation_email"
    assert stored.args_kwargs["args"] == [invitation.pk]
    assert stored.status == "READY"

    cli.main(["worker", "--batch", "--verbosity", "0"])  # what an operator runs: pom worker

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nina@example.test"]
    assert services.invitation_from_link(link_token(mail.outbox[0].body)) == invitation
    stored.refresh_from_db()
    assert stored.status == "SUCCESSFUL"
    assert stored.return_value == "sent to nina@example.test"


def link_token(body: str) -> str:
    """The signed token of the invitation link in an email (links carry a timestamp)."""
    found = re.search(r"/accounts/invite/([^/\s]+)/", body)
    assert found, body
    return found.group(1)


def test_an_invitation_withdrawn_before_the_worker_runs_is_not_sent(world: World) -> None:
    invitation = services.invite(world.membership("owner"), email="nina@example.test")
    services.revoke_invitation(world.membership("owner"), invitation)
    mail.outbox.clear()
    result = send_invitation_email.call(invitation.pk)
    assert result == "skipped: invitation is revoked"
    assert mail.outbox == []
