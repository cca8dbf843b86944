"""The decision log: who decided what, and whether leadership decided for a team; decisions
change status (proposed → accepted → superseded or reversed) and age ("revisit when")."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from pom.accounts.models import Membership
from pom.core import validation
from pom.core.permissions import require
from pom.discovery.models import (
    THRESHOLD,
    Comparison,
    Decision,
    DecisionKind,
    DecisionStatus,
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

# How far ahead a revisit date may be set: far enough for any plan, near enough to mean it.
REVISIT_HORIZON = timedelta(days=366 * 10)
MAX_PRINCIPLES = 20
EDITABLE = (
    "title",
    "decided_by",
    "decided_by_person",
    "rationale",
    "decided_on",
    "reversible",
    "team",
    "outcome",
    "opportunity",
    "solution",
    "revisit_on",
    "revisit_metric",
    "revisit_comparison",
    "revisit_threshold",
    "principles",
)

# Which status a decision may move to from each one; superseded and reversed are history.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    DecisionStatus.PROPOSED: (DecisionStatus.ACCEPTED, DecisionStatus.SUPERSEDED),
    DecisionStatus.ACCEPTED: (DecisionStatus.SUPERSEDED, DecisionStatus.REVERSED),
    DecisionStatus.SUPERSEDED: (),
    DecisionStatus.REVERSED: (),
}


def require_decider(actor: Membership, kind: str, team: Team | None) -> None:
    """Team decisions need the right to run that team's discovery; leadership ones a leader."""
    if kind == DecisionKind.LEADERSHIP:
        require(actor, "discovery.decide_for_leadership")
    elif team is not None:
        require_team(actor, team, "discovery.decide")
    else:
        require(actor, "discovery.decide")


def _metric_model() -> Any:
    from django.apps import apps

    return apps.get_model("metrics", "Metric")


def _principle_model() -> Any:
    from django.apps import apps

    return apps.get_model("strategy", "Principle")


def _revisit_date(value: Any, decided_on: date | None) -> date | None:
    when = validation.date_value(value, "revisit_on")
    if when is None:
        return None
    if decided_on is not None and when < decided_on:
        raise ValidationError(
            {"revisit_on": f"Revisit on or after the decision date ({decided_on:%Y-%m-%d})."}
        )
    if when > today() + REVISIT_HORIZON:
        raise ValidationError({"revisit_on": "Revisit within the next ten years."})
    return when


def _condition(actor: Membership, data: dict[str, Any]) -> tuple[Any, str, float | None]:
    """The metric, comparison and threshold of "revisit if <metric> falls below <n>": all or none."""
    metric = resolve(_metric_model(), actor, data.get("revisit_metric"), "revisit_metric")
    comparison = data.get("revisit_comparison") or ""
    threshold = THRESHOLD.clean(
        data.get("revisit_threshold"), "revisit_threshold", label="Threshold"
    )
    if metric is None and not comparison and threshold is None:
        return None, "", None
    if metric is None:
        raise ValidationError({"revisit_metric": "Choose the metric the condition watches."})
    if comparison not in Comparison.values:
        raise ValidationError(
            {"revisit_comparison": "Say whether to revisit when it falls below or rises above."}
        )
    if threshold is None:
        raise ValidationError({"revisit_threshold": "Give the number that triggers the revisit."})
    return metric, comparison, float(threshold)


def _principles(actor: Membership, values: Any) -> list[Any]:
    ids = validation.unique_ids(values or [], "principles")
    if len(ids) > MAX_PRINCIPLES:
        raise ValidationError({"principles": f"Cite at most {MAX_PRINCIPLES} principles."})
    found = list(_principle_model().objects.for_member(actor).filter(pk__in=ids))
    missing = set(ids) - {p.pk for p in found}
    if missing:
        raise ValidationError(
            {"principles": f"No principle with id {', '.join(map(str, sorted(missing)))} here."}
        )
    return found


def _links(actor: Membership, data: dict[str, Any]) -> dict[str, Any]:
    """The objects a decision is about, each of this organization; the team and outcome follow."""
    opp = resolve(Opportunity, actor, data.get("opportunity"), "opportunity")
    sol = resolve(Solution, actor, data.get("solution"), "solution")
    outcome = resolve(_outcome_model(), actor, data.get("outcome"), "outcome") or (
        opp.outcome if opp else None
    )
    team = (
        resolve(Team, actor, data.get("team"), "team")
        or (opp.team if opp else None)
        or (sol.team if sol else None)
    )
    return {"opportunity": opp, "solution": sol, "outcome": outcome, "team": team}


