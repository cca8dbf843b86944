"""Operations on rituals: prepare a team's demo, edit its narrative, hold it (freezing what it
showed) and delete a draft.

Each takes the acting membership, checks ``culture.run`` for the demo's team (its members, and
leaders or owners who step in), validates with the shared field rules and writes in one
transaction. A held demo is history: changing or deleting it raises ``DemoFrozen``, which pages
show as a message and the API as 409.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pom.accounts.models import Membership
from pom.core.permissions import require
from pom.core.validation import date_value, resolve, text, today
from pom.culture.compile import compile_demo, day_label
from pom.culture.models import Demo, DemoStatus
from pom.teams.models import Team

FIRST_PERIOD_DAYS = 14  # a team's first demo looks back two weeks, a common cadence
MAX_PERIOD_DAYS = 366
NARRATIVE_LIMIT = 4000


class DemoFrozen(ValidationError):
    """A held demo is a record of what was shown; it is not changed afterwards."""


def _frozen(demo: Demo, doing: str) -> None:
    if demo.is_held:
        held = day_label(timezone.localtime(demo.held_at).date()) if demo.held_at else "earlier"
        raise DemoFrozen(
            f"This demo was held on {held} and is frozen as it was shown; it cannot be {doing}. "
            "Prepare a new demo for the next period instead."
        )


def default_period(team: Team) -> tuple[date, date]:
    """Since the day after the team's last held demo, up to today (two weeks for a first demo)."""
    end = today()
    last = (
        Demo.objects.for_org(team.organization_id)
        .filter(team_id=team.pk, status=DemoStatus.HELD)
        .order_by("-period_end", "-id")
        .values_list("period_end", flat=True)
        .first()
    )
    start = last + timedelta(days=1) if last else end - timedelta(days=FIRST_PERIOD_DAYS - 1)
    return min(start, end), end


def _period(start: Any, end: Any) -> tuple[date, date]:
    first = date_value(start, "period_start")
    last = date_value(end, "period_end")
    if first is None:
        raise ValidationError({"period_start": "Give the first day of the period."})
    if last is None:
        raise ValidationError({"period_end": "Give the last day of the period."})
    if last > today():
        raise ValidationError(
            {"period_end": f"A demo shows what happened; {last:%Y-%m-%d} is in the future."}
        )
    if last < first:
        raise ValidationError({"period_end": "The period ends before it starts."})
    if (last - first).days + 1 > MAX_PERIOD_DAYS:
        raise ValidationError(
            {"period_start": f"Keep the period to at most {MAX_PERIOD_DAYS} days."}
        )
    return first, last


def _title(value: Any, team: Team, end: date) -> str:
    return text(value, "title", max_length=200) or f"{team.name} demo, {day_label(end)}"


@transaction.atomic
def create_demo(
    actor: Membership,
    *,
    team: Any,
    title: str = "",
    period_start: Any = None,
    period_end: Any = None,
    narrative: str = "",
) -> Demo:
    """Prepare a demo of ``team``; the period defaults to the time since its last demo."""
    team_obj = resolve(Team, actor, team, "team")
    if team_obj is None:
        raise ValidationError({"team": "Choose the team whose demo this is."})
    require(actor, "culture.run", team_obj)
    if team_obj.archived_at is not None:
        raise ValidationError({"team": f"{team_obj.name} is archived; it holds no more demos."})
    if period_start in (None, "") and period_end in (None, ""):
        start, end = default_period(team_obj)
    else:
        fallback_start, fallback_end = default_period(team_obj)
        start, end = _period(period_start or fallback_start, period_end or fallback_end)
    return Demo.objects.create(
        organization_id=actor.organization_id,
        team=team_obj,
        title=_title(title, team_obj, end),
        period_start=start,
        period_end=end,
        narrative=text(narrative, "narrative", max_length=NARRATIVE_LIMIT),
        created_by=actor.user,
    )


@transaction.atomic
def update_demo(actor: Membership, demo: Demo, **changes: Any) -> Demo:
    """Change a demo being prepared: its title, period or narrative."""
    require(actor, "culture.run", demo.team)
    _frozen(demo, "edited")
    unknown = set(changes) - {"title", "period_start", "period_end", "narrative"}
    if unknown:
        raise ValidationError({sorted(unknown)[0]: "This field cannot be changed."})
    start, end = _period(
        changes.get("period_start", demo.period_start), changes.get("period_end", demo.period_end)
    )
    demo.period_start, demo.period_end = start, end
    if "title" in changes:
        demo.title = _title(changes["title"], demo.team, end)
    if "narrative" in changes:
        demo.narrative = text(changes["narrative"], "narrative", max_length=NARRATIVE_LIMIT)
    demo.save()
    return demo


@transaction.atomic
def hold_demo(actor: Membership, demo: Demo) -> Demo:
    """The team held its demo: freeze the compiled content as it was shown."""
    require(actor, "culture.run", demo.team)
    locked = Demo.objects.for_member(actor).select_for_update().get(pk=demo.pk)
    _frozen(locked, "held again")
    demo.snapshot = compile_demo(actor, demo.team, demo.period_start, demo.period_end)
    demo.status = DemoStatus.HELD
    demo.held_at = timezone.now()
    demo.held_by = actor.user
    demo.save()
    return demo


@transaction.atomic
def delete_demo(actor: Membership, demo: Demo) -> None:
    """Delete a demo still being prepared (held demos stay as the team's history)."""
    require(actor, "culture.run", demo.team)
    _frozen(demo, "deleted")
    demo.delete()


def held_line(demo: Demo) -> str:
    if not demo.is_held or demo.held_at is None:
        return ""
    who = demo.held_by.get_full_name() or demo.held_by.email if demo.held_by else "the team"
    return (
        f"Held on {day_label(timezone.localtime(demo.held_at).date())} by {who}; frozen as shown."
    )


def content_of(actor: Membership, demo: Demo) -> dict[str, Any]:
    """What the demo shows: the frozen snapshot once held, compiled live until then."""
    if demo.is_held and demo.snapshot:
        return demo.snapshot
    return compile_demo(actor, demo.team, demo.period_start, demo.period_end)
