"""The clarity pulse: a leader creates one, the worker emails each invited person their own
link, people answer through it without signing in, and a leader may close it early.

A link is a random token (``LINK_BYTES`` of randomness) of which only the hash is stored, like
API tokens: it is valid for one person and one pulse, counts once, and only while the pulse is
open. Every refusal says why and stores nothing.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from pom.accounts.models import Membership, hash_secret
from pom.core.permissions import require
from pom.core.validation import choice, date_value, text, today, unique_ids
from pom.teams.models import Person, Team, TeamMember
from pom.transformation.models import (
    CONTRIBUTION_MAX,
    PRIORITIES,
    PRIORITY_MAX,
    Audience,
    ClarityPulse,
    PulseAnswer,
    PulseInvite,
)

MAX_TEAMS = 500  # teams one pulse may be sent to
MAX_OPEN_DAYS = 92  # the longest a pulse stays open
MAX_AHEAD_DAYS = 365  # how far before or after today a pulse may open
LINK_BYTES = 32
TOKEN_LENGTH = (20, 100)  # a token outside these lengths is not one of ours
SEND_BATCH = 100  # emails sent over one connection

FORGED = "This link is not valid. Use the link from your email, or ask for a new one."
OTHER_PULSE = "This link belongs to another pulse. Use the link from the email about this one."
ANSWERED = "You have already answered this pulse: each link counts once. Thank you!"
CLOSED = "This pulse closed on {day}; answers are no longer taken."
NOT_OPEN = "This pulse opens on {day}; come back then with the same link."


class LinkRefused(ValidationError):
    """The link cannot be used to answer (forged, another pulse's, used, closed)."""

    def __init__(self, message: str) -> None:
        super().__init__({"token": message})
        self.reason = message


# --- Creating and closing -------------------------------------------------------------------


def _teams(actor: Membership, ids: Iterable[Any]) -> list[Team]:
    wanted = unique_ids(ids, "team_ids")
    if len(wanted) > MAX_TEAMS:
        raise ValidationError({"team_ids": f"A pulse goes to at most {MAX_TEAMS} teams."})
    found = {t.pk: t for t in Team.objects.for_member(actor).filter(pk__in=wanted)}
    if missing := [pk for pk in wanted if pk not in found]:
        raise Http404(f"No team with id {missing[0]}.")
    if archived := [found[pk].name for pk in wanted if found[pk].is_archived]:
        raise ValidationError({"team_ids": f"Archived teams are not asked: {', '.join(archived)}."})
    return [found[pk] for pk in wanted]


def _dates(opens: date | None, closes: date | None) -> tuple[date, date]:
    day = today()
    opens = opens or day
    if closes is None:
        raise ValidationError({"closes_on": "Give the date the pulse closes."})
    if abs((opens - day).days) > MAX_AHEAD_DAYS:
        raise ValidationError(
            {"opens_on": f"Open the pulse within {MAX_AHEAD_DAYS} days of today."}
        )
    if closes < opens:
        raise ValidationError({"closes_on": "The pulse cannot close before it opens."})
    if closes < day:
        raise ValidationError({"closes_on": "That date has passed: nobody could answer."})
    if (closes - opens).days > MAX_OPEN_DAYS:
        raise ValidationError(
            {"closes_on": f"Keep a pulse open {MAX_OPEN_DAYS} days at most: it is a pulse."}
        )
    return opens, closes


def _invitees(actor: Membership, audience: str, teams: list[Team]) -> list[PulseInvite]:
    """Everyone asked, each with the team and role they answer for: their seat on an active
    team (among the chosen ones) with the largest allocation, the lowest team id on a tie."""
    seats = TeamMember.objects.for_member(actor).filter(team__archived_at__isnull=True)
    people = Person.objects.for_member(actor)
    if audience == Audience.TEAMS:
        ids = [t.pk for t in teams]
        seats = seats.filter(team_id__in=ids)
        people = people.filter(team_memberships__team_id__in=ids).distinct()
    primary: dict[int, tuple[int, str]] = {}
    for person_id, team_id, role in seats.order_by(
        "person_id", "-allocation", "team_id"
    ).values_list("person_id", "team_id", "role"):
        primary.setdefault(person_id, (team_id, role))
    return [
        PulseInvite(
            organization_id=actor.organization_id,
            person_id=pk,
            email=email,
            team_id=primary.get(pk, (None, ""))[0],
            role=primary.get(pk, (None, ""))[1],
        )
        for pk, email in people.order_by("id").values_list("pk", "email")
    ]


PULSE_FIELDS = {"title", "audience", "team_ids", "opens_on", "closes_on"}


@transaction.atomic
def create_pulse(actor: Membership, **data: Any) -> ClarityPulse:
    """Create a pulse and invite its audience; the worker sends the links after commit."""
    from pom.transformation.tasks import send_pulse

    require(actor, "transformation.manage")
    if extra := sorted(set(data) - PULSE_FIELDS):
        raise ValidationError({extra[0]: "Unknown field."})
    title = text(data.get("title"), "title", required=True, max_length=200)
    audience = choice(data.get("audience"), "audience", Audience, default=Audience.ORGANIZATION)
    ids = list(data.get("team_ids") or [])
    if audience == Audience.ORGANIZATION and ids:
        raise ValidationError(
            {"team_ids": "The whole organization is asked; choose teams only for chosen teams."}
        )
    if audience == Audience.TEAMS and not ids:
        raise ValidationError({"team_ids": "Choose the teams to ask."})
    teams = _teams(actor, ids)
    opens, closes = _dates(
        date_value(data.get("opens_on"), "opens_on"), date_value(data.get("closes_on"), "closes_on")
    )
    pulse = ClarityPulse(
        organization_id=actor.organization_id,
        title=title,
        audience=audience,
        opens_on=opens,
        closes_on=closes,
        created_by=actor.user,
    )
    invites = _invitees(actor, audience, teams)
    if not invites:
        where = "on the chosen teams" if teams else "on the People page"
        raise ValidationError({"audience": f"Nobody to ask: there is no one {where} yet."})
    pulse.save()
    pulse.teams.set(teams)
    for invite in invites:
        invite.pulse = pulse
    PulseInvite.objects.bulk_create(invites, batch_size=1000)
    org_id, pk = actor.organization_id, pulse.pk
    transaction.on_commit(lambda: send_pulse.enqueue(org_id, pk))
    return pulse


@transaction.atomic
def close_pulse(actor: Membership, pulse: ClarityPulse) -> ClarityPulse:
    require(actor, "transformation.manage")
    if pulse.status_on(today()) == "closed":
        raise ValidationError({"status": "This pulse is already closed."})
    pulse.closed_at = timezone.now()
    pulse.save(update_fields=["closed_at", "updated_at"])
    return pulse


# --- The links ----------------------------------------------------------------------------------


def answer_url(pulse_id: int, token: str) -> str:
    return settings.BASE_URL + reverse("transformation:pulse_answer", args=[pulse_id, token])


def issue_link(invite: PulseInvite) -> str:
    """A new link for ``invite`` (the one before stops working); only its hash is kept."""
    raw = secrets.token_urlsafe(LINK_BYTES)
    invite.token_hash = hash_secret(raw)
    PulseInvite.objects.for_org(invite.organization_id).filter(pk=invite.pk).update(
        token_hash=invite.token_hash
    )
    return answer_url(invite.pulse_id, raw)


def send_invitations(organization_id: int, pulse_id: int) -> int:
    """Email every invited person not sent to yet their own link (run by the worker); the
    number sent. A batch's tokens are stored before its emails go, so every emailed link works;
    a batch that fails to send is issued new links when the task runs again."""
    pulse = (
        ClarityPulse.objects.for_org(organization_id)
        .select_related("organization")
        .filter(pk=pulse_id)
        .first()
    )
    if pulse is None or pulse.status_on(today()) == "closed":
        return 0
    sent = 0
    pending = PulseInvite.objects.for_org(organization_id).filter(
        pulse_id=pulse_id, sent_at__isnull=True
    )
    while batch := list(pending.order_by("id")[:SEND_BATCH]):
        emails = []
        for invite in batch:
            raw = secrets.token_urlsafe(LINK_BYTES)
            invite.token_hash = hash_secret(raw)
            context = {"pulse": pulse, "link": answer_url(pulse.pk, raw)}
            emails.append(
                EmailMessage(
                    subject=f"{pulse.organization.name}: {pulse.title} (two questions)",
                    body=render_to_string("transformation/email/pulse.txt", context),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[invite.email],
                )
            )
        pending.bulk_update(batch, ["token_hash"])
        get_connection().send_messages(emails)
        now = timezone.now()
        for invite in batch:
            invite.sent_at = now
        pending.bulk_update(batch, ["sent_at"])
        sent += len(batch)
    if sent and pulse.sent_at is None:
        pulse.sent_at = timezone.now()
        pulse.save(update_fields=["sent_at", "updated_at"])
    return sent


def invite_for_link(pulse_id: int, token: Any) -> PulseInvite:
    """The invitation ``token`` opens for pulse ``pulse_id``, or ``LinkRefused`` saying why."""
    low, high = TOKEN_LENGTH
    if not isinstance(token, str) or not low <= len(token) <= high:
        raise LinkRefused(FORGED)
    invite = (
        PulseInvite.objects.unscoped()
        .select_related("pulse", "pulse__organization")
        .filter(token_hash=hash_secret(token))
        .first()
    )
    if invite is None:
        raise LinkRefused(FORGED)
    if invite.pulse_id != pulse_id:
        raise LinkRefused(OTHER_PULSE)
    pulse = invite.pulse
    status = pulse.status_on(today())
    if status == "closed":
        day = pulse.closed_at.date() if pulse.closed_at else pulse.closes_on
        raise LinkRefused(CLOSED.format(day=f"{min(day, pulse.closes_on):%Y-%m-%d}"))
    if status == "scheduled":
        raise LinkRefused(NOT_OPEN.format(day=f"{pulse.opens_on:%Y-%m-%d}"))
    if invite.answered:
        raise LinkRefused(ANSWERED)
    return invite


def clean_priorities(values: Any) -> list[str]:
    """Up to ``PRIORITIES`` named priorities, each at most ``PRIORITY_MAX`` characters; empty
    ones dropped; at least one."""
    if not isinstance(values, list | tuple):
        raise ValidationError({"priorities": "Name the priorities as a list of texts."})
    if len(values) > PRIORITIES:
        raise ValidationError({"priorities": f"Name at most {PRIORITIES} priorities."})
    cleaned = []
    for n, value in enumerate(values, start=1):
        if value is not None and not isinstance(value, str):
            raise ValidationError({"priorities": f"Priority {n} must be text."})
        item = text(value, f"priority_{n}", max_length=PRIORITY_MAX, label=f"priority {n}")
        if item:
            cleaned.append(item)
    if not cleaned:
        raise ValidationError(
            {"priorities": "Name at least one thing you think matters most for the business."}
        )
    return cleaned


@transaction.atomic
def answer_pulse(
    pulse_id: int, token: Any, *, priorities: Any, contribution: Any = ""
) -> PulseAnswer:
    """Store one anonymous answer through a link; the link then counts as used. Nothing is
    stored when the link is refused or the answer is out of bounds."""
    invite = invite_for_link(pulse_id, token)
    named = clean_priorities(priorities)
    how = text(contribution, "contribution", max_length=CONTRIBUTION_MAX, label="contribution")
    # One statement decides who answers first: a second request with the same link finds the
    # invitation already answered and changes nothing. (No time is kept: see PulseInvite.)
    taken = (
        PulseInvite.objects.for_org(invite.organization_id)
        .filter(pk=invite.pk, answered=False)
        .update(answered=True)
    )
    if not taken:
        raise LinkRefused(ANSWERED)
    return PulseAnswer.objects.create(
        organization_id=invite.organization_id,
        pulse_id=invite.pulse_id,
        team_id=invite.team_id,
        role=invite.role,
        priorities=named,
        contribution=how,
    )
