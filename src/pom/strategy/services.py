"""Domain operations of the strategy pillar.

Each takes the acting membership explicitly, checks the role rule for what it does, raises
``ValidationError`` keyed by the field at fault, and writes in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from pom.accounts.models import Membership
from pom.core.permissions import require
from pom.strategy import clarity
from pom.strategy.models import (
    BetStatus,
    CheckIn,
    Comment,
    Cycle,
    Direction,
    FundingAllocation,
    Level,
    Outcome,
    OutcomeCommitment,
    OutcomeStatus,
    ProductVision,
    Project,
    ProjectReason,
    StrategicBet,
    StrategySettings,
)
from pom.strategy.queries import strategy_settings, today, would_cycle
from pom.teams.models import Team

# --- Helpers --------------------------------------------------------------------------------


def _text(
    value: Any,
    field: str,
    *,
    required: bool = False,
    max_length: int | None = None,
    label: str = "",
) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()
    if required and not text:
        raise ValidationError({field: f"Give the {label or field.replace('_', ' ')}."})
    if max_length and len(text) > max_length:
        raise ValidationError({field: f"Keep it under {max_length} characters ({len(text)} now)."})
    return text


def _choice(value: Any, field: str, choices: Any, default: str | None = None) -> str:
    if value in (None, "") and default is not None:
        return default
    if value not in choices.values:
        raise ValidationError(
            {
                field: f"Unknown {field.replace('_', ' ')} {value!r}; choose one of {', '.join(choices.values)}."
            }
        )
    return str(value)


def _same_org(obj: Any, actor: Membership, field: str) -> Any:
    """A related object named in input must be in the actor's organization (else: as if unknown)."""
    if obj is not None and obj.organization_id != actor.organization_id:
        raise ValidationError({field: "No such item in this organization."})
    return obj


