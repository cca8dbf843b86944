"""Operations on the ritual calendar: set or stop a team's cadence for a ritual (the portfolio
review's for the organization), and log a retrospective as held.

A team's members (and leaders or owners who step in) set its cadences and log its retros
(``culture.run`` for the team); leaders and owners set the portfolio review's (``culture.review``).
Each validates with the shared field rules and writes in one transaction.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pom.accounts.models import Membership
from pom.core.permissions import require
from pom.core.validation import choice, date_value, past_date, resolve, text, today
from pom.culture.models import EVERY_WEEKS, RitualCadence, RitualKind, RitualLog
from pom.teams.models import Team

# A cadence starts at most a year back (so a late ritual is overdue, not ancient) or ahead.
START_WINDOW = timedelta(days=366)
NOTE_LIMIT = 500


def _team_for(actor: Membership, kind: str, team: Any) -> Team | None:
    """The team the ritual is for, checked: ``None`` for the portfolio review (the org's)."""
    if kind == RitualKind.REVIEW:
        if team not in (None, ""):
            raise ValidationError(
                {
                    "team": "The portfolio review is the organization's, not a team's: leave the team out."
                }
            )
        require(actor, "culture.review")
        return None
    team_obj = resolve(Team, actor, team, "team")
    if team_obj is None:
        raise ValidationError({"team": "Choose the team whose ritual this is."})
    require(actor, "culture.run", team_obj)
    if team_obj.is_archived:
        raise ValidationError({"team": f"{team_obj.name} is archived; it holds no more rituals."})
    return team_obj


def _every(value: Any) -> int:
    weeks = EVERY_WEEKS.clean(value, "every_weeks", label="Every how many weeks")
    if weeks is None:
        raise ValidationError({"every_weeks": "Say every how many weeks the ritual is held."})
    return int(weeks)


def _starts(value: Any) -> Any:
    first = date_value(value, "starts_on") or today()
    if abs((first - today()).days) > START_WINDOW.days:
        raise ValidationError(
            {"starts_on": "Choose a first due day within a year of today, before or after."}
        )
    return first


@transaction.atomic
def set_cadence(
    actor: Membership,
    *,
    kind: Any,
    every_weeks: Any,
    team: Any = None,
    starts_on: Any = None,
) -> tuple[RitualCadence, bool]:
    """Hold ``kind`` every ``every_weeks`` weeks, first due on ``starts_on`` (today if not given)
    when it was never held; replaces the team's cadence for that ritual. Returns it and whether it
    is new."""
    kind = choice(kind, "kind", RitualKind)
    team_obj = _team_for(actor, kind, team)
    weeks, first = _every(every_weeks), _starts(starts_on)
    existing = (
        RitualCadence.objects.for_member(actor)
        .select_for_update(of=("self",))
        .filter(kind=kind, team=team_obj)
        .order_by("id")
        .first()
    )
    if existing is not None:
        existing.every_weeks, existing.starts_on = weeks, first
        existing.save()
        return existing, False
    cadence = RitualCadence.objects.create(
        organization_id=actor.organization_id,
        team=team_obj,
        kind=kind,
        every_weeks=weeks,
        starts_on=first,
    )
    return cadence, True


@transaction.atomic
def update_cadence(actor: Membership, cadence: RitualCadence, **changes: Any) -> RitualCadence:
    """Change how often, or from when, a ritual is held."""
    unknown = set(changes) - {"every_weeks", "starts_on"}
    if unknown:
        raise ValidationError({sorted(unknown)[0]: "This field cannot be changed."})
    _permit(actor, cadence)
    if "every_weeks" in changes:
        cadence.every_weeks = _every(changes["every_weeks"])
    if "starts_on" in changes:
        cadence.starts_on = _starts(changes["starts_on"])
    cadence.save()
    return cadence


def _permit(actor: Membership, cadence: RitualCadence) -> None:
    if cadence.team_id is None:
        require(actor, "culture.review")
    else:
        require(actor, "culture.run", cadence.team)


@transaction.atomic
def stop_cadence(actor: Membership, cadence: RitualCadence) -> None:
    """Stop tracking the ritual on the calendar (what was held stays where it is)."""
    _permit(actor, cadence)
    cadence.delete()


@transaction.atomic
def log_retro(actor: Membership, *, team: Any, held_on: Any = None, note: str = "") -> RitualLog:
    """The team held a retrospective (pom keeps no other record of one): its day and a short note."""
    team_obj = _team_for(actor, RitualKind.RETRO, team)
    assert team_obj is not None  # a retro is always a team's
    day = past_date(date_value(held_on, "held_on") or today(), "held_on", "day it was held")
    if (today() - day) > START_WINDOW:
        raise ValidationError({"held_on": "Log retros of the last year only."})
    return RitualLog.objects.create(
        organization_id=actor.organization_id,
        team=team_obj,
        kind=RitualKind.RETRO,
        held_on=day,
        note=text(note, "note", max_length=NOTE_LIMIT),
        logged_by=actor.user,
    )


@transaction.atomic
def delete_retro(actor: Membership, log: RitualLog) -> None:
    """Take back a retro logged by mistake."""
    require(actor, "culture.run", log.team)
    log.delete()
