"""Weekly digests and every other delivery, through the worker: what a person's digest holds,
the scheduler creating each week's once, failures recorded and retried, never lost."""

from __future__ import annotations

import smtplib
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from pom.culture import digests, notifications, sending
from pom.culture.models import Delivery, DeliveryKind, DeliveryStatus
from pom.culture.tests import helpers as h
from pom.culture.tests import ritual_helpers as rh
from pom.discovery import services as discovery
from pom.discovery.tests import helpers as dh

pytestmark = pytest.mark.django_db


def monday_morning() -> datetime:
    """This week's digest moment (Monday 07:00, server time) plus a minute."""
    local = timezone.localtime()
    monday = local - timedelta(days=local.weekday())
    return monday.replace(hour=7, minute=1, second=0, microsecond=0)


def deliveries(world: Any, **filters: Any) -> list[Delivery]:
    return list(Delivery.objects.for_org(world.org_a).filter(**filters).order_by("id"))


@pytest.fixture
def late(world: Any) -> Any:
    """Checkout (bob's) has an overdue demo and an input to triage; Search (not bob's) a late retro."""
    checkout = h.team(world)
    search = dh.team(world, "Search", with_bob=False)
    rh.cadence(world, "demo", every=1, starts_on=rh.days_ago(6))
    rh.cadence(world, "retro", every=2, team=search, starts_on=rh.days_ago(3))
    discovery.submit_input(
        world.membership("stakeholder"), kind="context", text="Q3 pricing", team=checkout
    )
    return world


def test_a_members_digest_holds_their_to_do_list_and_their_teams_overdue_rituals(late: Any) -> None:
    subject, body = digests.digest_for(late.membership("member"), timezone.localdate())
    assert "need attention in Acme this week" in subject
    assert "Hello Bob," in body
    assert "1 stakeholder input waiting for triage — Triage: http" in body
    assert "Checkout — Discovery-delivery demo:" in body and "6 days overdue (every 1 week)" in body
    assert "Search" not in body  # not bob's team
    assert "teams with an overdue ritual" not in body  # listed one by one instead
    assert "/culture/notifications/" in body


def test_a_leaders_digest_has_every_teams_late_rituals_and_the_review(late: Any) -> None:
    rh.cadence(late, "review", every=4, starts_on=rh.days_ago(2))
    _, body = digests.digest_for(late.membership("leader"), timezone.localdate())
    assert "Search — Retrospective:" in body and "Checkout — Discovery-delivery demo:" in body
    assert "The organization — Portfolio review:" in body


def test_each_part_of_the_digest_can_be_turned_off(late: Any) -> None:
    bob = late.membership("member")
    notifications.set_preferences(bob, digest_rituals=False)
    _, body = digests.digest_for(bob, timezone.localdate())
    assert "Overdue rituals" not in body and "1 team with an overdue ritual" in body
    notifications.set_preferences(bob, digest_rituals=True, digest_todo=False)
    _, body = digests.digest_for(bob, timezone.localdate())
    assert "waiting for triage" not in body and "Overdue rituals" in body
    notifications.set_preferences(bob, digest=False)
    assert digests.digest_for(bob, timezone.localdate()) is None


