"""The weekly digest — per person, what needs them — and every other message pom sends, through
the background worker.

**Compiling.** A person's digest is their home's to-do list (``core.attention.todo_for``: the
same checks, counts and links, for their role and teams) and their teams' overdue rituals
(``culture.calendar``; for leaders and owners every team's, and the portfolio review), each part
as they chose in their preferences. Nothing needs them: nothing is sent (the delivery says so).
The organization's chat webhook gets the list a leader sees, once a week too.

**Sending.** Every message is a ``Delivery`` row first; the worker sends it (``tasks.py``). A
failure is recorded on it — attempts, the error — and the scheduler hands it back to the worker
after a growing pause, up to ``MAX_ATTEMPTS``; then it is marked as given up, visible on the
deliveries page. Before sending, the worker marks the attempt as failed ("stopped before it
finished"), so a worker killed mid-send leaves a delivery that is retried, never one that is
lost or sent twice by two workers.

**Scheduling.** ``pom culture_scheduler`` (like ``pom metrics_scheduler``) calls ``enqueue_due``
once a minute: from the digest hour of the digest weekday (``POM_DIGEST_WEEKDAY``,
``POM_DIGEST_HOUR``, server time), it creates the week's digests not created yet — one per
person and week, enforced by a unique constraint, so two schedulers send nothing twice — and it
hands due retries to the worker.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from pom.accounts.models import Membership, Role
from pom.core import attention
from pom.culture import calendar, sending
from pom.culture.models import (
    Channel,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    NotificationPreference,
    NotificationSettings,
    WebhookKind,
)
from pom.culture.notifications import preferences_of, stored_webhook
from pom.metrics.vault import SecretUnavailable

MAX_ATTEMPTS = 5
FIRST_PAUSE = timedelta(minutes=5)  # then 10, 20, 40 minutes
LEASE = timedelta(minutes=15)  # a delivery handed to the worker and not picked up is handed again
BATCH = 500


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def pause_after(attempts: int) -> timedelta:
    return FIRST_PAUSE * (2 ** max(0, attempts - 1))


def _link(path: str) -> str:
    return settings.BASE_URL + path


# --- Compiling ----------------------------------------------------------------------------------


def _ritual_line(r: calendar.Ritual) -> str:
    who = r.team.name if r.team else "The organization"
    due, weeks = r.next_due, r.cadence.every_weeks if r.cadence else 0
    when = f"due {due:%a} {due.day} {due:%b}" if due else "due"
    every = f"every {weeks} week{'s' if weeks != 1 else ''}"
    late = f"{r.days_overdue} day{'s' if r.days_overdue != 1 else ''} overdue"
    return f"  • {who} — {r.label}: {when}, {late} ({every})"


def compose(
    org_name: str,
    greeting: str,
    todo: list[attention.Item],
    late: list[calendar.Ritual],
    footer: str,
) -> tuple[str, str] | None:
    """A digest's subject and text; ``None`` when nothing needs anyone."""
    if not todo and not late:
        return None
    lines = [greeting, ""]
    if todo:
        lines += [f"What needs attention in {org_name} this week:", ""]
        lines += [f"  • {i.count} {i.label} — {i.action}: {_link(i.url)}" for i in todo]
        lines.append("")
    if late:
        lines += ["Overdue rituals:", ""]
        lines += [_ritual_line(r) for r in late]
        lines += ["", f"The ritual calendar: {_link(reverse('culture:calendar'))}", ""]
    lines.append(footer)
    things = sum(i.count for i in todo) + len(late)
    subject = f"pom: {things} thing{'s' if things != 1 else ''} need{'' if things != 1 else 's'} "
    subject += f"attention in {org_name} this week"
    return subject, "\n".join(lines) + "\n"


def overdue_for(scope: attention.Scope) -> list[calendar.Ritual]:
    """The overdue rituals of the scope's teams; for the whole organization, the review too."""
    if scope.team_ids is not None and not scope.team_ids:
        return []
    late = calendar.overdue_rituals(scope.org_id, scope.team_ids, scope.today)
    if scope.whole_org:
        review = calendar.review_ritual(scope.org_id, scope.today)
        if review.overdue:
            late.insert(0, review)
    return late


def digest_for(membership: Membership, today: date) -> tuple[str, str] | None:
    """One person's digest as they chose it: their to-do list and their overdue rituals."""
    pref = preferences_of(membership)
    if not pref.digest:
        return None
    todo = attention.todo_for(membership, today)
    items = todo.todo if pref.digest_todo else []
    if pref.digest_rituals:
        items = [i for i in items if i.pillar != "culture"]  # listed one by one below instead
        late = overdue_for(todo.scope)
    else:
        late = []
    user = membership.user
    name = user.get_full_name() or user.email
    footer = f"Choose what you receive: {_link(reverse('culture:preferences'))}"
    return compose(membership.organization.name, f"Hello {name},", items, late, footer)


