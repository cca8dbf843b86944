"""The decision log: who decided what, and whether leadership decided for a team."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from pom.accounts.models import Membership
from pom.core.permissions import require
from pom.discovery.models import (
    Decision,
    DecisionKind,
    Opportunity,
    Solution,
    StakeholderInput,
)
from pom.discovery.services.fields import (
    _choice,
    _outcome_model,
    _past_date,
    _text,
    require_team,
    resolve,
    today,
)
from pom.teams.models import Person, Team


@transaction.atomic
def record_decision(
    actor: Membership,
    *,
    title: str,
    kind: str = DecisionKind.TEAM,
    decided_by: str = "",
    decided_by_person: Any = None,
    rationale: str = "",
    decided_on: date | None = None,
    reversible: bool = True,
    team: Any = None,
    outcome: Any = None,
    opportunity: Any = None,
    solution: Any = None,
    stakeholder_input: Any = None,
    subject: models.Model | None = None,
) -> Decision:
    """Write down a decision: what, who, when, why, and whose call it was.

    ``subject`` links any other row of the organization (an assumption test, a release…).
    The account recording it is always the acting user; ``decided_by`` says who decided.
    Team decisions need the right to run that team's discovery; leadership decisions need a leader.
    """
    kind = _choice(kind or DecisionKind.TEAM, DecisionKind, "kind")
    opp = resolve(Opportunity, actor, opportunity, "opportunity")
    sol = resolve(Solution, actor, solution, "solution")
    source = resolve(StakeholderInput, actor, stakeholder_input, "stakeholder_input")
    outcome_obj = resolve(_outcome_model(), actor, outcome, "outcome") or (
        opp.outcome if opp else None
    )
    team_obj = (
        resolve(Team, actor, team, "team")
        or (opp.team if opp else None)
        or (sol.team if sol else None)
    )
    if (
        subject is not None
        and getattr(subject, "organization_id", actor.organization_id) != actor.organization_id
    ):
        raise ValidationError({"subject": "That object is not in this organization."})
    if kind == DecisionKind.LEADERSHIP:
        require(actor, "discovery.decide_for_leadership")
    elif team_obj is not None:
        require_team(actor, team_obj, "discovery.decide")
    else:
        require(actor, "discovery.decide")
    person = resolve(Person, actor, decided_by_person, "decided_by_person")
    who = _text(decided_by, "decided_by", required=False, limit=200, label="Who decided")
    who = (
        who
        or (person.name if person else "")
        or (team_obj.name if team_obj and kind == DecisionKind.TEAM else "")
    )
    who = who or actor.user.get_full_name() or actor.user.email
    decision = Decision(
        organization_id=actor.organization_id,
        title=_text(title, "title", required=True, limit=300, label="What was decided"),
        kind=kind,
        decided_by=who,
        decided_by_person=person,
        rationale=_text(rationale, "rationale", required=False, limit=20_000, label="Rationale"),
        decided_on=_past_date(decided_on or today(), "decided_on", "decision date"),
        reversible=bool(reversible),
        team=team_obj,
        outcome=outcome_obj,
        opportunity=opp,
        solution=sol,
        stakeholder_input=source,
        subject=subject,
        recorded_by=actor.user,
    )
    decision.save()
    return decision