@transaction.atomic
def record_decision(
    actor: Membership,
    *,
    title: str,
    kind: str = DecisionKind.TEAM,
    status: str = DecisionStatus.ACCEPTED,
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
    revisit_on: Any = None,
    revisit_metric: Any = None,
    revisit_comparison: str = "",
    revisit_threshold: Any = None,
    principles: Any = None,
) -> Decision:
    """Write down a decision: what, who, when, why, whose call it was and when to look again.

    ``subject`` links any other row of the organization (an assumption test, a release…).
    The account recording it is always the acting user; ``decided_by`` says who decided.
    Team decisions need the right to run that team's discovery; leadership decisions need a leader.
    A new decision is proposed or accepted; it becomes superseded or reversed only later.
    """
    kind = _choice(kind or DecisionKind.TEAM, DecisionKind, "kind")
    status = _choice(status or DecisionStatus.ACCEPTED, DecisionStatus, "status")
    if status not in (DecisionStatus.PROPOSED, DecisionStatus.ACCEPTED):
        raise ValidationError(
            {"status": "A new decision is proposed or accepted; supersede or reverse it later."}
        )
    links = _links(
        actor, {"opportunity": opportunity, "solution": solution, "outcome": outcome, "team": team}
    )
    source = resolve(StakeholderInput, actor, stakeholder_input, "stakeholder_input")
    if (
        subject is not None
        and getattr(subject, "organization_id", actor.organization_id) != actor.organization_id
    ):
        raise ValidationError({"subject": "That object is not in this organization."})
    require_decider(actor, kind, links["team"])
    person = resolve(Person, actor, decided_by_person, "decided_by_person")
    decision = Decision(
        organization_id=actor.organization_id,
        kind=kind,
        status=status,
        decided_by_person=person,
        stakeholder_input=source,
        subject=subject,
        recorded_by=actor.user,
        **links,
    )
    _apply(
        actor,
        decision,
        {
            "title": title,
            "decided_by": decided_by,
            "rationale": rationale,
            "decided_on": decided_on or today(),
            "reversible": reversible,
            "revisit_on": revisit_on,
            "revisit_metric": revisit_metric,
            "revisit_comparison": revisit_comparison,
            "revisit_threshold": revisit_threshold,
        },
    )
    decision.save()
    if principles:
        decision.principles.set(_principles(actor, principles))
    return decision


def _apply(actor: Membership, decision: Decision, data: dict[str, Any]) -> None:
    """Clean the given fields onto ``decision`` (not saved); fields not given stay as they are."""
    if "title" in data:
        decision.title = _text(
            data["title"], "title", required=True, limit=300, label="What was decided"
        )
    if "decided_by_person" in data:
        decision.decided_by_person = resolve(
            Person, actor, data["decided_by_person"], "decided_by_person"
        )
    if "decided_by" in data or not decision.decided_by:
        who = _text(
            data.get("decided_by", decision.decided_by),
            "decided_by",
            required=False,
            limit=200,
            label="Who decided",
        )
        person, team = decision.decided_by_person, decision.team
        who = (
            who
            or (person.name if person else "")
            or (team.name if team and decision.kind == DecisionKind.TEAM else "")
        )
        decision.decided_by = who or actor.user.get_full_name() or actor.user.email
    if "rationale" in data:
        decision.rationale = _text(
            data["rationale"], "rationale", required=False, limit=20_000, label="Rationale"
        )
    if "decided_on" in data:
        decision.decided_on = _past_date(data["decided_on"], "decided_on", "decision date")
    if "reversible" in data:
        decision.reversible = bool(data["reversible"])
    if "revisit_on" in data:
        decision.revisit_on = _revisit_date(data["revisit_on"], decision.decided_on)
    condition = ("revisit_metric", "revisit_comparison", "revisit_threshold")
    if any(name in data for name in condition):
        current = {
            "revisit_metric": decision.revisit_metric_id,
            "revisit_comparison": decision.revisit_comparison,
            "revisit_threshold": decision.revisit_threshold,
        }
        current.update({name: data[name] for name in condition if name in data})
        metric, comparison, threshold = _condition(actor, current)
        changed = (
            (metric.pk if metric else None) != decision.revisit_metric_id
            or comparison != decision.revisit_comparison
            or threshold != decision.revisit_threshold
        )
        decision.revisit_metric = metric
        decision.revisit_comparison = comparison
        decision.revisit_threshold = threshold
        if changed:
            decision.reviewed_through = None  # a new condition counts from the latest point