def org_digest(org_id: int, org_name: str, today: date) -> tuple[str, str] | None:
    """The chat post: the organization-wide list a leader sees, and every overdue ritual."""
    # The checks read the organization and the role from the membership; nobody in particular.
    lead = Membership(organization_id=org_id, role=Role.LEADER)
    todo = attention.todo_for(lead, today)
    items = [i for i in todo.todo if i.pillar != "culture"]
    footer = f"Open pom: {_link(reverse('core:home'))}"
    return compose(
        org_name, f"pom's weekly digest for {org_name}.", items, overdue_for(todo.scope), footer
    )


def webhook_payload(kind: str, subject: str, body: str) -> dict[str, Any]:
    """The post's body: Slack's ``text``, or for Teams a message carrying an Adaptive Card — what
    a Teams Workflows incoming webhook accepts (the older connectors' MessageCard is retired)."""
    if kind == WebhookKind.TEAMS:
        card = {
            "type": "AdaptiveCard",
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "version": "1.4",
            "body": [
                {
                    "type": "TextBlock",
                    "text": subject,
                    "weight": "Bolder",
                    "size": "Medium",
                    "wrap": True,
                },
                {"type": "TextBlock", "text": body.replace("\n", "\n\n"), "wrap": True},
            ],
        }
        return {
            "type": "message",
            "summary": subject,
            "attachments": [
                {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
            ],
        }
    return {"text": f"*{subject}*\n{body}"}


# --- Queueing -----------------------------------------------------------------------------------


def queue(deliveries: list[Delivery]) -> list[Delivery]:
    """Save ``deliveries`` and hand them to the worker once the transaction commits."""
    now = timezone.now()
    for d in deliveries:
        d.next_attempt_at = now
    made = Delivery.objects.bulk_create(deliveries)
    handed = [(d.organization_id, d.pk) for d in made if d.pk is not None]
    transaction.on_commit(lambda: _hand(handed))
    return made


def _hand(ids: Iterable[tuple[int, int]]) -> None:
    from pom.culture.tasks import send_delivery

    for org_id, pk in ids:
        send_delivery.enqueue(org_id, pk)


def requeue(ids: list[int], now: datetime) -> None:
    """Hand these deliveries (of any organization) to the worker again."""
    rows = list(Delivery.objects.unscoped().filter(pk__in=ids).values_list("organization_id", "id"))
    Delivery.objects.unscoped().filter(pk__in=ids).update(
        status=DeliveryStatus.QUEUED, next_attempt_at=now
    )
    transaction.on_commit(lambda: _hand(rows))


def _digest_moment(now: datetime) -> tuple[date, bool]:
    """This week's Monday, and whether this week's digests are due yet."""
    local = timezone.localtime(now)
    monday = week_of(local.date())
    weekday = min(max(settings.POM_DIGEST_WEEKDAY, 0), 6)
    hour = min(max(settings.POM_DIGEST_HOUR, 0), 23)
    due = (local.date() - monday).days > weekday or (
        (local.date() - monday).days == weekday and local.hour >= hour
    )
    return monday, due


def _create_digests(period: date) -> None:
    sent = Delivery.objects.unscoped().filter(
        organization_id=OuterRef("organization_id"),
        user_id=OuterRef("user_id"),
        kind=DeliveryKind.DIGEST,
        channel=Channel.EMAIL,
        period=period,
    )
    off = NotificationPreference.objects.unscoped().filter(
        organization_id=OuterRef("organization_id"), user_id=OuterRef("user_id"), digest=False
    )
    # The week's digests, in every organization: the scheduler acts for none in particular.
    people = list(
        Membership.objects.unscoped()
        .filter(user__is_active=True)
        .filter(~Exists(sent), ~Exists(off))
        .values_list("organization_id", "user_id", "user__email")
        .order_by("organization_id", "user_id")[:BATCH]
    )
    Delivery.objects.bulk_create(
        [
            Delivery(
                organization_id=org_id,
                channel=Channel.EMAIL,
                kind=DeliveryKind.DIGEST,
                user_id=user_id,
                recipient=email,
                period=period,
            )
            for org_id, user_id, email in people
        ],
        ignore_conflicts=True,
    )
    posted = Delivery.objects.unscoped().filter(
        organization_id=OuterRef("organization_id"),
        user__isnull=True,
        kind=DeliveryKind.DIGEST,
        channel=Channel.WEBHOOK,
        period=period,
    )
    chats = list(
        NotificationSettings.objects.unscoped()
        .filter(enabled=True)
        .exclude(webhook_encrypted="")
        .filter(~Exists(posted))
        .values_list("organization_id", "webhook_host")[:BATCH]
    )
    Delivery.objects.bulk_create(
        [
            Delivery(
                organization_id=org_id,
                channel=Channel.WEBHOOK,
                kind=DeliveryKind.DIGEST,
                recipient=host,
                period=period,
            )
            for org_id, host in chats
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def enqueue_due(now: datetime | None = None) -> int:
    """Create this week's digests once they are due, and hand the worker every delivery waiting
    for it: new ones, failed ones whose pause is over, and ones the worker never picked up.
    Returns how many were handed over."""
    now = now or timezone.now()
    period, due = _digest_moment(now)
    if due:
        _create_digests(period)
    waiting = (
        Q(status=DeliveryStatus.QUEUED, next_attempt_at__isnull=True)
        | Q(status=DeliveryStatus.QUEUED, next_attempt_at__lte=now - LEASE)
        | Q(status=DeliveryStatus.FAILED, next_attempt_at__lte=now)
    )
    # Maintenance across organizations, like the metrics scheduler.
    ids = list(
        Delivery.objects.unscoped()
        .filter(waiting)
        .select_for_update(skip_locked=True)
        .order_by("id")
        .values_list("id", flat=True)[:BATCH]
    )
    if ids:
        requeue(ids, now)
    return len(ids)


# --- Sending ------------------------------------------------------------------------------------


def _claim(org_id: int, pk: int, now: datetime) -> Delivery | None:
    """Take the delivery for this attempt; ``None`` if it is not waiting (sent, or taken)."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.for_org(org_id)
            .select_for_update(of=("self",))
            .select_related("user", "organization")
            .filter(pk=pk)
            .first()
        )
        if delivery is None or delivery.status != DeliveryStatus.QUEUED:
            return None
        delivery.attempts += 1
        # Pessimistic: if the worker dies while sending, this is what stays, and it is retried.
        delivery.status = DeliveryStatus.FAILED
        delivery.last_error = "The worker stopped before this delivery finished; it is retried."
        delivery.next_attempt_at = now + pause_after(delivery.attempts)
        Delivery.objects.for_org(org_id).filter(pk=pk).update(
            attempts=delivery.attempts,
            status=delivery.status,
            last_error=delivery.last_error,
            next_attempt_at=delivery.next_attempt_at,
        )
        return delivery


def _finish(delivery: Delivery, **fields: Any) -> Delivery:
    for name, value in fields.items():
        setattr(delivery, name, value)
    Delivery.objects.for_org(delivery.organization_id).filter(pk=delivery.pk).update(**fields)
    return delivery


def _content(delivery: Delivery, today: date) -> tuple[str, str] | None:
    if delivery.body:
        return delivery.subject, delivery.body
    org = delivery.organization
    if delivery.channel == Channel.WEBHOOK or delivery.user_id is None:
        return org_digest(org.pk, org.name, today)
    membership = (
        Membership.objects.for_org(org.pk)
        .select_related("user", "organization")
        .filter(user_id=delivery.user_id)
        .first()
    )
    return digest_for(membership, today) if membership is not None else None


def run_delivery(org_id: int, pk: int, now: datetime | None = None) -> Delivery | None:
    """Send one delivery now (the worker's task; tests call it too)."""
    now = now or timezone.now()
    delivery = _claim(org_id, pk, now)
    if delivery is None:
        return None
    try:
        content = _content(delivery, timezone.localtime(now).date())
        if content is None:
            return _finish(
                delivery, status=DeliveryStatus.SKIPPED, last_error="", next_attempt_at=None
            )
        subject, body = content
        _finish(delivery, subject=subject[:300], body=body)
        if delivery.channel == Channel.WEBHOOK:
            found = NotificationSettings.objects.for_org(org_id).first()
            if found is None or not found.configured:
                raise sending.SendFailed("The chat webhook was disconnected.")
            payload = webhook_payload(found.webhook_kind, subject, body)
            sending.post_json(stored_webhook(found), payload)
        else:
            sending.send_email(delivery.recipient, subject, body)
    except Exception as exc:
        message = str(exc) or exc.__class__.__name__
        if isinstance(exc, SecretUnavailable):
            message = f"The webhook address cannot be read: {exc}"
        gave_up = delivery.attempts >= MAX_ATTEMPTS
        return _finish(
            delivery,
            status=DeliveryStatus.GAVE_UP if gave_up else DeliveryStatus.FAILED,
            last_error=message[:1000],
            next_attempt_at=None if gave_up else now + pause_after(delivery.attempts),
        )
    return _finish(
        delivery, status=DeliveryStatus.SENT, sent_at=now, last_error="", next_attempt_at=None
    )
