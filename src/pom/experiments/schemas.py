"""Request and response shapes of the experiments API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from pom.core.api import Id, IdList, InputSchema
from pom.experiments.models import (
    CONFIDENCE_LEVEL,
    COUNT,
    EFFECT,
    MEAN,
    PLANNED_USERS,
    PROBABILITY,
    SD,
    SHARE,
    TAU,
    THRESHOLD,
    TREATMENTS,
    AssumptionStatus,
    CriterionDirection,
    CriterionKind,
    MetricKind,
    RiskType,
    TestDecision,
    TestMethod,
    TestResult,
    TestStatus,
)

# --- Assumptions --------------------------------------------------------------------------------


class AssumptionIn(InputSchema):
    solution_id: Id
    statement: str = Field(max_length=500)
    risk_type: RiskType
    importance: int = Field(ge=1, le=5)
    evidence_strength: int = Field(ge=1, le=5)


class AssumptionPatch(InputSchema):
    statement: str | None = Field(None, max_length=500)
    risk_type: RiskType | None = None
    importance: int | None = Field(None, ge=1, le=5)
    evidence_strength: int | None = Field(None, ge=1, le=5)
    status: AssumptionStatus | None = None


class AssumptionOut(Schema):
    id: int
    solution_id: Id
    solution_title: str
    team_id: Id
    statement: str
    risk_type: RiskType
    importance: int
    evidence_strength: int
    status: AssumptionStatus
    risky: bool
    created_at: datetime

    @staticmethod
    def resolve_solution_title(obj: Any) -> str:
        return str(obj.solution.title)

    @staticmethod
    def resolve_team_id(obj: Any) -> int:
        return int(obj.solution.team_id)

    @staticmethod
    def resolve_risky(obj: Any) -> bool:
        return bool(obj.is_risky)


# --- Variants -----------------------------------------------------------------------------------


class VariantIn(InputSchema):
    """One arm; conversions data (users, conversions) or numeric data (n, mean, sd)."""

    name: str = Field(max_length=80)
    planned_share: float | None = SHARE.schema(None)
    users: int | None = COUNT.schema(None)
    conversions: int | None = COUNT.schema(None)
    n: int | None = COUNT.schema(None)
    mean: float | None = MEAN.schema(None)
    sd: float | None = SD.schema(None)


class VariantOut(Schema):
    id: int
    name: str
    position: int
    is_control: bool
    planned_share: float | None
    users: int | None
    conversions: int | None
    n: int | None
    mean: float | None
    sd: float | None


class VariantsIn(InputSchema):
    variants: list[VariantIn] = Field(min_length=2, max_length=10)


class ValuesCsvIn(InputSchema):
    csv: str = Field(max_length=50_000_000, description="Rows of 'variant,value', one per user.")


# --- Tests --------------------------------------------------------------------------------------


class TestFields(InputSchema):
    __test__ = False

    metric_name: str = Field("", max_length=120)
    metric_kind: MetricKind | Literal[""] = ""
    criterion_direction: CriterionDirection = CriterionDirection.INCREASE
    criterion_kind: CriterionKind = CriterionKind.RELATIVE
    criterion_threshold: float = THRESHOLD.schema(0.0)
    criterion_confidence: float = CONFIDENCE_LEVEL.schema(0.95)
    sequential: bool = False
    planned_users: int | None = PLANNED_USERS.schema(None)
    planned_start: date | None = None
    planned_end: date | None = None


class TestIn(TestFields):
    team_id: Id
    title: str = Field(max_length=200)
    method: TestMethod
    hypothesis: str = Field(max_length=5000)
    success_criterion: str = Field(max_length=5000)
    assumption_ids: IdList = []
    variants: list[VariantIn] | None = Field(None, max_length=10)


class TestPatch(InputSchema):
    __test__ = False

    title: str | None = Field(None, max_length=200)
    method: TestMethod | None = None
    hypothesis: str | None = Field(None, max_length=5000)
    success_criterion: str | None = Field(None, max_length=5000)
    assumption_ids: IdList | None = None
    metric_name: str | None = Field(None, max_length=120)
    metric_kind: MetricKind | None = None
    criterion_direction: CriterionDirection | None = None
    criterion_kind: CriterionKind | None = None
    criterion_threshold: float | None = THRESHOLD.schema(None)
    criterion_confidence: float | None = CONFIDENCE_LEVEL.schema(None)
    sequential: bool | None = None
    planned_users: int | None = PLANNED_USERS.schema(None)
    planned_start: date | None = None
    planned_end: date | None = None
    rationale: str | None = Field(None, max_length=20_000)
    learnings: str | None = Field(None, max_length=20_000)


class ConcludeIn(InputSchema):
    result: TestResult
    decision: TestDecision
    rationale: str = Field(max_length=20_000)
    learnings: str = Field("", max_length=20_000)
    decided_on: date | None = None


class TestOut(Schema):
    __test__ = False

    id: int
    team_id: Id
    title: str
    method: TestMethod
    hypothesis: str
    success_criterion: str
    criterion_locked: bool
    metric_name: str
    metric_kind: str
    criterion_direction: CriterionDirection
    criterion_kind: CriterionKind
    criterion_threshold: float
    criterion_confidence: float
    sequential: bool
    planned_users: int | None
    planned_start: date | None
    planned_end: date | None
    status: TestStatus
    started_at: datetime | None
    concluded_at: datetime | None
    result: str
    decision: str
    rationale: str
    learnings: str
    decision_record_id: Id | None
    assumption_ids: IdList
    variants: list[VariantOut]
    created_at: datetime

    @staticmethod
    def resolve_assumption_ids(obj: Any) -> list[int]:
        return [a.pk for a in obj.assumptions.all()]

    @staticmethod
    def resolve_variants(obj: Any) -> list[Any]:
        return list(obj.variants.all())


# --- Stateless analysis -------------------------------------------------------------------------


class BinaryArmIn(InputSchema):
    name: str = Field(min_length=1, max_length=80)
    users: int
    conversions: int
    planned_share: float | None = None


class ContinuousArmIn(InputSchema):
    name: str = Field(min_length=1, max_length=80)
    n: int
    mean: float
    sd: float
    planned_share: float | None = None


class CriterionIn(InputSchema):
    direction: CriterionDirection = CriterionDirection.INCREASE
    kind: CriterionKind = CriterionKind.RELATIVE
    threshold: float = THRESHOLD.schema(0.0)
    confidence: float = CONFIDENCE_LEVEL.schema(0.95)


class AnalyzeIn(InputSchema):
    """Variant data (the control first) and the success criterion; nothing is stored."""

    metric: MetricKind
    variants: list[dict[str, Any]] = Field(
        min_length=0,
        max_length=50,
        description="Conversions: {name, users, conversions, planned_share?}; "
        "numeric: {name, n, mean, sd, planned_share?}. The first is the control.",
    )
    criterion: CriterionIn = CriterionIn()
    sequential: bool = False
    sequential_tau: float | None = TAU.schema(None)
    planned_users: int | None = PLANNED_USERS.schema(None)


class IntervalOut(Schema):
    low: float
    high: float


class ArmOut(Schema):
    name: str
    n: int
    estimate: float
    conversions: int | None
    sd: float | None


class SequentialOut(Schema):
    p_value: float
    absolute_cs: IntervalOut
    relative_cs: IntervalOut | None
    tau: float


class ComparisonOut(Schema):
    variant: str
    absolute_lift: float
    absolute_ci: IntervalOut
    relative_lift: float | None
    relative_ci: IntervalOut | None
    statistic: float
    p_value: float
    p_value_adjusted: float
    degrees_of_freedom: float | None
    interval_confidence: float
    chance_to_beat_control: float
    chance_to_be_best: float
    expected_loss_choosing_variant: float
    expected_loss_keeping_control: float
    sequential: SequentialOut | None
    verdict: str
    decision_interval: IntervalOut | None


class SrmOut(Schema):
    statistic: float
    degrees_of_freedom: int
    p_value: float
    mismatch: bool
    observed_shares: list[float]
    planned_shares: list[float]


class AnalysisOut(Schema):
    metric: str
    control: str
    criterion_text: str
    alpha: float
    sequential: bool
    correction: str
    arms: list[ArmOut]
    comparisons: list[ComparisonOut]
    chance_to_be_best: dict[str, float]
    srm: SrmOut
    verdict: str
    verdict_reason: str
    best_variant: str | None
    trustworthy: bool
    warnings: list[str]
    summary: str
    caveats: str


class SampleSizeIn(InputSchema):
    metric: MetricKind
    baseline: float = MEAN.schema(description="Control conversion rate (0–1) or mean.")
    mde: float = EFFECT.schema(
        description="Minimum detectable effect: relative (0.05 = 5 %) or absolute."
    )
    relative: bool = True
    sd: float | None = SD.schema(None, description="Standard deviation (numeric metrics only).")
    alpha: float = PROBABILITY.schema(0.05)
    power: float = PROBABILITY.schema(0.8)
    treatments: int = TREATMENTS.schema(1)
    treatment_ratio: float = SHARE.schema(1.0)
    daily_users: int | None = PLANNED_USERS.schema(None)


class SampleSizeOut(Schema):
    metric: str
    baseline: float
    sd: float | None
    mde_absolute: float
    mde_relative: float | None
    alpha: float
    comparison_alpha: float
    power: float
    treatments: int
    treatment_ratio: float
    control_users: int
    treatment_users: int
    total_users: int
    days: int | None
