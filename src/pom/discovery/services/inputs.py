"""Stakeholder input: given by anyone who may, triaged by the team."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pom.accounts.models import Membership
from pom.core.permissions import require
from pom.discovery.models import (
    InputKind,
    InsightKind,
    Opportunity,
    StakeholderInput,
    Triage,
)
from pom.discovery.services.fields import (
    _choice,
    _outcome_model,
    _text,
    require_team,
    resolve,
    today,
)
from pom.discovery.services.touchpoints import _insight
from pom.discovery.services.tree import outcome_team_id
from pom.teams.models import Person, Team


def _person_for(actor: Membership) -> Person | None:
    return Person.objects.for_member(actor).filter(user_id=actor.user_id).first()


@transaction.atomic
def submit_input(
    actor: Membership,
    *,
    kind: str,
    text: str,
    team: Any = None,
    outcome: Any = None,
    opportunity: Any = None,
    requested_solution: str = "",
    from_person: Any = None,
) -> StakeholderInput:
    """A stakeholder's input for a team; it lands in the team's inbox as "new"."""
    require(actor, "discovery.input")
    opp = resolve(Opportunity, actor, opportunity, "opportunity")
    outcome_obj = resolve(_outcome_model(), actor, outcome, "outcome") or (
        opp.outcome if opp else None
    )
    team_obj = resolve(Team, actor, team, "team") or (opp.team if opp else None)
    if opp is not None and outcome_obj is not None and opp.outcome_id != outcome_obj.pk:
        raise ValidationError({"opportunity": "That opportunity is under another outcome."})
    owner_id = outcome_team_id(outcome_obj) if outcome_obj is not None else None
    if team_obj is None and owner_id is not None:
        team_obj = Team.objects.for_member(actor).filter(pk=owner_id).first()
    person = resolve(Person, actor, from_person, "from_person") or _person_for(actor)
    item = StakeholderInput(
        organization_id=actor.organization_id,
        team=team_obj,
        from_person=person,
        submitted_by=actor.user,
        kind=_choice(kind, InputKind, "kind"),
        text=_text(text, "text", required=True, limit=10_000, label="The input"),
        requested_solution=_text(
            requested_solution,
            "requested_solution",
            required=False,
            limit=300,
            label="The requested solution",
        ),
        outcome=outcome_obj,
        opportunity=opp,
    )
    item.save()
    return item


def _require_triage(actor: Membership, item: StakeholderInput) -> None:
    if item.team_id:
        require_team(actor, item.team, "discovery.triage")  # type: ignore[arg-type]
    else:
        require(actor, "discovery.triage")


@transaction.atomic
def triage_input(
    actor: Membership,
    item: StakeholderInput,
    *,
    action: str,
    opportunity: Any = None,
    reason: str = "",
    duplicate_of: Any = None,
) -> StakeholderInput:
    """Link the input as evidence to an opportunity, decline it with a reason, mark it a duplicate, or reopen it."""
    _require_triage(actor, item)
    item.decline_reason = ""
    item.duplicate_of = None
    if action == "link":
        opp = resolve(Opportunity, actor, opportunity, "opportunity") or item.opportunity
        if opp is None:
            raise ValidationError(
                {"opportunity": "Choose the opportunity this input is evidence for."}
            )
        require_team(actor, opp.team)
        who = item.from_person.name if item.from_person else "a stakeholder"
        insight = item.evidence or _insight(
            actor,
            opp.team,
            text=item.text,
            observed_on=item.created_at.date() if item.created_at else today(),
            kind=InsightKind.OBSERVATION,
            source=f"Stakeholder input from {who}"[:200],
            tags=["stakeholder input"],
        )
        insight.save()
        opp.insights.add(insight)
        item.evidence = insight
        item.opportunity = opp
        item.team = item.team or opp.team
        item.triage = Triage.LINKED
    elif action == "decline":
        item.decline_reason = _text(
            reason, "reason", required=True, limit=2_000, label="The reason"
        )
        item.triage = Triage.DECLINED
    elif action == "duplicate":
        original = resolve(StakeholderInput, actor, duplicate_of, "duplicate_of")
        if original is None:
            raise ValidationError({"duplicate_of": "Choose the input this one repeats."})
        if original.pk == item.pk:
            raise ValidationError({"duplicate_of": "An input cannot duplicate itself."})
        item.duplicate_of = original
        item.triage = Triage.DUPLICATE
    elif action == "reopen":
        item.triage = Triage.NEW
    else:
        raise ValidationError({"action": "Use link, decline, duplicate or reopen."})
    item.triaged_by = actor.user if action != "reopen" else None
    item.triaged_at = timezone.now() if action != "reopen" else None
    item.save()
    return item
