"""Team commitments to outcomes for a cycle."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from pom.accounts.models import Membership
from pom.core.permissions import require
from pom.strategy.models import (
    Cycle,
    Outcome,
    OutcomeCommitment,
    OutcomeStatus,
)
from pom.strategy.queries import strategy_settings
from pom.strategy.services.fields import _same_org, _text
from pom.strategy.services.outcomes import _require_clear
from pom.teams.models import Team


@transaction.atomic
def commit_outcome(
    actor: Membership, outcome: Outcome, *, team: Team, cycle: Cycle, note: str = ""
) -> OutcomeCommitment:
    """The team commits to move ``outcome`` in ``cycle``; the outcome must pass the linter."""
    _same_org(team, actor, "team")
    _same_org(cycle, actor, "cycle")
    require(actor, "strategy.outcome", team)
    if outcome.status in (OutcomeStatus.ACHIEVED, OutcomeStatus.MISSED, OutcomeStatus.DROPPED):
        raise ValidationError(
            {"outcome": f"This outcome is {outcome.get_status_display().lower()}; reopen it first."}
        )
    if (
        OutcomeCommitment.objects.for_member(actor)
        .filter(outcome=outcome, team=team, cycle=cycle)
        .exists()
    ):
        raise ValidationError(
            {"team": f"{team.name} is already committed to this outcome in {cycle.name}."}
        )
    settings = strategy_settings(actor.organization_id)
    load = OutcomeCommitment.objects.for_member(actor).filter(team=team, cycle=cycle).count()
    if load >= settings.max_outcomes_per_team:
        raise ValidationError(
            {
                "team": f"{team.name} is already committed to {load} "
                f"outcome{'' if load == 1 else 's'} in {cycle.name} (the limit is "
                f"{settings.max_outcomes_per_team}); a team that chases everything moves nothing."
            }
        )
    if outcome.status == OutcomeStatus.DRAFT:
        _require_clear(outcome)
        outcome.status = OutcomeStatus.COMMITTED
        outcome.save(update_fields=["status", "updated_at"])
    return OutcomeCommitment.objects.create(
        organization_id=actor.organization_id,
        outcome=outcome,
        team=team,
        cycle=cycle,
        note=_text(note, "note", max_length=300),
    )


@transaction.atomic
def withdraw_commitment(actor: Membership, commitment: OutcomeCommitment) -> None:
    require(actor, "strategy.outcome", commitment.team)
    commitment.delete()
