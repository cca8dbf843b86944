"""The Redis task backend (``POM_TASKS_BACKEND=redis``) against the local Redis at 127.0.0.1:6379.

Without a Redis these tests are skipped on a person's machine and fail under CI=true.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import django_rq
import pytest
import redis
from django.core import mail
from django.test import override_settings
from rq import SimpleWorker
from tests.fixtures import World, make_user

from pom.accounts import services
from pom.accounts.models import Role

REDIS_URL = os.environ.get("POM_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _reachable() -> bool:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return False
    return True


@pytest.fixture
def on_redis() -> Iterator[Any]:
    if not _reachable():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is required under CI=true but {REDIS_URL} is not reachable.")
        pytest.skip(f"Redis not reachable at {REDIS_URL}")
    with override_settings(
        TASKS={"default": {"BACKEND": "pom.core.tasks.RedisBackend", "QUEUES": ["default"]}},
        RQ_QUEUES={"default": {"URL": REDIS_URL}},
        POM_TASK_RETRIES=3,
    ):
        queue = django_rq.get_queue("default")
        queue.connection.flushdb()
        yield queue
        queue.connection.flushdb()


def run_worker(queue: Any) -> None:
    from django_tasks_rq import Job

    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)


@pytest.mark.django_db(transaction=True)
def test_an_invitation_email_goes_through_redis_and_a_worker(world: World, on_redis: Any) -> None:
    owner = world.membership("owner")
    mail.outbox.clear()  # the fixture's own invitations
    services.invite(owner, email="newcomer@acme.test", role=Role.MEMBER)
    assert mail.outbox == []  # queued in Redis, not sent in the request
    assert on_redis.count == 1
    job = on_redis.jobs[0]
    assert job.retries_left == 3  # a job whose worker dies is queued again by RQ

    run_worker(on_redis)

    assert [m.to for m in mail.outbox] == [["newcomer@acme.test"]]
    assert on_redis.count == 0


@pytest.mark.django_db(transaction=True)
def test_a_task_result_is_read_back_from_redis(world: World, on_redis: Any) -> None:
    from pom.accounts.tasks import send_invitation_email

    invitation = services.invite(
        world.membership("owner"), email=make_user("late@acme.test").email, role=Role.MEMBER
    )
    result = send_invitation_email.enqueue(invitation.pk)
    run_worker(on_redis)

    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == "sent to late@acme.test"
