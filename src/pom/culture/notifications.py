"""What people receive, and the organization's chat webhook.

Everyone chooses for themselves (``preferences_of``, ``set_preferences``): the weekly digest on
or off and which of its parts, and word when their input is triaged. Leaders and owners connect
the organization's Slack or Microsoft Teams incoming webhook (``culture.notifications``): the
address must be https, is stored encrypted with the metrics pillar's vault (the same key as data
source passwords) and is never shown back, logged or exported — only its host, to say which.
"""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pom.accounts.models import Membership
from pom.core.permissions import require
from pom.core.validation import choice
from pom.culture.models import (
    Channel,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    NotificationPreference,
    NotificationSettings,
    WebhookKind,
)
from pom.metrics import vault

PREFERENCES = ("digest", "digest_todo", "digest_rituals", "triage_replies")
URL_LIMIT = 500


def preferences_of(actor: Membership) -> NotificationPreference:
    """The member's choices; everything on until they change it (not saved until then)."""
    found = NotificationPreference.objects.for_member(actor).filter(user_id=actor.user_id).first()
    return found or NotificationPreference(
        organization_id=actor.organization_id, user_id=actor.user_id
    )


@transaction.atomic
def set_preferences(actor: Membership, **choices: Any) -> NotificationPreference:
    """Change what the member receives (any of ``PREFERENCES``, each on or off)."""
    unknown = set(choices) - set(PREFERENCES)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: "Unknown preference."})
    pref = preferences_of(actor)
    for name, value in choices.items():
        if not isinstance(value, bool):
            raise ValidationError({name: "Say true or false."})
        setattr(pref, name, value)
    pref.save()
    return pref


def _private(host: str) -> bool:
    if host in ("localhost",) or host.endswith((".localhost", ".local", ".internal")):
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return not address.is_global


def webhook_url(value: Any) -> str:
    """An incoming-webhook address: https, a public host name, no credentials in it."""
    url = (value if isinstance(value, str) else "").strip()
    if not url:
        raise ValidationError({"url": "Paste the webhook address Slack or Teams gave you."})
    if len(url) > URL_LIMIT:
        raise ValidationError({"url": f"Keep the address under {URL_LIMIT} characters."})
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise ValidationError({"url": "Use an https:// address: the webhook carries your data."})
    host = (parts.hostname or "").lower()
    if not host or "." not in host or parts.username or parts.password:
        raise ValidationError({"url": "Give the full address, e.g. https://hooks.slack.com/…"})
    if _private(host):
        raise ValidationError({"url": "Use the chat service's public address, not a local one."})
    return url


def settings_of(org_id: int) -> NotificationSettings | None:
    return NotificationSettings.objects.for_org(org_id).first()


@transaction.atomic
def set_webhook(
    actor: Membership, *, kind: Any, url: Any = None, enabled: bool = True
) -> NotificationSettings:
    """Connect (or change) the organization's chat webhook; ``url`` empty keeps the stored one."""
    require(actor, "culture.notifications")
    kind = choice(kind, "kind", WebhookKind, default=WebhookKind.SLACK)
    found = settings_of(actor.organization_id) or NotificationSettings(
        organization_id=actor.organization_id
    )
    if url not in (None, ""):
        address = webhook_url(url)
        found.webhook_encrypted = vault.encrypt(address)
        found.webhook_host = urlsplit(address).hostname or ""
    elif not found.configured:
        raise ValidationError({"url": "Paste the webhook address Slack or Teams gave you."})
    found.webhook_kind = kind
    found.enabled = bool(enabled)
    found.save()
    return found


@transaction.atomic
def remove_webhook(actor: Membership) -> None:
    """Disconnect the chat webhook; its address is forgotten."""
    require(actor, "culture.notifications")
    NotificationSettings.objects.for_member(actor).delete()


def stored_webhook(found: NotificationSettings) -> str:
    """The address, decrypted for sending (raises ``vault.SecretUnavailable`` with what to do)."""
    return vault.decrypt(found.webhook_encrypted)


@transaction.atomic
def send_test(actor: Membership) -> Delivery:
    """Queue a test post to the chat webhook, to see it arrive."""
    require(actor, "culture.notifications")
    found = settings_of(actor.organization_id)
    if found is None or not found.configured:
        raise ValidationError({"url": "Connect a webhook first."})
    from pom.culture.digests import queue

    delivery = Delivery(
        organization_id=actor.organization_id,
        channel=Channel.WEBHOOK,
        kind=DeliveryKind.TEST,
        recipient=found.webhook_host,
        subject="A test message from pom",
        body=f"pom can post to this channel. Sent by {actor.user.email}.",
    )
    return queue([delivery])[0]


@transaction.atomic
def retry(actor: Membership, delivery: Delivery) -> Delivery:
    """Try a failed delivery again now, rather than at its next scheduled attempt."""
    require(actor, "culture.notifications")
    if delivery.status not in (DeliveryStatus.FAILED, DeliveryStatus.GAVE_UP):
        raise ValidationError({"status": "Only a failed delivery is tried again."})
    from pom.culture.digests import requeue

    requeue([delivery.pk], timezone.now())
    delivery.refresh_from_db()
    return delivery
