"""Stakeholder input: given by anyone who may, triaged by the team.

The rules of the model live here, so pages, the API and the CLI obey them alike: stakeholders
give input, not solutions or decisions; input that names a solution is a suggestion; linking
input to an opportunity keeps it stakeholder input (never customer evidence); triage routes each
kind where it belongs.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pom.accounts.models import Membership
from pom.core.permissions import can, require
from pom.discovery.models import (
    Decision,
    DecisionKind,
    InputKind,
    Opportunity,
    Origin,
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
from pom.discovery.services.tree import create_solution, outcome_team_id
from pom.discovery.signals import input_triaged
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
    kind = _choice(kind, InputKind, "kind")
    if kind == InputKind.DECISION and not can(actor, "discovery.decide_for_leadership"):
        raise ValidationError(
            {
                "kind": "Only a leader files a decision. Stakeholders give input, not decisions: "
                "file it as a suggestion, a constraint or context, and the team decides how."
            }
        )
    asked = _text(
        requested_solution,
        "requested_solution",
        required=False,
        limit=300,
        label="The requested solution",
    )
    if asked and kind != InputKind.DECISION:
        # Naming a solution is a suggestion, whatever it was filed as: the team owns the how.
        kind = InputKind.SUGGESTION
    item = StakeholderInput(
        organization_id=actor.organization_id,
        team=team_obj,
        from_person=person,
        submitted_by=actor.user,
        kind=kind,
        text=_text(text, "text", required=True, limit=10_000, label="The input"),
        requested_solution=asked,
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


ROUTES: dict[str, str] = {
    InputKind.CONSTRAINT: "its outcome",
    InputKind.CONTEXT: "its outcome",
    InputKind.SUGGESTION: "the team's solution ideas",
    InputKind.DECISION: "the decision log",
}


@transaction.atomic
def triage_input(
    actor: Membership,
    item: StakeholderInput,
    *,
    action: str,
    opportunity: Any = None,
    outcome: Any = None,
    reason: str = "",
    duplicate_of: Any = None,
) -> StakeholderInput:
    """Link the input to an opportunity, route it where its kind belongs, decline it with a
    reason, mark it a duplicate, or reopen it.

    Linking keeps it typed as stakeholder input: the opportunity's evidence counts customer
    insights only. Routing sends a constraint or context to its outcome, a suggestion to the
    team's solution ideas (as a stakeholder-origin idea) and a leadership decision to the log.
    """
    _require_triage(actor, item)
    item.decline_reason = ""
    item.duplicate_of = None
    if action == "link":
        opp = resolve(Opportunity, actor, opportunity, "opportunity") or item.opportunity
        if opp is None:
            raise ValidationError({"opportunity": "Choose the opportunity this input bears on."})
        require_team(actor, opp.team)
        item.opportunity = opp
        item.outcome = opp.outcome
        item.team = item.team or opp.team
        item.triage = Triage.LINKED
    elif action == "route":
        _route(actor, item, opportunity=opportunity, outcome=outcome)
        item.triage = Triage.ROUTED
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
        raise ValidationError({"action": "Use link, route, decline, duplicate or reopen."})
    item.triaged_by = actor.user if action != "reopen" else None
    item.triaged_at = timezone.now() if action != "reopen" else None
    item.save()
    if action != "reopen":
        # Other pillars hear of it (culture tells the stakeholder who gave the input).
        input_triaged.send(sender=StakeholderInput, actor=actor, item=item)
    return item


def _route(actor: Membership, item: StakeholderInput, *, opportunity: Any, outcome: Any) -> None:
    if item.triage == Triage.ROUTED:
        raise ValidationError({"action": "This input has already been routed."})
    if item.kind in (InputKind.CONSTRAINT, InputKind.CONTEXT):
        target = resolve(_outcome_model(), actor, outcome, "outcome") or item.outcome
        if target is None:
            raise ValidationError(
                {"outcome": f"Choose the outcome this {item.get_kind_display().lower()} bears on."}
            )
        item.outcome = target
    elif item.kind == InputKind.SUGGESTION:
        opp = resolve(Opportunity, actor, opportunity, "opportunity") or item.opportunity
        team = opp.team if opp else item.team
        if team is None:
            raise ValidationError(
                {"opportunity": "Choose the opportunity (and so the team) this idea is for."}
            )
        idea = item.requested_solution.strip() or " ".join(item.text.split())
        create_solution(
            actor,
            title=idea if len(idea) <= 200 else idea[:199] + "…",
            description=item.text,
            opportunity=opp,
            team=team,
            origin=Origin.STAKEHOLDER,
            stakeholder_input=item,
        )
        item.opportunity = opp
        item.team = team
    else:
        _log_leadership_decision(actor, item)


def _log_leadership_decision(actor: Membership, item: StakeholderInput) -> Decision:
    """The leader's decision, written into the log by whoever triages it.

    Only a leader can file a decision (``submit_input``), so the input itself is the record of
    who decided; the triaging member writes it down and is ``recorded_by``.
    """
    who = item.from_person.name if item.from_person else ""
    if not who and item.submitted_by is not None:
        who = item.submitted_by.get_full_name() or item.submitted_by.email
    text = " ".join(item.text.split())
    decision = Decision(
        organization_id=actor.organization_id,
        title=text if len(text) <= 300 else text[:299] + "…",
        kind=DecisionKind.LEADERSHIP,
        decided_by=(who or "Leadership")[:200],
        decided_by_person=item.from_person,
        rationale=item.text,
        decided_on=item.created_at.date() if item.created_at else today(),
        team=item.team,
        outcome=item.outcome,
        opportunity=item.opportunity,
        stakeholder_input=item,
        recorded_by=actor.user,
    )
    decision.save()
    return decision