def test_the_scheduler_sends_each_persons_digest_once_a_week(
    late: Any, django_capture_on_commit_callbacks: Any
) -> None:
    notifications.set_preferences(late.membership("viewer"), digest=False)
    mail.outbox.clear()
    digests.enqueue_due(monday_morning() - timedelta(minutes=2))  # not yet: 07:00 on Monday
    assert not deliveries(late, kind=DeliveryKind.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        digests.enqueue_due(monday_morning())
    made = deliveries(late, kind=DeliveryKind.DIGEST)
    # Everyone in Acme but victor, who turned it off.
    assert {d.recipient for d in made} == {
        "alice@acme.test",
        "leo@acme.test",
        "bob@acme.test",
        "carol@acme.test",
    }
    by = {d.recipient: d for d in made}
    assert by["bob@acme.test"].status == DeliveryStatus.SENT
    assert "Checkout — Discovery-delivery demo" in by["bob@acme.test"].body
    sent = {m.to[0]: m for m in mail.outbox}
    assert "Hello Bob," in sent["bob@acme.test"].body
    with django_capture_on_commit_callbacks(execute=True):
        digests.enqueue_due(monday_morning() + timedelta(hours=3))
    assert len(deliveries(late, kind=DeliveryKind.DIGEST)) == len(made)  # nothing twice


def test_nothing_needs_them_so_nothing_is_sent_and_the_record_says_so(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        digests.enqueue_due(monday_morning())
    viewer = next(d for d in deliveries(world) if d.recipient == "victor@acme.test")
    assert viewer.status == DeliveryStatus.SKIPPED
    assert "victor@acme.test" not in [m.to[0] for m in mail.outbox]


def later(minutes: int) -> datetime:
    """The scheduler's clock ``minutes`` from now (the worker's own clock is the real one)."""
    return timezone.now() + timedelta(minutes=minutes)


def test_a_failed_email_is_recorded_and_retried_until_it_goes_out(
    late: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    def refuse(*args: Any) -> None:
        raise smtplib.SMTPConnectError(421, "mail.example.com is down")

    monkeypatch.setattr(sending, "send_email", refuse)
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        digests.enqueue_due(monday_morning())
    bob = deliveries(late, recipient="bob@acme.test")[0]
    assert bob.status == DeliveryStatus.FAILED and bob.attempts == 1
    assert "mail.example.com is down" in bob.last_error
    assert bob.next_attempt_at is not None
    assert before + timedelta(minutes=5) <= bob.next_attempt_at <= later(5)
    # Not before its pause is over; then the worker tries again and it goes out.
    with django_capture_on_commit_callbacks(execute=True):
        digests.enqueue_due(timezone.now())
    assert deliveries(late, recipient="bob@acme.test")[0].attempts == 1
    monkeypatch.undo()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        digests.enqueue_due(later(6))
    bob = deliveries(late, recipient="bob@acme.test")[0]
    assert bob.status == DeliveryStatus.SENT and bob.attempts == 2 and bob.last_error == ""
    assert "bob@acme.test" in [m.to[0] for m in mail.outbox]


def test_after_five_failures_it_is_given_up_and_shown(
    late: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    monkeypatch.setattr(sending, "send_email", lambda *a: 1 / 0)
    with django_capture_on_commit_callbacks(execute=True):
        digests.enqueue_due(monday_morning())
    for _ in range(digests.MAX_ATTEMPTS - 1):
        with django_capture_on_commit_callbacks(execute=True):
            digests.enqueue_due(later(120))  # every pause is shorter than two hours
    bob = deliveries(late, recipient="bob@acme.test")[0]
    assert bob.status == DeliveryStatus.GAVE_UP and bob.attempts == digests.MAX_ATTEMPTS
    assert bob.last_error == "division by zero" and bob.next_attempt_at is None
    with django_capture_on_commit_callbacks(execute=True):
        digests.enqueue_due(later(600))
    assert deliveries(late, recipient="bob@acme.test")[0].attempts == digests.MAX_ATTEMPTS
    page = late.client("leader").get("/culture/notifications/deliveries/?status=gave_up")
    assert "division by zero" in page.content.decode()


def test_a_worker_killed_mid_send_leaves_a_delivery_that_is_retried(late: Any) -> None:
    moment = monday_morning()
    digests._create_digests(digests.week_of(moment.date()))
    bob = deliveries(late, recipient="bob@acme.test")[0]
    Delivery.objects.for_org(late.org_a).filter(pk=bob.pk).update(next_attempt_at=moment)
    claimed = digests._claim(late.org_a.pk, bob.pk, moment)  # ...and the worker dies here
    assert claimed is not None
    bob.refresh_from_db()
    assert bob.status == DeliveryStatus.FAILED and "worker stopped" in bob.last_error
    assert digests._claim(late.org_a.pk, bob.pk, moment) is None  # a second worker does not send
    digests.requeue([bob.pk], moment + timedelta(minutes=10))
    sent = digests.run_delivery(late.org_a.pk, bob.pk, moment + timedelta(minutes=10))
    assert sent is not None and sent.status == DeliveryStatus.SENT and sent.attempts == 2
