"""Choosing pilot teams (and ending a pilot), and the teams' own answers on hunger to learn."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pom.accounts.models import Membership
from pom.core.permissions import require
from pom.core.validation import resolve, text, today
from pom.teams import services as teams
from pom.teams.models import PilotStatus, Team
from pom.transformation import queries
from pom.transformation.models import HUNGER_QUESTIONS, SCALE, HungerAnswer, PilotChoice


@dataclass(frozen=True)
class Chosen:
    """A recorded choice, and what the leaders should know about it (allowed, but worth a look)."""

    choice: PilotChoice
    warnings: list[str]


def _team(actor: Membership, team: Any) -> Team:
    found = resolve(Team, actor, team, "team_id")
    if found is None:
        raise ValidationError({"team_id": "Choose a team."})
    if found.is_archived:
        raise ValidationError({"team_id": f"{found.name} is archived; restore it first."})
    return found


@transaction.atomic
def choose_pilot(actor: Membership, *, team: Any, reason: Any) -> Chosen:
    """Make ``team`` a pilot, keeping why and the score it had; warn, never refuse, when the
    number of pilots leaves the advice or the team falls short on a criterion."""
    require(actor, "transformation.manage")
    found = _team(actor, team)
    why = text(reason, "reason", required=True, max_length=2000)
    if PilotChoice.objects.for_member(actor).filter(team=found, ended_on__isnull=True).exists():
        raise ValidationError({"team_id": f"{found.name} is already a pilot."})
    board = queries.pilot_board(actor)
    entry = queries.candidate(board, found)
    warnings = board.recommendation.warnings(len(board.active) + 1)
    short = [c.label.lower() for c in entry.criteria if c.meets is False]
    if short:
        warnings.append(f"{found.name} falls short on: {', '.join(short)}.")
    if any(c.meets is None and c.key == "hungry" for c in entry.criteria):
        warnings.append(f"{found.name} has not said yet whether it is hungry to learn; ask them.")
    choice = PilotChoice.objects.create(
        organization_id=actor.organization_id,
        team=found,
        chosen_by_id=actor.user_id,
        chosen_on=today(),
        reason=why,
        score=entry.total,
        warnings=warnings,
    )
    if found.pilot_status != PilotStatus.PILOT:
        teams.update_team(actor, found, pilot_status=PilotStatus.PILOT)
    _forget_board(actor)
    return Chosen(choice, warnings)


def _forget_board(actor: Membership) -> None:
    """The kept ranking shows a team's pilot status and hunger: drop it now, and again once this
    commits (a page read in between would keep the ranking from before the change)."""
    org_id = actor.organization_id
    queries.forget_board(org_id)
    transaction.on_commit(lambda: queries.forget_board(org_id))


@transaction.atomic
def end_pilot(
    actor: Membership, choice: PilotChoice, *, reason: Any, graduated: bool = False
) -> PilotChoice:
    """End an active pilot, saying why; a graduated team keeps working in the product model."""
    require(actor, "transformation.manage")
    if choice.organization_id != actor.organization_id:
        raise ValidationError({"choice": "No such pilot choice in this organization."})
    if not choice.active:
        raise ValidationError(
            {"choice": f"This pilot already ended on {choice.ended_on:%Y-%m-%d}."}
        )
    choice.end_reason = text(reason, "reason", required=True, max_length=2000)
    choice.ended_on = today()
    choice.save(update_fields=["end_reason", "ended_on", "updated_at"])
    status = PilotStatus.GRADUATED if graduated else PilotStatus.NONE
    teams.update_team(actor, choice.team, pilot_status=status)
    _forget_board(actor)
    return choice


@transaction.atomic
def answer_hunger(actor: Membership, *, team: Any, note: Any = "", **answers: Any) -> HungerAnswer:
    """Record the acting person's answer for their own team (their earlier answer is replaced)."""
    found = _team(actor, team)
    require(actor, "transformation.hunger", found)
    unknown = set(answers) - {key for key, _ in HUNGER_QUESTIONS}
    if unknown:
        raise ValidationError({sorted(unknown)[0]: "Unknown question."})
    values = {}
    for key, statement in HUNGER_QUESTIONS:
        value = SCALE.clean(answers.get(key), key)
        if value is None:
            raise ValidationError({key: f"Answer from 1 to 5: “{statement}”"})
        values[key] = value
    answer, _ = HungerAnswer.objects.for_member(actor).update_or_create(
        team=found,
        answered_by_id=actor.user_id,
        defaults={
            "organization_id": actor.organization_id,
            "answered_on": today(),
            "note": text(note, "note", max_length=2000),
            **values,
        },
    )
    _forget_board(actor)
    return answer
