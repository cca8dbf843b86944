"""Stakeholders hear back: when a team triages input, the person who gave it gets an email
(through the worker, like every delivery) saying what became of it — unless they opted out in
their preferences, or triaged it themselves.

Discovery sends ``pom.discovery.signals.input_triaged`` at the end of its triage service; this
module listens (connected in ``CultureConfig.ready``), so discovery needs to know nothing of it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from pom.accounts.models import Membership
from pom.culture.digests import queue
from pom.culture.models import Channel, Delivery, DeliveryKind, NotificationPreference
from pom.discovery.models import StakeholderInput, Triage

EXCERPT = 80


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[: EXCERPT - 1] + "…"


def what_became_of(item: StakeholderInput, who: str) -> str:
    from pom.discovery.services import ROUTES

    if item.triage == Triage.LINKED and item.opportunity is not None:
        return (
            f"{who} linked it to the opportunity “{item.opportunity.title}”. It stays your input "
            "(stakeholder context), read beside the customer evidence."
        )
    if item.triage == Triage.ROUTED:
        return f"{who} routed it to {ROUTES.get(item.kind, 'where it belongs')}."
    if item.triage == Triage.DECLINED:
        return f"{who} declined it, with this reason: {item.decline_reason}"
    if item.triage == Triage.DUPLICATE:
        return f"{who} marked it as a duplicate of an earlier input, which carries it forward."
    return f"{who} triaged it ({item.get_triage_display().lower()})."


def input_triaged(sender: Any, *, actor: Membership, item: StakeholderInput, **kwargs: Any) -> None:
    """Queue the email to whoever gave ``item``, unless that is the triager or they opted out."""
    user_id = item.submitted_by_id
    if user_id is None or user_id == actor.user_id or item.triage == Triage.NEW:
        return
    org_id = actor.organization_id
    opted_out = (
        NotificationPreference.objects.for_org(org_id)
        .filter(user_id=user_id, triage_replies=False)
        .exists()
    )
    submitter = (
        Membership.objects.for_org(org_id).select_related("user").filter(user_id=user_id).first()
    )
    if opted_out or submitter is None or not submitter.user.is_active:
        return
    who = actor.user.get_full_name() or actor.user.email
    team = f" for {item.team.name}" if item.team_id and item.team else ""
    body = "\n".join(
        [
            f"Hello {submitter.user.get_full_name() or submitter.user.email},",
            "",
            f"The input you gave{team} — “{_excerpt(item.text)}” — has been triaged.",
            what_became_of(item, who),
            "",
            f"See it in the inbox: {settings.BASE_URL}{reverse('discovery:inbox')}",
            "",
            "You get this because you asked to hear back when your input is triaged; change it "
            f"here: {settings.BASE_URL}{reverse('culture:preferences')}",
        ]
    )
    queue(
        [
            Delivery(
                organization_id=org_id,
                channel=Channel.EMAIL,
                kind=DeliveryKind.TRIAGED,
                user_id=user_id,
                recipient=submitter.user.email,
                subject=f"pom: your input was triaged — {_excerpt(item.text)}"[:300],
                body=body + "\n",
            )
        ]
    )
