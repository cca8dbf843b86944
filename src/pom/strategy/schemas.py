"""Request and response bodies of the strategy API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from pom.core.api import Id, IdList, InputSchema
from pom.strategy.models import CONFIDENCE, HEADCOUNT, METRIC_VALUE, MONEY, PRINCIPLE_POSITION, RANK


class PersonRef(Schema):
    id: int
    name: str


class TeamRef(Schema):
    id: int
    name: str
    slug: str


class LintFindingOut(Schema):
    rule: str
    severity: Literal["error", "warning"]
    field: str
    message: str
    suggestion: str
    subject: str = ""


# --- Vision and bets --------------------------------------------------------------------------


class VisionOut(Schema):
    statement: str
    horizon: str
    updated_at: dt.datetime | None = None


class VisionIn(InputSchema):
    statement: str = Field(min_length=1)
    horizon: str = Field("", max_length=60)


class BetOut(Schema):
    id: int
    title: str
    insight: str
    tradeoffs: str
    rank: int | None
    time_frame: str
    status: str
    owner: PersonRef | None
    created_at: dt.datetime
    updated_at: dt.datetime


class BetIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    insight: str = ""
    tradeoffs: str = ""
    rank: int | None = RANK.schema(None)
    time_frame: str = Field("", max_length=60)
    status: Literal["active", "paused", "concluded", "dropped"] = "active"
    owner_id: Id | None = None
    insert: bool = Field(
        False, description="At a rank already taken: insert here and move the others down."
    )


class BetPatch(InputSchema):
    title: str | None = Field(None, min_length=1, max_length=200)
    insight: str | None = None
    tradeoffs: str | None = None
    rank: int | None = RANK.schema(None)
    time_frame: str | None = Field(None, max_length=60)
    status: Literal["active", "paused", "concluded", "dropped"] | None = None
    owner_id: Id | None = None
    insert: bool = False


class RerankIn(InputSchema):
    order: IdList = Field(description="Ids of every active bet, most important first.")


# --- Cycles -----------------------------------------------------------------------------------


class CycleOut(Schema):
    id: int
    name: str
    start: dt.date
    end: dt.date


class CycleIn(InputSchema):
    name: str = Field(min_length=1, max_length=60)
    start: dt.date
    end: dt.date


class CyclePatch(InputSchema):
    name: str | None = Field(None, min_length=1, max_length=60)
    start: dt.date | None = None
    end: dt.date | None = None


class MixRow(Schema):
    kind: Literal["outcome", "team", "project"]
    amount: float
    headcount: float
    amount_share: float
    headcount_share: float


class CycleDetailOut(CycleOut):
    funding_mix: list[MixRow]
    findings: list[LintFindingOut]
    commitment_count: int


# --- Outcomes ---------------------------------------------------------------------------------


class Guardrail(InputSchema):
    metric: str = Field(min_length=1, max_length=160)
    comparison: Literal["at_most", "at_least"] = "at_most"
    limit: float = METRIC_VALUE.schema()


Level = Literal["business", "product", "team"]
Direction = Literal["increase", "decrease", "keep_within"]
OutcomeStatus = Literal["draft", "committed", "achieved", "missed", "dropped"]


class OutcomeOut(Schema):
    id: int
    title: str
    description: str
    level: str
    parent_id: Id | None
    bet_id: Id | None
    owner_team: TeamRef | None
    metric_name: str
    metric_unit: str
    current_value: float | None
    segment: str
    direction: str
    baseline_value: float | None
    baseline_date: dt.date | None
    target_value: float | None
    deadline: dt.date | None
    guardrails: list[dict[str, Any]]
    tradeoffs: str
    status: str
    last_check_in_on: dt.date | None
    last_confidence: int | None
    progress: float | None
    created_at: dt.datetime
    updated_at: dt.datetime


class OutcomeDetailOut(OutcomeOut):
    findings: list[LintFindingOut]
    stale: bool


class OutcomeIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    description: str = ""
    level: Level = "team"
    parent_id: Id | None = None
    bet_id: Id | None = None
    owner_team_id: Id | None = None
    metric_name: str = Field("", max_length=160)
    metric_unit: str = Field("", max_length=30)
    current_value: float | None = METRIC_VALUE.schema(None)
    segment: str = Field("", max_length=200)
    direction: Direction = "increase"
    baseline_value: float | None = METRIC_VALUE.schema(None)
    baseline_date: dt.date | None = None
    target_value: float | None = METRIC_VALUE.schema(None)
    deadline: dt.date | None = None
    guardrails: list[Guardrail] = []
    tradeoffs: str = ""
    status: OutcomeStatus = "draft"


class OutcomePatch(InputSchema):
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    level: Level | None = None
    parent_id: Id | None = None
    bet_id: Id | None = None
    owner_team_id: Id | None = None
    metric_name: str | None = Field(None, max_length=160)
    metric_unit: str | None = Field(None, max_length=30)
    current_value: float | None = METRIC_VALUE.schema(None)
    segment: str | None = Field(None, max_length=200)
    direction: Direction | None = None
    baseline_value: float | None = METRIC_VALUE.schema(None)
    baseline_date: dt.date | None = None
    target_value: float | None = METRIC_VALUE.schema(None)
    deadline: dt.date | None = None
    guardrails: list[Guardrail] | None = None
    tradeoffs: str | None = None
    status: OutcomeStatus | None = None


class GuardrailReadingOut(Schema):
    metric: str
    value: float
    comparison: str
    limit: float | None = None
    holds: bool


class CheckInOut(Schema):
    id: int
    outcome_id: Id
    date: dt.date
    value: float
    confidence: int
    status: str
    guardrail_readings: list[GuardrailReadingOut] = []
    commentary: str
    blockers: str
    author: str | None = None
    created_at: dt.datetime
    findings: list[LintFindingOut] = []

    @staticmethod
    def resolve_author(obj: Any) -> str | None:
        return obj.author.email if obj.author_id and obj.author else None

    @staticmethod
    def resolve_findings(obj: Any) -> list[dict[str, str]]:
        """A warning when the commentary reports work done and not what changed."""
        return [f.as_dict() for f in obj.commentary_findings]


class CheckInIn(InputSchema):
    date: dt.date | None = None
    value: float = METRIC_VALUE.schema()
    confidence: int = CONFIDENCE.schema()
    status: str | None = Field(
        None, description="on_track, at_risk or off_track; without it, read from the confidence"
    )
    guardrails: dict[str, float | None] | None = Field(
        None, description="Each guardrail's reading now, by its metric name"
    )
    commentary: str = ""
    blockers: str = ""


class CommitmentOut(Schema):
    id: int
    outcome_id: Id
    team: TeamRef
    cycle_id: Id
    note: str


class CommitmentIn(InputSchema):
    outcome_id: Id
    team_id: Id
    cycle_id: Id
    note: str = Field("", max_length=300)


# --- Projects and funding ---------------------------------------------------------------------


class ProjectOut(Schema):
    id: int
    name: str
    scope: str
    start: dt.date
    end: dt.date
    budget: float | None
    reason: str
    sponsor: PersonRef | None


class ProjectIn(InputSchema):
    name: str = Field(min_length=1, max_length=200)
    scope: str = ""
    start: dt.date
    end: dt.date
    budget: Decimal | None = MONEY.schema(None)
    reason: Literal["regulatory", "compliance", "migration", "other"]
    sponsor_id: Id | None = None


class ProjectPatch(InputSchema):
    name: str | None = Field(None, min_length=1, max_length=200)
    scope: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    budget: Decimal | None = MONEY.schema(None)
    reason: Literal["regulatory", "compliance", "migration", "other"] | None = None
    sponsor_id: Id | None = None


class FundingOut(Schema):
    id: int
    cycle_id: Id
    kind: str
    team_id: Id | None
    outcome_id: Id | None
    project_id: Id | None
    headcount: float | None
    amount: float | None
    rationale: str


class FundingIn(InputSchema):
    cycle_id: Id
    team_id: Id | None = None
    outcome_id: Id | None = None
    project_id: Id | None = None
    headcount: Decimal | None = HEADCOUNT.schema(None)
    amount: Decimal | None = MONEY.schema(None)
    rationale: str = ""


class FundingPatch(InputSchema):
    headcount: Decimal | None = HEADCOUNT.schema(None)
    amount: Decimal | None = MONEY.schema(None)
    rationale: str | None = None


# --- Comments, lint, map ----------------------------------------------------------------------


class StrategyCommentOut(Schema):
    id: int
    body: str
    author: str | None = None
    created_at: dt.datetime
    findings: list[LintFindingOut] = []

    @staticmethod
    def resolve_author(obj: Any) -> str | None:
        return obj.author.email if obj.author_id and obj.author else None

    @staticmethod
    def resolve_findings(obj: Any) -> list[dict[str, str]]:
        """A warning when the commentary reports work done and not what changed."""
        return [f.as_dict() for f in obj.commentary_findings]


class StrategyCommentIn(InputSchema):
    body: str = Field(min_length=1, max_length=5000)


class OutcomeDraftIn(InputSchema):
    title: str = ""
    description: str = ""
    level: Level = "team"
    metric_name: str = ""
    metric_unit: str = ""
    segment: str = ""
    direction: str = ""
    baseline_value: float | None = METRIC_VALUE.schema(None)
    baseline_date: dt.date | None = None
    target_value: float | None = METRIC_VALUE.schema(None)
    deadline: dt.date | None = None
    guardrails: list[dict[str, Any]] = []
    tradeoffs: str = ""
    owner_team_id: Id | None = None
    status: str = "draft"


class BetDraftIn(InputSchema):
    title: str = ""
    insight: str = ""
    tradeoffs: str = ""
    rank: int | None = RANK.schema(None)
    status: str = "active"


class LintIn(InputSchema):
    outcome: OutcomeDraftIn | None = None
    bet: BetDraftIn | None = None
    cycle_id: Id | None = Field(
        None, description="Check the outcome's deadline against this cycle."
    )


class LintOut(Schema):
    findings: list[LintFindingOut]
    errors: int
    warnings: int
    summary: str


class MapTeam(Schema):
    id: int
    name: str
    slug: str


class MapNodeOut(Schema):
    id: int
    title: str
    level: str
    status: str
    owner_team: MapTeam | None
    progress: float | None
    confidence: int | None
    stale: bool
    folded_children: int
    children: list[MapNodeOut]


class MapBetRef(Schema):
    id: int
    title: str
    rank: int | None
    tradeoffs: str


class MapBetOut(Schema):
    bet: MapBetRef | None
    outcomes: list[MapNodeOut]


class MapOut(Schema):
    vision: VisionOut | None
    bets: list[MapBetOut]
    total_outcomes: int
    folded: bool


class StrategyImportIn(InputSchema):
    yaml: str = Field(description="A strategy YAML document, as `pom export strategy` writes it.")
    allow_warnings: bool = False
    dry_run: bool = False
    replace: bool = Field(
        False, description="Swap the organization's current strategy for the document's."
    )


class StrategyImportOut(Schema):
    created: dict[str, int]
    findings: list[LintFindingOut]
    dry_run: bool


MapNodeOut.model_rebuild()


# --- Product principles -------------------------------------------------------------------------


class PrincipleOut(Schema):
    id: int
    text: str
    rationale: str
    position: int
    invoked: int = Field(0, description="How many decisions cite it.")


class PrincipleIn(InputSchema):
    text: str = Field(max_length=300)
    rationale: str = Field("", max_length=5_000)
    position: int | None = PRINCIPLE_POSITION.schema(None, description="1 = first; default: last.")


class PrinciplePatch(InputSchema):
    text: str | None = Field(None, max_length=300)
    rationale: str | None = Field(None, max_length=5_000)
    position: int | None = PRINCIPLE_POSITION.schema(None)


class PrincipleOrderIn(InputSchema):
    order: IdList = Field(description="Ids of every principle, first one first.", max_length=1000)
