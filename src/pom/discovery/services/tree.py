"""The opportunity solution tree: opportunities under an outcome, solutions under them, comments."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from pom.accounts.models import Membership
from pom.core.permissions import can, require
from pom.discovery.models import (
    POSITION,
    Comment,
    Opportunity,
    Origin,
    Solution,
    SolutionStatus,
    Stage,
    StakeholderInput,
)
from pom.discovery.services.fields import (
    _choice,
    _outcome_model,
    _sizing,
    _text,
    require_team,
    resolve,
)
from pom.discovery.tree import would_create_cycle
from pom.teams.models import Team

UPDATABLE_OPPORTUNITY = ("title", "description", "stage", "reach", "frequency", "severity")


UPDATABLE_SOLUTION = ("title", "description", "status", "origin")


def outcome_team_id(outcome: Any) -> int | None:
    """The team that owns an outcome, when the strategy pillar records one."""
    return getattr(outcome, "owner_team_id", None)


def _check_outcome(actor: Membership, outcome: Any, team: Team) -> None:
    owner = outcome_team_id(outcome)
    if owner is not None and owner != team.pk and not can(actor, "discovery.decide_for_leadership"):
        raise ValidationError(
            {
                "outcome": "That outcome belongs to another team; its opportunities are theirs to map."
            }
        )


def _parents(outcome_id: int, actor: Membership) -> dict[int, int | None]:
    return dict(
        Opportunity.objects.for_member(actor)
        .filter(outcome_id=outcome_id)
        .values_list("id", "parent_id")
    )


def _next_position(qs: Any) -> int:
    return (qs.aggregate(m=Max("position"))["m"] or 0) + 1


@transaction.atomic
def create_opportunity(
    actor: Membership,
    *,
    title: str,
    outcome: Any = None,
    team: Any = None,
    parent: Any = None,
    description: str = "",
    stage: str = Stage.IDENTIFIED,
    reach: Any = None,
    frequency: Any = None,
    severity: Any = None,
    targeted: bool = False,
) -> Opportunity:
    parent_obj = resolve(Opportunity, actor, parent, "parent")
    outcome_obj = resolve(_outcome_model(), actor, outcome, "outcome") or (
        parent_obj.outcome if parent_obj else None
    )
    if outcome_obj is None:
        raise ValidationError({"outcome": "Choose the outcome this opportunity serves."})
    if parent_obj is not None and parent_obj.outcome_id != outcome_obj.pk:
        raise ValidationError({"parent": "The parent opportunity is under another outcome."})
    team_obj = resolve(Team, actor, team, "team") or (parent_obj.team if parent_obj else None)
    owner_id = outcome_team_id(outcome_obj)
    if team_obj is None and owner_id is not None:
        team_obj = Team.objects.for_member(actor).filter(pk=owner_id).first()
    if team_obj is None:
        raise ValidationError({"team": "Choose the team that owns this opportunity."})
    require_team(actor, team_obj)
    _check_outcome(actor, outcome_obj, team_obj)
    siblings = Opportunity.objects.for_member(actor).filter(outcome=outcome_obj, parent=parent_obj)
    opportunity = Opportunity(
        organization_id=actor.organization_id,
        outcome=outcome_obj,
        team=team_obj,
        parent=parent_obj,
        title=_text(title, "title", required=True, limit=200, label="Title"),
        description=_text(
            description, "description", required=False, limit=20_000, label="Description"
        ),
        stage=_choice(stage or Stage.IDENTIFIED, Stage, "stage"),
        reach=_sizing(reach, "reach"),
        frequency=_sizing(frequency, "frequency"),
        severity=_sizing(severity, "severity"),
        position=_next_position(siblings),
        created_by=actor.user,
    )
    opportunity.save()
    if targeted:
        set_target(actor, opportunity)
    return opportunity


@transaction.atomic
def update_opportunity(actor: Membership, opportunity: Opportunity, **changes: Any) -> Opportunity:
    require_team(actor, opportunity.team)
    if "title" in changes:
        opportunity.title = _text(
            changes["title"], "title", required=True, limit=200, label="Title"
        )
    if "description" in changes:
        opportunity.description = _text(
            changes["description"], "description", required=False, limit=20_000, label="Description"
        )
    if "stage" in changes:
        opportunity.stage = _choice(changes["stage"], Stage, "stage")
    for field in ("reach", "frequency", "severity"):
        if field in changes:
            setattr(opportunity, field, _sizing(changes[field], field))
    targeted = changes.get("targeted")
    opportunity.save()
    if targeted is True and not opportunity.targeted:
        set_target(actor, opportunity)
    elif targeted is False and opportunity.targeted:
        opportunity.targeted = False
        opportunity.save(update_fields=["targeted", "updated_at"])
    if "parent" in changes:
        move_opportunity(actor, opportunity, changes["parent"])
    return opportunity


@transaction.atomic
def set_target(actor: Membership, opportunity: Opportunity) -> Opportunity:
    """Make this the opportunity the team works on; the outcome's previous target is released."""
    require_team(actor, opportunity.team)
    for previous in (
        Opportunity.objects.for_member(actor)
        .filter(outcome_id=opportunity.outcome_id, targeted=True)
        .exclude(pk=opportunity.pk)
    ):
        previous.targeted = False
        previous.save(update_fields=["targeted", "updated_at"])
    opportunity.targeted = True
    if opportunity.stage in (Stage.IDENTIFIED, Stage.NEXT, Stage.LATER, Stage.NOT_NOW):
        opportunity.stage = Stage.NOW
    opportunity.save(update_fields=["targeted", "stage", "updated_at"])
    return opportunity


