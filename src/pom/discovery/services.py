"""Domain operations of discovery: log touchpoints, keep evidence, shape the opportunity tree,
triage stakeholder input, record decisions and import notes.

Every function takes the acting membership explicitly, checks the role rule in
``pom.core.permissions``, raises ``ValidationError({"field": "message"})`` for bad input and
writes in one transaction, so a rejected request changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from pom.accounts.models import Membership
from pom.core.models import TenantModel
from pom.core.permissions import can, require
from pom.discovery import importers
from pom.discovery.models import (
    Comment,
    Decision,
    DecisionKind,
    InputKind,
    Insight,
    InsightKind,
    Opportunity,
    Origin,
    Solution,
    SolutionStatus,
    Stage,
    StakeholderInput,
    Touchpoint,
    TouchpointKind,
    Triage,
)
from pom.discovery.tree import would_create_cycle
from pom.teams.models import Person, Team

M = TypeVar("M", bound=TenantModel)

UPDATABLE_OPPORTUNITY = ("title", "description", "stage", "reach", "frequency", "severity")
UPDATABLE_SOLUTION = ("title", "description", "status", "origin")


def today() -> date:
    return timezone.localdate()


# --- Resolving references -----------------------------------------------------------------------


def resolve(model: type[M], actor: Membership, value: Any, field: str) -> M | None:
    """An id or an object of ``model`` in the actor's organization; another's is "not found"."""
    if value in (None, ""):
        return None
    if isinstance(value, model):
        if value.organization_id != actor.organization_id:
            raise ValidationError({field: f"No {model._meta.verbose_name} with that id here."})
        return value
    try:
        pk = int(value.pk if isinstance(value, models.Model) else value)
    except (TypeError, ValueError):
        raise ValidationError({field: f"{value!r} is not a valid id."}) from None
    found = model.objects.for_member(actor).filter(pk=pk).first()  # type: ignore[attr-defined]
    if found is None:
        raise ValidationError({field: f"No {model._meta.verbose_name} with id {pk} here."})
    return found  # type: ignore[return-value]


def _outcome_model() -> Any:
    from django.apps import apps

    return apps.get_model("strategy", "Outcome")


def _choice(value: str, choices: Any, field: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: f"{value!r} is not one of: {', '.join(choices.values)}."})
    return value


def _text(value: str | None, field: str, *, required: bool, limit: int, label: str) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: f"{label} cannot be empty."})
    if len(value) > limit:
        raise ValidationError({field: f"Keep {label.lower()} under {limit:,} characters."})
    return value


def _past_date(value: date | None, field: str, label: str) -> date:
    if value is None:
        raise ValidationError({field: f"Give the {label}."})
    if value > today():
        raise ValidationError({field: f"The {label} {value:%Y-%m-%d} is in the future."})
    return value


def _sizing(value: Any, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: "Use a whole number from 1 to 5."}) from None
    if not 1 <= number <= 5:
        raise ValidationError({field: "Use a whole number from 1 to 5."})
    return number


def _url(value: str, field: str) -> str:
    value = (value or "").strip()
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            raise ValidationError({field: "Enter a full http(s) link."}) from None
    return value


def require_team(actor: Membership, team: Team, action: str = "discovery.edit") -> None:
    if not can(actor, action, team):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(
            f"Only members of {team.name} (or leaders) can change its discovery."
        )


def _people(actor: Membership, values: Iterable[Any]) -> list[Person]:
    ids = []
    for value in values:
        try:
            ids.append(int(value.pk if isinstance(value, Person) else value))
        except (TypeError, ValueError):
            raise ValidationError({"attendees": f"{value!r} is not a valid person id."}) from None
    found = list(Person.objects.for_member(actor).filter(pk__in=ids))
    missing = set(ids) - {p.pk for p in found}
    if missing:
        raise ValidationError(
            {"attendees": f"No person with id {', '.join(map(str, sorted(missing)))} here."}
        )
    return found


def clean_tags(raw: Any) -> list[str]:
    return importers.clean_tags(raw)


# --- Touchpoints and insights -------------------------------------------------------------------


def _insight(
    actor: Membership,
    team: Team,
    *,
    text: str,
    observed_on: date,
    kind: str = InsightKind.QUOTE,
    tags: Any = (),
    source: str = "",
    customer: str = "",
    company: str = "",
    touchpoint: Touchpoint | None = None,
    external_id: str = "",
    field: str = "text",
) -> Insight:
    return Insight(
        organization_id=actor.organization_id,
        team=team,
        touchpoint=touchpoint,
        kind=_choice(kind or InsightKind.QUOTE, InsightKind, "kind"),
        text=_text(text, field, required=True, limit=10_000, label="Insight text"),
        source=_text(source, "source", required=False, limit=200, label="Source"),
        customer=_text(customer, "customer", required=False, limit=200, label="Customer"),
        company=_text(company, "company", required=False, limit=200, label="Company"),
        tags=Insight.join_tags(clean_tags(tags)),
        observed_on=observed_on,
        external_id=(external_id or "").strip()[:200],
        created_by=actor.user,
    )


@transaction.atomic
def record_touchpoint(
    actor: Membership,
    *,
    team: Any,
    happened_on: date | None,
    kind: str = TouchpointKind.INTERVIEW,
    customer_name: str = "",
    company: str = "",
    segment: str = "",
    attendees: Sequence[Any] = (),
    summary: str = "",
    notes: str = "",
    recording_url: str = "",
    insights: Sequence[dict[str, Any]] = (),
    external_id: str = "",
) -> Touchpoint:
    """Log a customer touchpoint and the insights taken from it, all at once or not at all."""
    team = resolve(Team, actor, team, "team")
    if team is None:
        raise ValidationError({"team": "Choose the team that met the customer."})
    require_team(actor, team)
    day = _past_date(happened_on, "happened_on", "touchpoint date")
    external_id = (external_id or "").strip()[:200]
    if (
        external_id
        and Touchpoint.objects.for_member(actor).filter(external_id=external_id).exists()
    ):
        raise ValidationError(
            {"external_id": f"A touchpoint {external_id!r} was already pushed in."}
        )
    touchpoint = Touchpoint(
        organization_id=actor.organization_id,
        team=team,
        happened_on=day,
        kind=_choice(kind or TouchpointKind.INTERVIEW, TouchpointKind, "kind"),
        customer_name=_text(
            customer_name, "customer_name", required=False, limit=200, label="Customer"
        ),
        company=_text(company, "company", required=False, limit=200, label="Company"),
        segment=_text(segment, "segment", required=False, limit=120, label="Segment"),
        summary=_text(summary, "summary", required=False, limit=500, label="Summary"),
        notes=_text(notes, "notes", required=False, limit=50_000, label="Notes"),
        recording_url=_url(recording_url, "recording_url"),
        external_id=external_id,
        created_by=actor.user,
    )
    people = _people(actor, attendees)
    built = [
        _insight(
            actor,
            team,
            observed_on=day,
            customer=touchpoint.customer_name,
            company=touchpoint.company,
            field=f"insights.{i}.text",
            **{k: v for k, v in item.items() if k in ("text", "kind", "tags", "external_id")},
        )
        for i, item in enumerate(insights)
    ]
    touchpoint.save()
    if people:
        touchpoint.attendees.set(people)
    for insight in built:
        insight.touchpoint = touchpoint
        insight.save()
    return touchpoint


@transaction.atomic
def update_touchpoint(actor: Membership, touchpoint: Touchpoint, **changes: Any) -> Touchpoint:
    require_team(actor, touchpoint.team)
    if "happened_on" in changes:
        touchpoint.happened_on = _past_date(
            changes["happened_on"], "happened_on", "touchpoint date"
        )
    if "kind" in changes:
        touchpoint.kind = _choice(changes["kind"], TouchpointKind, "kind")
    for field, limit in (
        ("customer_name", 200),
        ("company", 200),
        ("segment", 120),
        ("summary", 500),
        ("notes", 50_000),
    ):
        if field in changes:
            setattr(
                touchpoint,
                field,
                _text(
                    changes[field],
                    field,
                    required=False,
                    limit=limit,
                    label=field.replace("_", " ").capitalize(),
                ),
            )
    if "recording_url" in changes:
        touchpoint.recording_url = _url(changes["recording_url"], "recording_url")
    people = _people(actor, changes["attendees"]) if "attendees" in changes else None
    touchpoint.save()
    if people is not None:
        touchpoint.attendees.set(people)
    return touchpoint


@transaction.atomic
def delete_touchpoint(actor: Membership, touchpoint: Touchpoint) -> None:
    require_team(actor, touchpoint.team)
    touchpoint.delete()


@transaction.atomic
def add_insight(
    actor: Membership,
    *,
    team: Any = None,
    touchpoint: Any = None,
    text: str,
    observed_on: date | None = None,
    kind: str = InsightKind.QUOTE,
    tags: Any = (),
    source: str = "",
    customer: str = "",
    company: str = "",
    external_id: str = "",
    opportunity: Any = None,
) -> Insight:
    """Keep one insight: from a touchpoint (its team, date and customer by default) or typed in with a source."""
    tp = resolve(Touchpoint, actor, touchpoint, "touchpoint")
    team_obj = resolve(Team, actor, team, "team") or (tp.team if tp else None)
    if team_obj is None:
        raise ValidationError({"team": "Choose the team this evidence belongs to."})
    if tp is not None and tp.team_id != team_obj.pk:
        raise ValidationError({"touchpoint": "That touchpoint belongs to another team."})
    require_team(actor, team_obj)
    day = observed_on or (tp.happened_on if tp else today())
    external_id = (external_id or "").strip()
    if external_id and Insight.objects.for_member(actor).filter(external_id=external_id).exists():
        raise ValidationError({"external_id": f"An insight {external_id!r} was already pushed in."})
    insight = _insight(
        actor,
        team_obj,
        text=text,
        observed_on=_past_date(day, "observed_on", "observation date"),
        kind=kind,
        tags=tags,
        source=source,
        customer=customer or (tp.customer_name if tp else ""),
        company=company or (tp.company if tp else ""),
        touchpoint=tp,
        external_id=external_id,
    )
    opp = resolve(Opportunity, actor, opportunity, "opportunity")
    insight.save()
    if opp is not None:
        link_insight(actor, insight, opp)
    return insight


@transaction.atomic
def update_insight(actor: Membership, insight: Insight, **changes: Any) -> Insight:
    require_team(actor, insight.team)
    if "text" in changes:
        insight.text = _text(
            changes["text"], "text", required=True, limit=10_000, label="Insight text"
        )
    if "kind" in changes:
        insight.kind = _choice(changes["kind"], InsightKind, "kind")
    if "tags" in changes:
        insight.tags = Insight.join_tags(clean_tags(changes["tags"]))
    if "observed_on" in changes:
        insight.observed_on = _past_date(changes["observed_on"], "observed_on", "observation date")
    for field in ("source", "customer", "company"):
        if field in changes:
            setattr(
                insight,
                field,
                _text(changes[field], field, required=False, limit=200, label=field.capitalize()),
            )
    insight.save()
    return insight


@transaction.atomic
def delete_insight(actor: Membership, insight: Insight) -> None:
    require_team(actor, insight.team)
    insight.delete()


def link_insight(actor: Membership, insight: Insight, opportunity: Opportunity) -> None:
    """Use an insight as evidence for an opportunity (idempotent)."""
    opportunity = resolve(Opportunity, actor, opportunity, "opportunity")  # type: ignore[assignment]
    insight = resolve(Insight, actor, insight, "insight")  # type: ignore[assignment]
    require_team(actor, opportunity.team)
    opportunity.insights.add(insight)


def unlink_insight(actor: Membership, insight: Insight, opportunity: Opportunity) -> None:
    require_team(actor, opportunity.team)
    opportunity.insights.remove(insight)


# --- The opportunity solution tree --------------------------------------------------------------


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


# --- Stakeholder input --------------------------------------------------------------------------


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


# --- Decisions ----------------------------------------------------------------------------------


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


# --- Import -------------------------------------------------------------------------------------

IMPORT_FORMATS = {
    "csv": "Interview notes (CSV)",
    "productboard": "Productboard notes (JSON or CSV)",
}


def parse_import(
    actor: Membership, *, fmt: str, content: str, filename: str = ""
) -> importers.ParsedImport:
    """Parse a file and check it against what is already stored; writes nothing."""
    if fmt == "csv":
        parsed = importers.parse_notes_csv(content, today())
    elif fmt == "productboard":
        parsed = importers.parse_productboard(content, today(), filename)
    else:
        raise ValidationError({"format": f"Choose one of: {', '.join(IMPORT_FORMATS)}."})
    ids = [row.external_id for row in parsed.rows if row.external_id]
    if ids:
        existing = set(
            Insight.objects.for_member(actor)
            .filter(external_id__in=ids)
            .values_list("external_id", flat=True)
        )
        for row in parsed.rows:
            if row.external_id in existing:
                parsed.errors.append(importers.RowError(row.line, "this note was imported before."))
        parsed.errors.sort(key=lambda e: e.line)
    return parsed


@transaction.atomic
def apply_import(
    actor: Membership,
    *,
    team: Any,
    fmt: str,
    content: str,
    filename: str = "",
    kind: str = TouchpointKind.INTERVIEW,
) -> dict[str, int]:
    """Create everything in the file, or nothing when any row is wrong.

    Interview notes become one touchpoint per customer and day, with one insight per note;
    Productboard notes become insights with their source, customer and record id.
    """
    team_obj = resolve(Team, actor, team, "team")
    if team_obj is None:
        raise ValidationError({"team": "Choose the team the evidence belongs to."})
    require_team(actor, team_obj)
    parsed = parse_import(actor, fmt=fmt, content=content, filename=filename)
    if parsed.errors:
        raise ValidationError({"file": [str(e) for e in parsed.errors[:50]]})
    if not parsed.rows:
        raise ValidationError({"file": "The file holds no notes."})
    kind = _choice(kind or TouchpointKind.INTERVIEW, TouchpointKind, "kind")
    touchpoints: dict[tuple[date, str, str], Touchpoint] = {}
    insights = 0
    for row in parsed.rows:
        tp = None
        if fmt == "csv":
            key = (row.observed_on, row.customer.lower(), row.company.lower())
            tp = touchpoints.get(key)
            if tp is None:
                tp = Touchpoint.objects.create(
                    organization_id=actor.organization_id,
                    team=team_obj,
                    happened_on=row.observed_on,
                    kind=kind,
                    customer_name=row.customer,
                    company=row.company,
                    summary=f"Imported from {filename or 'a CSV file'}"[:500],
                    created_by=actor.user,
                )
                touchpoints[key] = tp
        _insight(
            actor,
            team_obj,
            text=row.text,
            observed_on=row.observed_on,
            tags=row.tags,
            source=row.source or (f"Import: {filename}"[:200] if not tp else ""),
            customer=row.customer,
            company=row.company,
            touchpoint=tp,
            external_id=row.external_id,
            field=f"row {row.line}",
        ).save()
        insights += 1
    return {"touchpoints": len(touchpoints), "insights": insights}
