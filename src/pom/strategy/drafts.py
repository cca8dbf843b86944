"""What the clarity linter reads and says, without the rules: severities, directions, the drafts
of outcomes and bets as someone wrote them, the findings, and drafts built from plain data (API,
YAML, CSV). Pure Python, no Django; ``pom.strategy.clarity`` re-exports every name."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

ERROR = "error"
WARNING = "warning"

INCREASE = "increase"
DECREASE = "decrease"
KEEP_WITHIN = "keep_within"
DIRECTIONS = (INCREASE, DECREASE, KEEP_WITHIN)

# Statuses where an outcome is still a promise about the future.
OPEN_STATUSES = ("draft", "committed")
ACTIVE_BET_STATUSES = ("active",)


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: str
    field: str
    message: str
    suggestion: str
    subject: str = ""  # which outcome or bet, when linting many at once

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def as_dict(self) -> dict[str, str]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "field": self.field,
            "message": self.message,
            "suggestion": self.suggestion,
            "subject": self.subject,
        }


@dataclass(frozen=True, slots=True)
class Guardrail:
    """Another metric that must hold while the outcome moves: ``metric`` ``comparison`` ``limit``."""

    metric: str = ""
    comparison: str = "at_most"  # "at_most" or "at_least"
    limit: float | None = None


@dataclass(slots=True)
class OutcomeDraft:
    """An outcome definition as someone wrote it, complete or not."""

    title: str = ""
    description: str = ""
    level: str = "team"  # business / product / team
    metric: str = ""
    unit: str = ""
    segment: str = ""
    direction: str = ""
    baseline_value: float | None = None
    baseline_date: date | None = None
    target_value: float | None = None
    deadline: date | None = None
    guardrails: Sequence[Guardrail] = ()
    tradeoffs: str = ""
    owner_team: str = ""
    status: str = "draft"
    key: str = ""  # a stable name for portfolio rules (id, slug or YAML key)
    parent: str = ""
    bet: str = ""


@dataclass(slots=True)
class BetDraft:
    """A strategic bet as someone wrote it."""

    title: str = ""
    insight: str = ""
    tradeoffs: str = ""
    rank: int | None = None
    status: str = "active"
    key: str = ""


@dataclass(frozen=True, slots=True)
class Window:
    """A planning cycle's dates, when the outcome is linted for one."""

    start: date
    end: date
    name: str = ""


@dataclass(frozen=True, slots=True)
class Commitment:
    team: str
    outcome: str
    cycle: str = ""


@dataclass(frozen=True, slots=True)
class Limits:
    max_active_bets: int = 3
    max_outcomes_per_team: int = 3
    max_teams_per_outcome: int = 2


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _float(value: Any) -> float | None:
    if value in (None, ""):
        return None
    return float(value)


def outcome_from_mapping(data: Mapping[str, Any]) -> OutcomeDraft:
    """An ``OutcomeDraft`` from the keys the API and YAML use; raises ``ValueError`` on bad values."""
    guardrails = tuple(
        Guardrail(
            metric=str(g.get("metric") or ""),
            comparison=str(g.get("comparison") or "at_most"),
            limit=_float(g.get("limit")),
        )
        for g in (data.get("guardrails") or ())
    )
    return OutcomeDraft(
        title=str(data.get("title") or ""),
        description=str(data.get("description") or ""),
        level=str(data.get("level") or "team"),
        metric=str(data.get("metric") or data.get("metric_name") or ""),
        unit=str(data.get("unit") or data.get("metric_unit") or ""),
        segment=str(data.get("segment") or ""),
        direction=str(data.get("direction") or ""),
        baseline_value=_float(data.get("baseline_value")),
        baseline_date=_date(data.get("baseline_date")),
        target_value=_float(data.get("target_value")),
        deadline=_date(data.get("deadline")),
        guardrails=guardrails,
        tradeoffs=str(data.get("tradeoffs") or ""),
        owner_team=str(data.get("owner_team") or ""),
        status=str(data.get("status") or "draft"),
        key=str(data.get("key") or ""),
        parent=str(data.get("parent") or ""),
        bet=str(data.get("bet") or ""),
    )


def bet_from_mapping(data: Mapping[str, Any]) -> BetDraft:
    rank = data.get("rank")
    return BetDraft(
        title=str(data.get("title") or ""),
        insight=str(data.get("insight") or ""),
        tradeoffs=str(data.get("tradeoffs") or ""),
        rank=int(rank) if rank not in (None, "") else None,
        status=str(data.get("status") or "active"),
        key=str(data.get("key") or ""),
    )


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == ERROR]


def summary(findings: Sequence[Finding]) -> str:
    n_err = sum(1 for f in findings if f.severity == ERROR)
    n_warn = len(findings) - n_err
    if not findings:
        return "Clear: no findings."
    return f"{n_err} error{'s' if n_err != 1 else ''}, {n_warn} warning{'s' if n_warn != 1 else ''}"