@transaction.atomic
def move_opportunity(
    actor: Membership, opportunity: Opportunity, new_parent: Any, position: int | None = None
) -> Opportunity:
    """Hang an opportunity (and its subtree) under another opportunity of the same outcome, or at the top."""
    require_team(actor, opportunity.team)
    parent = resolve(Opportunity, actor, new_parent, "parent")
    if parent is not None:
        if parent.outcome_id != opportunity.outcome_id:
            raise ValidationError(
                {"parent": "You can only move an opportunity within its outcome's tree."}
            )
        if would_create_cycle(_parents(opportunity.outcome_id, actor), opportunity.pk, parent.pk):
            raise ValidationError(
                {
                    "parent": f"“{opportunity.title}” cannot go under “{parent.title}”: that is inside its own subtree."
                }
            )
        require_team(actor, parent.team)
    siblings = (
        Opportunity.objects.for_member(actor)
        .filter(outcome_id=opportunity.outcome_id, parent=parent)
        .exclude(pk=opportunity.pk)
    )
    if position is not None:
        position = POSITION.clean(position, "position")
    opportunity.parent = parent
    opportunity.position = position if position is not None else _next_position(siblings)
    opportunity.save(update_fields=["parent", "position", "updated_at"])
    return opportunity


@transaction.atomic
def delete_opportunity(actor: Membership, opportunity: Opportunity) -> None:
    """Remove an opportunity with its sub-opportunities; their solutions stay, without an opportunity."""
    require_team(actor, opportunity.team)
    opportunity.delete()


@transaction.atomic
def create_solution(
    actor: Membership,
    *,
    title: str,
    opportunity: Any = None,
    team: Any = None,
    description: str = "",
    status: str = SolutionStatus.IDEA,
    origin: str = Origin.TEAM,
    stakeholder_input: Any = None,
) -> Solution:
    opp = resolve(Opportunity, actor, opportunity, "opportunity")
    team_obj = resolve(Team, actor, team, "team") or (opp.team if opp else None)
    if team_obj is None:
        raise ValidationError(
            {"team": "Choose the team, or the opportunity this solution addresses."}
        )
    if opp is not None and opp.team_id != team_obj.pk:
        raise ValidationError({"opportunity": "That opportunity belongs to another team."})
    require_team(actor, team_obj)
    source = resolve(StakeholderInput, actor, stakeholder_input, "stakeholder_input")
    solution = Solution(
        organization_id=actor.organization_id,
        team=team_obj,
        opportunity=opp,
        title=_text(title, "title", required=True, limit=200, label="Title"),
        description=_text(
            description, "description", required=False, limit=20_000, label="Description"
        ),
        status=_choice(status or SolutionStatus.IDEA, SolutionStatus, "status"),
        origin=Origin.STAKEHOLDER if source else _choice(origin or Origin.TEAM, Origin, "origin"),
        stakeholder_input=source,
        position=_next_position(Solution.objects.for_member(actor).filter(opportunity=opp))
        if opp
        else 0,
        created_by=actor.user,
    )
    solution.save()
    return solution


@transaction.atomic
def update_solution(actor: Membership, solution: Solution, **changes: Any) -> Solution:
    require_team(actor, solution.team)
    if "title" in changes:
        solution.title = _text(changes["title"], "title", required=True, limit=200, label="Title")
    if "description" in changes:
        solution.description = _text(
            changes["description"], "description", required=False, limit=20_000, label="Description"
        )
    if "status" in changes:
        solution.status = _choice(changes["status"], SolutionStatus, "status")
    if "origin" in changes:
        solution.origin = _choice(changes["origin"], Origin, "origin")
    solution.save()
    if "opportunity" in changes:
        move_solution(actor, solution, changes["opportunity"])
    return solution


@transaction.atomic
def move_solution(actor: Membership, solution: Solution, opportunity: Any) -> Solution:
    """Put a solution under another opportunity of its team (or under none)."""
    require_team(actor, solution.team)
    opp = resolve(Opportunity, actor, opportunity, "opportunity")
    if opp is not None and opp.team_id != solution.team_id:
        raise ValidationError(
            {"opportunity": "A solution can only move to an opportunity of its own team."}
        )
    solution.opportunity = opp
    solution.position = (
        _next_position(Solution.objects.for_member(actor).filter(opportunity=opp)) if opp else 0
    )
    solution.save(update_fields=["opportunity", "position", "updated_at"])
    return solution


@transaction.atomic
def delete_solution(actor: Membership, solution: Solution) -> None:
    require_team(actor, solution.team)
    solution.delete()


@transaction.atomic
def add_comment(
    actor: Membership, *, text: str, opportunity: Any = None, solution: Any = None
) -> Comment:
    require(actor, "discovery.comment")
    opp = resolve(Opportunity, actor, opportunity, "opportunity")
    sol = resolve(Solution, actor, solution, "solution")
    if not (opp or sol):
        raise ValidationError(
            {"opportunity": "Say which opportunity or solution the comment is on."}
        )
    return Comment.objects.create(
        organization_id=actor.organization_id,
        opportunity=opp,
        solution=sol,
        author=actor.user,
        text=_text(text, "text", required=True, limit=5_000, label="Comment"),
    )