def _decimal(value: Any, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValidationError({field: f"{value!r} is not a number."}) from None
    if number < 0:
        raise ValidationError({field: "Use zero or more."})
    return number


def _float(value: Any, field: str) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValidationError({field: f"{value!r} is not a number."}) from None


def _date(value: Any, field: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({field: f"{value!r} is not a date; use YYYY-MM-DD."}) from None


# --- Settings and vision --------------------------------------------------------------------


@transaction.atomic
def update_settings(actor: Membership, **fields: Any) -> StrategySettings:
    require(actor, "strategy.manage")
    settings = strategy_settings(actor.organization_id)
    for name in (
        "stale_after_days",
        "max_active_bets",
        "max_outcomes_per_team",
        "max_teams_per_outcome",
    ):
        if name in fields and fields[name] is not None:
            value = int(fields[name])
            if not 1 <= value <= (365 if name == "stale_after_days" else 20):
                raise ValidationError({name: "Out of range."})
            setattr(settings, name, value)
    settings.save()
    return settings


@transaction.atomic
def save_vision(actor: Membership, *, statement: str, horizon: str = "") -> ProductVision:
    require(actor, "strategy.manage")
    statement = _text(statement, "statement", required=True, label="vision statement")
    horizon = _text(horizon, "horizon", max_length=60)
    vision = ProductVision.objects.for_member(actor).first() or ProductVision(
        organization_id=actor.organization_id
    )
    vision.statement, vision.horizon = statement, horizon
    vision.save()
    return vision


# --- Bets -----------------------------------------------------------------------------------


def _rank_holder(actor: Membership, rank: int, exclude: int | None) -> StrategicBet | None:
    qs = StrategicBet.objects.for_member(actor).filter(status=BetStatus.ACTIVE, rank=rank)
    if exclude:
        qs = qs.exclude(pk=exclude)
    return qs.first()


def next_rank(actor: Membership) -> int:
    top = (
        StrategicBet.objects.for_member(actor)
        .filter(status=BetStatus.ACTIVE)
        .aggregate(m=Max("rank"))["m"]
    )
    return (top or 0) + 1


def _make_room(actor: Membership, rank: int, exclude: int | None) -> None:
    """Move every active bet at ``rank`` or below one place down, from the bottom up."""
    below = list(
        StrategicBet.objects.for_member(actor)
        .filter(status=BetStatus.ACTIVE, rank__gte=rank)
        .exclude(pk=exclude or 0)
        .order_by("-rank")
    )
    for bet in below:
        bet.rank = (bet.rank or 0) + 1
        bet.save(update_fields=["rank", "updated_at"])


def _apply_bet(
    actor: Membership, bet: StrategicBet, data: dict[str, Any], insert: bool
) -> StrategicBet:
    if "title" in data:
        bet.title = _text(
            data["title"], "title", required=True, max_length=200, label="bet a title"
        )
    for name in ("insight", "tradeoffs"):
        if name in data:
            setattr(bet, name, _text(data[name], name))
    if "time_frame" in data:
        bet.time_frame = _text(data["time_frame"], "time_frame", max_length=60)
    if "status" in data:
        bet.status = _choice(data["status"], "status", BetStatus, BetStatus.ACTIVE)
    if "owner" in data:
        bet.owner = _same_org(data["owner"], actor, "owner")
    if "rank" in data:
        rank = data["rank"]
        bet.rank = int(rank) if rank not in (None, "") else None
        if bet.rank is not None and bet.rank < 1:
            raise ValidationError({"rank": "Ranks start at 1."})
    if bet.status != BetStatus.ACTIVE:
        bet.rank = None
    elif bet.rank is None:
        bet.rank = next_rank(actor) if not bet.pk else _keep_or_next(actor, bet)
    holder = (
        _rank_holder(actor, bet.rank, bet.pk)
        if bet.status == BetStatus.ACTIVE and bet.rank
        else None
    )
    if holder is not None:
        if not insert:
            raise ValidationError(
                {
                    "rank": ValidationError(
                        f"Rank {bet.rank} is already taken by “{holder.title}”. Two active bets never "
                        f"share a rank: choose another, or insert this bet at {bet.rank} and move the "
                        f"others down.",
                        code="rank_taken",
                    )
                }
            )
        _make_room(actor, bet.rank or 1, bet.pk)
    bet.save()
    return bet


def _keep_or_next(actor: Membership, bet: StrategicBet) -> int:
    previous = (
        StrategicBet.objects.for_member(actor)
        .filter(pk=bet.pk)
        .values_list("rank", flat=True)
        .first()
    )
    return previous or next_rank(actor)


@transaction.atomic
def create_bet(actor: Membership, *, insert: bool = False, **data: Any) -> StrategicBet:
    """A new bet; at a rank already taken it is refused unless ``insert`` moves the others down."""
    require(actor, "strategy.manage")
    data.setdefault("title", "")
    bet = StrategicBet(organization_id=actor.organization_id)
    return _apply_bet(actor, bet, data, insert)


@transaction.atomic
def update_bet(
    actor: Membership, bet: StrategicBet, *, insert: bool = False, **data: Any
) -> StrategicBet:
    require(actor, "strategy.manage")
    return _apply_bet(actor, bet, data, insert)


@transaction.atomic
def delete_bet(actor: Membership, bet: StrategicBet) -> None:
    require(actor, "strategy.manage")
    bet.delete()
    _close_gaps(actor)


def _close_gaps(actor: Membership) -> None:
    for i, bet in enumerate(
        StrategicBet.objects.for_member(actor)
        .filter(status=BetStatus.ACTIVE)
        .order_by("rank", "id"),
        start=1,
    ):
        if bet.rank != i:
            bet.rank = i
            bet.save(update_fields=["rank", "updated_at"])


@transaction.atomic
def rerank_bets(actor: Membership, ordered_ids: list[int]) -> list[StrategicBet]:
    """Rank the active bets in the order given (1 first); the list must name each active bet once."""
    require(actor, "strategy.manage")
    bets = {b.pk: b for b in StrategicBet.objects.for_member(actor).filter(status=BetStatus.ACTIVE)}
    if sorted(ordered_ids) != sorted(bets) or len(set(ordered_ids)) != len(ordered_ids):
        raise ValidationError(
            {
                "order": "Name every active bet exactly once, in the new order (the list has changed; reload)."
            }
        )
    # Clear first, so no two active bets hold the same rank mid-way (the database checks each row).
    StrategicBet.objects.for_member(actor).filter(pk__in=ordered_ids).update(rank=None)
    for rank, pk in enumerate(ordered_ids, start=1):
        bet = bets[pk]
        bet.rank = rank
        bet.save(update_fields=["rank", "updated_at"])
    return [bets[pk] for pk in ordered_ids]


@transaction.atomic
def move_bet(actor: Membership, bet: StrategicBet, offset: int) -> None:
    """Swap the bet with its neighbour above (offset -1) or below (+1): the keyboard way to re-rank."""
    require(actor, "strategy.manage")
    order = list(
        StrategicBet.objects.for_member(actor)
        .filter(status=BetStatus.ACTIVE)
        .order_by("rank", "id")
        .values_list("pk", flat=True)
    )
    if bet.pk not in order:
        raise ValidationError({"rank": "Only active bets are ranked."})
    i = order.index(bet.pk)
    j = max(0, min(len(order) - 1, i + offset))
    order[i], order[j] = order[j], order[i]
    rerank_bets(actor, order)


# --- Cycles ---------------------------------------------------------------------------------


def _apply_cycle(actor: Membership, cycle: Cycle, data: dict[str, Any]) -> Cycle:
    if "name" in data:
        cycle.name = _text(data["name"], "name", required=True, max_length=60, label="cycle a name")
    if "start" in data:
        cycle.start = _date(data["start"], "start")  # type: ignore[assignment]
    if "end" in data:
        cycle.end = _date(data["end"], "end")  # type: ignore[assignment]
    if not cycle.start:
        raise ValidationError({"start": "Give the first day of the cycle."})
    if not cycle.end:
        raise ValidationError({"end": "Give the last day of the cycle."})
    if cycle.end <= cycle.start:
        raise ValidationError({"end": "The cycle must end after it starts."})
    clash = (
        Cycle.objects.for_member(actor).filter(name__iexact=cycle.name).exclude(pk=cycle.pk or 0)
    )
    if clash.exists():
        raise ValidationError({"name": f"There is already a cycle called {cycle.name!r}."})
    cycle.save()
    return cycle


@transaction.atomic
def create_cycle(actor: Membership, **data: Any) -> Cycle:
    require(actor, "strategy.manage")
    data.setdefault("name", "")
    return _apply_cycle(actor, Cycle(organization_id=actor.organization_id), data)


@transaction.atomic
def update_cycle(actor: Membership, cycle: Cycle, **data: Any) -> Cycle:
    require(actor, "strategy.manage")
    return _apply_cycle(actor, cycle, data)


@transaction.atomic
def delete_cycle(actor: Membership, cycle: Cycle) -> None:
    require(actor, "strategy.manage")
    cycle.delete()


# --- Outcomes -------------------------------------------------------------------------------


def clean_guardrails(raw: Any) -> list[dict[str, Any]]:
    if raw in (None, ""):
        return []
    if not isinstance(raw, list | tuple):
        raise ValidationError(
            {"guardrails": "Give guardrails as a list of {metric, comparison, limit}."}
        )
    cleaned = []
    for i, g in enumerate(raw):
        if hasattr(g, "model_dump"):
            g = g.model_dump()
        if not isinstance(g, dict):
            raise ValidationError(
                {f"guardrails.{i}": "Each guardrail is {metric, comparison, limit}."}
            )
        unknown = set(g) - {"metric", "comparison", "limit"}
        if unknown:
            raise ValidationError(
                {f"guardrails.{i}": f"Unknown keys: {', '.join(sorted(unknown))}."}
            )
        metric = _text(
            g.get("metric"),
            f"guardrails.{i}.metric",
            required=True,
            max_length=160,
            label="guardrail metric",
        )
        comparison = g.get("comparison") or "at_most"
        if comparison not in ("at_most", "at_least"):
            raise ValidationError({f"guardrails.{i}.comparison": "Use at_most or at_least."})
        limit = _float(g.get("limit"), f"guardrails.{i}.limit")
        if limit is None:
            raise ValidationError(
                {f"guardrails.{i}.limit": "Give the limit the guardrail metric must hold."}
            )
        cleaned.append({"metric": metric, "comparison": comparison, "limit": limit})
    return cleaned


OUTCOME_FIELDS = (
    "title",
    "description",
    "level",
    "parent",
    "bet",
    "owner_team",
    "metric_name",
    "metric_unit",
    "current_value",
    "segment",
    "direction",
    "baseline_value",
    "baseline_date",
    "target_value",
    "deadline",
    "guardrails",
    "tradeoffs",
    "status",
)


def _apply_outcome(actor: Membership, outcome: Outcome, data: dict[str, Any]) -> Outcome:
    unknown = set(data) - set(OUTCOME_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: "Unknown field."})
    if "title" in data:
        outcome.title = _text(
            data["title"], "title", required=True, max_length=200, label="outcome a title"
        )
    for name, limit in (("metric_name", 160), ("metric_unit", 30), ("segment", 200)):
        if name in data:
            setattr(outcome, name, _text(data[name], name, max_length=limit))
    for name in ("description", "tradeoffs"):
        if name in data:
            setattr(outcome, name, _text(data[name], name))
    if "level" in data:
        outcome.level = _choice(data["level"], "level", Level, Level.TEAM)
    if "direction" in data:
        outcome.direction = _choice(data["direction"], "direction", Direction, Direction.INCREASE)
    if "status" in data:
        outcome.status = _choice(data["status"], "status", OutcomeStatus, OutcomeStatus.DRAFT)
    for name in ("current_value", "baseline_value", "target_value"):
        if name in data:
            setattr(outcome, name, _float(data[name], name))
    for name in ("baseline_date", "deadline"):
        if name in data:
            setattr(outcome, name, _date(data[name], name))
    if "guardrails" in data:
        outcome.guardrails = clean_guardrails(data["guardrails"])
    if "bet" in data:
        outcome.bet = _same_org(data["bet"], actor, "bet")
    if "owner_team" in data:
        team = _same_org(data["owner_team"], actor, "owner_team")
        outcome.owner_team = team
    if "parent" in data:
        parent = _same_org(data["parent"], actor, "parent")
        if parent is not None and (parent.pk == outcome.pk or would_cycle(outcome, parent)):
            raise ValidationError(
                {
                    "parent": f"“{parent.title}” is below this outcome in the tree; an outcome cannot sit under its own descendant."
                }
            )
        outcome.parent = parent
    if not outcome.title:
        raise ValidationError({"title": "Give the outcome a title."})
    # The owning team decides who may edit: a member may only hand an outcome to their own team.
    if outcome.owner_team_id is None and actor.role == "member":
        raise ValidationError({"owner_team": "Choose one of your teams as the owner."})
    require(actor, "strategy.outcome", outcome.owner_team if outcome.owner_team_id else outcome)
    _check_numbers(outcome)
    if outcome.status == OutcomeStatus.COMMITTED:
        _require_clear(outcome)
    outcome.save()
    return outcome


def _check_numbers(outcome: Outcome) -> None:
    """The hard rules: numbers that contradict each other are refused, not just flagged."""
    base, target = outcome.baseline_value, outcome.target_value
    if (
        base is not None
        and target is not None
        and outcome.direction in (Direction.INCREASE, Direction.DECREASE)
    ):
        if outcome.direction == Direction.INCREASE and target <= base:
            raise ValidationError(
                {
                    "target_value": f"The target {target:g} must be above the baseline {base:g} for an increase."
                }
            )
        if outcome.direction == Direction.DECREASE and target >= base:
            raise ValidationError(
                {
                    "target_value": f"The target {target:g} must be below the baseline {base:g} for a decrease."
                }
            )
    if outcome.baseline_date and outcome.deadline and outcome.deadline <= outcome.baseline_date:
        raise ValidationError(
            {
                "deadline": f"The deadline {outcome.deadline.isoformat()} must come after the baseline date "
                f"{outcome.baseline_date.isoformat()}."
            }
        )


def _require_clear(outcome: Outcome) -> None:
    team = outcome.owner_team.name if outcome.owner_team_id and outcome.owner_team else ""
    found = clarity.errors(clarity.lint_outcome(outcome.draft(owner_team=team), today=today()))
    if found:
        errors: dict[str, list[str]] = {}
        for f in found:
            errors.setdefault(f.field.split(".")[0], []).append(f"{f.message} {f.suggestion}")
        raise ValidationError(
            {
                "status": "Only an outcome the clarity linter accepts can be committed; fix the errors below.",
                **errors,
            }
        )


@transaction.atomic
def create_outcome(actor: Membership, **data: Any) -> Outcome:
    require(actor, "strategy.outcome")
    data.setdefault("title", "")
    return _apply_outcome(actor, Outcome(organization_id=actor.organization_id), data)


@transaction.atomic
def update_outcome(actor: Membership, outcome: Outcome, **data: Any) -> Outcome:
    require(actor, "strategy.outcome", outcome)
    return _apply_outcome(actor, outcome, data)


@transaction.atomic
def delete_outcome(actor: Membership, outcome: Outcome) -> None:
    require(actor, "strategy.outcome", outcome)
    outcome.delete()


# --- Commitments ----------------------------------------------------------------------------


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
                "team": f"{team.name} is already committed to {load} outcomes in {cycle.name} (the limit is "
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


# --- Check-ins ------------------------------------------------------------------------------


@transaction.atomic
def record_check_in(
    actor: Membership,
    outcome: Outcome,
    *,
    value: Any,
    confidence: Any,
    date: Any = None,
    commentary: str = "",
    blockers: str = "",
) -> CheckIn:
    """A weekly update: the metric's value now, the team's confidence, what blocks it."""
    require(actor, "strategy.check_in", outcome)
    day = _date(date, "date") or today()
    if day > today():
        raise ValidationError(
            {"date": "A check-in reports what is true now; it cannot be in the future."}
        )
    number = _float(value, "value")
    if number is None:
        raise ValidationError(
            {"value": f"Give the current value of {outcome.metric_name or 'the metric'}."}
        )
    try:
        conf = int(confidence)
    except (TypeError, ValueError):
        raise ValidationError(
            {"confidence": "Give your confidence from 0 (no chance) to 10 (certain)."}
        ) from None
    if not 0 <= conf <= 10:
        raise ValidationError({"confidence": "Confidence runs from 0 (no chance) to 10 (certain)."})
    check_in = CheckIn.objects.create(
        organization_id=actor.organization_id,
        outcome=outcome,
        date=day,
        value=number,
        confidence=conf,
        commentary=_text(commentary, "commentary"),
        blockers=_text(blockers, "blockers"),
        author=actor.user,
    )
    if outcome.last_check_in_on is None or day >= outcome.last_check_in_on:
        outcome.current_value = number
        outcome.last_check_in_on = day
        outcome.last_confidence = conf
        outcome.save(
            update_fields=["current_value", "last_check_in_on", "last_confidence", "updated_at"]
        )
    return check_in


@transaction.atomic
def delete_check_in(actor: Membership, check_in: CheckIn) -> None:
    outcome = check_in.outcome
    require(actor, "strategy.check_in", outcome)
    check_in.delete()
    latest = (
        CheckIn.objects.for_member(actor).filter(outcome=outcome).order_by("-date", "-id").first()
    )
    outcome.last_check_in_on = latest.date if latest else None
    outcome.last_confidence = latest.confidence if latest else None
    outcome.current_value = latest.value if latest else outcome.current_value
    outcome.save(
        update_fields=["current_value", "last_check_in_on", "last_confidence", "updated_at"]
    )


# --- Projects and funding -------------------------------------------------------------------


def _apply_project(actor: Membership, project: Project, data: dict[str, Any]) -> Project:
    if "name" in data:
        project.name = _text(
            data["name"], "name", required=True, max_length=200, label="project a name"
        )
    if "scope" in data:
        project.scope = _text(data["scope"], "scope")
    if "start" in data:
        project.start = _date(data["start"], "start")  # type: ignore[assignment]
    if "end" in data:
        project.end = _date(data["end"], "end")  # type: ignore[assignment]
    if "budget" in data:
        project.budget = _decimal(data["budget"], "budget")
    if "reason" in data:
        project.reason = _choice(data["reason"], "reason", ProjectReason)
    if "sponsor" in data:
        project.sponsor = _same_org(data["sponsor"], actor, "sponsor")
    if not project.start:
        raise ValidationError({"start": "Give the project's start date."})
    if not project.end:
        raise ValidationError({"end": "Give the project's end date."})
    if project.end < project.start:
        raise ValidationError({"end": "The project must end on or after its start."})
    if not project.reason:
        raise ValidationError(
            {
                "reason": "Say why this work stays a project: regulatory, compliance, migration or other."
            }
        )
    project.save()
    return project


@transaction.atomic
def create_project(actor: Membership, **data: Any) -> Project:
    require(actor, "strategy.manage")
    data.setdefault("name", "")
    return _apply_project(actor, Project(organization_id=actor.organization_id), data)


@transaction.atomic
def update_project(actor: Membership, project: Project, **data: Any) -> Project:
    require(actor, "strategy.manage")
    return _apply_project(actor, project, data)


@transaction.atomic
def delete_project(actor: Membership, project: Project) -> None:
    require(actor, "strategy.manage")
    project.delete()


def _apply_funding(
    actor: Membership, funding: FundingAllocation, data: dict[str, Any]
) -> FundingAllocation:
    if "cycle" in data:
        funding.cycle = _same_org(data["cycle"], actor, "cycle")
    for name in ("team", "outcome", "project"):
        if name in data:
            setattr(funding, name, _same_org(data[name], actor, name))
    if "headcount" in data:
        funding.headcount = _decimal(data["headcount"], "headcount")
    if "amount" in data:
        funding.amount = _decimal(data["amount"], "amount")
    if "rationale" in data:
        funding.rationale = _text(data["rationale"], "rationale")
    if not funding.cycle_id:
        raise ValidationError({"cycle": "Choose the cycle this funding is for."})
    targets = [n for n in ("team", "outcome", "project") if getattr(funding, f"{n}_id")]
    if not targets:
        raise ValidationError(
            {"target": "Fund exactly one of: a team, an outcome or a project (none was named)."}
        )
    if len(targets) > 1:
        raise ValidationError(
            {
                "target": f"Fund exactly one of: a team, an outcome or a project (this names {' and '.join(targets)})."
            }
        )
    if funding.headcount is None and funding.amount is None:
        raise ValidationError({"amount": "Give an amount, a headcount, or both."})
    funding.save()
    return funding


@transaction.atomic
def allocate_funding(actor: Membership, **data: Any) -> FundingAllocation:
    require(actor, "strategy.manage")
    return _apply_funding(actor, FundingAllocation(organization_id=actor.organization_id), data)


@transaction.atomic
def update_funding(actor: Membership, funding: FundingAllocation, **data: Any) -> FundingAllocation:
    require(actor, "strategy.manage")
    return _apply_funding(actor, funding, data)


@transaction.atomic
def delete_funding(actor: Membership, funding: FundingAllocation) -> None:
    require(actor, "strategy.manage")
    funding.delete()


# --- Comments -------------------------------------------------------------------------------


@transaction.atomic
def add_comment(
    actor: Membership, *, body: str, outcome: Outcome | None = None, bet: StrategicBet | None = None
) -> Comment:
    """Anyone but a viewer may comment on an outcome or a bet; comments inform, they do not decide."""
    require(actor, "strategy.comment")
    body = _text(body, "body", required=True, max_length=5000, label="comment")
    if (outcome is None) == (bet is None):
        raise ValidationError({"target": "Comment on one outcome or one bet."})
    return Comment.objects.create(
        organization_id=actor.organization_id,
        outcome=outcome,
        bet=bet,
        author=actor.user,
        body=body,
    )


@transaction.atomic
def delete_comment(actor: Membership, comment: Comment) -> None:
    if comment.author_id != actor.user_id:
        require(actor, "strategy.manage")
    comment.delete()


# --- Lookups used by forms, the API and imports ---------------------------------------------


def resolve(model: Any, actor: Membership, pk: Any, field: str) -> Any:
    """The object ``pk`` of ``model`` in the actor's organization, or a field error."""
    if pk in (None, ""):
        return None
    obj = model.objects.for_member(actor).filter(pk=pk).first()  # type: ignore[attr-defined]
    if obj is None:
        raise ValidationError(
            {field: f"No {model._meta.verbose_name} with id {pk} in this organization."}
        )
    return obj


def resolve_outcome_refs(actor: Membership, data: dict[str, Any]) -> dict[str, Any]:
    """Turn ``*_id`` keys of an outcome payload into objects, field errors naming the key."""
    out = dict(data)
    for key, model in (("parent_id", Outcome), ("bet_id", StrategicBet), ("owner_team_id", Team)):
        if key in out:
            out[key[:-3]] = resolve(model, actor, out.pop(key), key)
    return out


def resolve_refs(
    actor: Membership, data: dict[str, Any], refs: Mapping[str, Any]
) -> dict[str, Any]:
    out = dict(data)
    for key, model in refs.items():
        if key in out:
            out[key[:-3]] = resolve(model, actor, out.pop(key), key)
    return out
