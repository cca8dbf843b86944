"""Rules the delivery services share: who may change a team's delivery records, and moments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from pom.accounts.models import Membership
from pom.core.permissions import can
from pom.teams.models import Team

# Clocks disagree a little; a moment this far ahead of ours is still "now", not the future.
CLOCK_SKEW = timedelta(minutes=5)
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)


def require_team(actor: Membership, team: Team) -> None:
    if not can(actor, "delivery.edit", team):
        raise PermissionDenied(f"Only members of {team.name} (or leaders) can log its delivery.")


def moment(
    value: Any, field: str, *, required: bool = True, label: str | None = None
) -> datetime | None:
    """A moment that already happened, from a ``datetime`` or ISO 8601 text (naive = site time)."""
    name = label or field.removesuffix("_at").replace("_", " ")
    if value in (None, ""):
        if required:
            raise ValidationError({field: f"Give the {name} time."})
        return None
    if isinstance(value, datetime):
        parsed: datetime | None = value
    else:
        try:
            raw = str(value).strip()
            # GitLab writes "2026-03-01 14:30:00 UTC"; everyone else writes ISO 8601.
            parsed = parse_datetime(raw[:-4] + "Z" if raw.endswith(" UTC") else raw)
        except ValueError:
            parsed = None
    if parsed is None:
        raise ValidationError(
            {field: f"{value!r} is not a date and time; use ISO 8601, e.g. 2026-03-01T14:30:00Z."}
        )
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    if parsed > timezone.now() + CLOCK_SKEW:
        raise ValidationError({field: f"The {name} time {parsed:%Y-%m-%d %H:%M} is in the future."})
    if parsed < EARLIEST:
        raise ValidationError({field: f"The {name} time {parsed:%Y-%m-%d} is before 2000."})
    return parsed