@transaction.atomic
def update_decision(actor: Membership, decision: Decision, **data: Any) -> Decision:
    """Edit what was decided, by whom, why, what it is about, when to revisit and the principles.

    Whoever may record the decision may edit it, and must also be allowed to record it where
    it moves to (another team). Its kind, status and history are changed by their own actions.
    """
    unknown = set(data) - set(EDITABLE)
    if unknown:
        name = sorted(unknown)[0]
        raise ValidationError({name: f"{name} cannot be changed here."})
    require_decider(actor, decision.kind, decision.team)
    link_names = ("team", "outcome", "opportunity", "solution")
    if any(name in data for name in link_names):
        given = {name: data.get(name, getattr(decision, f"{name}_id")) for name in link_names}
        for name, value in _links(actor, given).items():
            setattr(decision, name, value)
        require_decider(actor, decision.kind, decision.team)
    _apply(actor, decision, data)
    if decision.revisit_on and decision.revisit_on < decision.decided_on:
        raise ValidationError(
            {
                "revisit_on": f"Revisit on or after the decision date ({decision.decided_on:%Y-%m-%d})."
            }
        )
    decision.save()
    if "principles" in data:
        decision.principles.set(_principles(actor, data["principles"]))
    return decision


def _chain_reaches(actor: Membership, start: Decision, target: Decision) -> bool:
    """Whether following "superseded by" from ``start`` arrives at ``target`` (a cycle)."""
    seen: set[int] = set()
    current: int | None = start.pk
    while current is not None and current not in seen:
        if current == target.pk:
            return True
        seen.add(current)
        current = (
            Decision.objects.for_member(actor)
            .filter(pk=current)
            .values_list("superseded_by_id", flat=True)
            .first()
        )
    return False


def _successor(actor: Membership, decision: Decision, value: Any, field: str) -> Decision:
    successor = resolve(Decision, actor, value, field)
    if successor is None:
        raise ValidationError({field: "Choose the decision that replaces this one."})
    if successor.pk == decision.pk:
        raise ValidationError({field: "A decision cannot supersede itself."})
    if _chain_reaches(actor, successor, decision):
        raise ValidationError(
            {
                field: f"“{successor.title}” is itself superseded, through others, by this decision; "
                "a decision cannot replace what replaces it."
            }
        )
    if successor.status == DecisionStatus.REVERSED:
        raise ValidationError(
            {field: f"“{successor.title}” was reversed; it cannot replace another decision."}
        )
    return successor


@transaction.atomic
def set_decision_status(
    actor: Membership, decision: Decision, status: str, *, superseded_by: Any = None
) -> Decision:
    """Move a decision along: accept a proposal, supersede it by another decision, reverse it."""
    require_decider(actor, decision.kind, decision.team)
    status = _choice(status, DecisionStatus, "status")
    if status == decision.status:
        raise ValidationError(
            {"status": f"The decision is already {decision.get_status_display().lower()}."}
        )
    allowed = TRANSITIONS[decision.status]
    if status not in allowed:
        if not allowed:
            raise ValidationError(
                {
                    "status": f"The decision is {decision.get_status_display().lower()}: it is history. "
                    "Record a new decision instead."
                }
            )
        names = " or ".join(DecisionStatus(s).label.lower() for s in allowed)
        raise ValidationError(
            {
                "status": f"A {decision.get_status_display().lower()} decision can only become {names}."
            }
        )
    if status == DecisionStatus.SUPERSEDED:
        decision.superseded_by = _successor(actor, decision, superseded_by, "superseded_by")
    elif superseded_by not in (None, ""):
        raise ValidationError({"superseded_by": "Only a superseded decision has a successor."})
    decision.status = status
    decision.save(update_fields=["status", "superseded_by", "updated_at"])
    return decision
