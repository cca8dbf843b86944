"""Outcomes: clear enough to commit to, with sane numbers and guardrails."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pom.accounts.models import Membership
from pom.core.permissions import require
from pom.core.validation import date_value
from pom.strategy import clarity
from pom.strategy.models import (
    Direction,
    Level,
    Outcome,
    OutcomeStatus,
)
from pom.strategy.queries import outcome_lint, would_cycle
from pom.strategy.services.fields import _choice, _metric_value, _same_org, _text


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
        limit = _metric_value(g.get("limit"), f"guardrails.{i}.limit")
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
            setattr(outcome, name, _metric_value(data[name], name))
    for name in ("baseline_date", "deadline"):
        if name in data:
            setattr(outcome, name, date_value(data[name], name))
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


class UnclearOutcome(ValidationError):
    """Committing an outcome the clarity linter refuses: the errors by field, and every finding.

    The findings travel with the refusal so the page that shows them does not lint again.
    """

    def __init__(self, errors: dict[str, Any], findings: list[clarity.Finding]) -> None:
        super().__init__(errors)
        self.findings = findings


def _require_clear(outcome: Outcome) -> None:
    findings = outcome_lint(outcome)
    found = clarity.errors(findings)
    if found:
        errors: dict[str, list[str]] = {}
        for f in found:
            errors.setdefault(f.field.split(".")[0], []).append(f"{f.message} {f.suggestion}")
        raise UnclearOutcome(
            {
                "status": "Only an outcome the clarity linter accepts can be committed; fix the errors below.",
                **errors,
            },
            findings,
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
