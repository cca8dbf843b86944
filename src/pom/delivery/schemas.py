"""Request and response shapes of the delivery API."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from pom.core.api import Id, IdList, InputSchema
from pom.core.imports import MAX_DOCUMENT_BYTES
from pom.delivery import queries
from pom.delivery.models import (
    ROLLOUT,
    ChangeKind,
    DeploymentResult,
    Environment,
    IngestSourceKind,
    ReleaseKind,
    Severity,
    Source,
)

# --- Releases -----------------------------------------------------------------------------------


class ReleaseIn(InputSchema):
    team_id: Id
    title: str = Field(max_length=200)
    shipped_at: datetime
    kind: ReleaseKind = ReleaseKind.FEATURE
    notes: str = Field("", max_length=10_000)
    flag_key: str = Field("", max_length=120)
    rollout_percent: int = ROLLOUT.schema(100)
    solution_ids: IdList = Field(default_factory=list, max_length=50)


class ReleasePatch(InputSchema):
    team_id: Id | None = None
    title: str | None = Field(None, max_length=200)
    shipped_at: datetime | None = None
    kind: ReleaseKind | None = None
    notes: str | None = Field(None, max_length=10_000)
    flag_key: str | None = Field(None, max_length=120)
    rollout_percent: int | None = ROLLOUT.schema(None)
    solution_ids: IdList | None = Field(None, max_length=50)


class LinkOut(Schema):
    """One solution the release ships, and what stands above it (ids are null where the chain stops)."""

    solution_id: Id
    solution_title: str
    opportunity_id: Id | None
    opportunity_title: str | None
    outcome_id: Id | None
    outcome_title: str | None
    bet_id: Id | None
    bet_title: str | None


class ReleaseOut(Schema):
    id: int
    team_id: Id
    team_name: str
    title: str
    shipped_at: datetime
    kind: ReleaseKind
    notes: str
    flag_key: str
    rollout_percent: int
    source: Source
    serves_outcome: bool
    solutions: list[LinkOut]
    created_at: datetime

    @staticmethod
    def resolve_team_name(obj: Any) -> str:
        return str(obj.team.name)

    @staticmethod
    def resolve_serves_outcome(obj: Any) -> bool:
        return queries.trace(obj).serves_outcome

    @staticmethod
    def resolve_solutions(obj: Any) -> list[dict[str, Any]]:
        return [
            {
                "solution_id": link.solution.pk,
                "solution_title": link.solution.title,
                "opportunity_id": link.opportunity.pk if link.opportunity else None,
                "opportunity_title": link.opportunity.title if link.opportunity else None,
                "outcome_id": link.outcome.pk if link.outcome else None,
                "outcome_title": link.outcome.title if link.outcome else None,
                "bet_id": link.bet.pk if link.bet else None,
                "bet_title": link.bet.title if link.bet else None,
            }
            for link in queries.trace(obj).links
        ]


# --- Release impact -----------------------------------------------------------------------------


class ImpactOut(Schema):
    """A before/after read: ``status`` is moved, no_change, not_enough_data or cant_tell."""

    status: str
    label: str
    reason: str
    effect: float | None
    lower: float | None
    upper: float | None
    confidence: float
    relative: float | None
    before_periods: int
    after_periods: int
    direction: str
    good: bool | None
    overlapping: list[date]
    method: str

    @staticmethod
    def build(impact: Any) -> dict[str, Any]:
        from pom.delivery.impact import CONFIDENCE

        return {
            "status": impact.status,
            "label": impact.label,
            "reason": impact.reason,
            "effect": impact.effect,
            "lower": impact.lower,
            "upper": impact.upper,
            "confidence": CONFIDENCE,
            "relative": impact.relative,
            "before_periods": impact.before,
            "after_periods": impact.after,
            "direction": impact.direction,
            "good": impact.good,
            "overlapping": impact.overlapping,
            "method": impact.method,
        }


class MetricRefOut(Schema):
    id: int
    name: str
    grain: str
    unit: str


def metric_ref(metric: Any) -> dict[str, Any] | None:
    if metric is None:
        return None
    return {"id": metric.pk, "name": metric.name, "grain": metric.grain, "unit": metric.unit}


class OutcomeImpactOut(Schema):
    outcome_id: Id
    outcome_title: str
    metric: MetricRefOut | None
    impact: ImpactOut


class ExperimentRefOut(Schema):
    id: int
    title: str
    status: str
    result: str
    decision: str


class ReleaseImpactOut(Schema):
    """Whether a release moved each outcome it serves, and the A/B tests covering it (stronger
    evidence, shown beside)."""

    release_id: Id
    outcomes: list[OutcomeImpactOut]
    experiments: list[ExperimentRefOut]

    @staticmethod
    def build(release: Any, impacts: list[Any], experiments: list[Any]) -> dict[str, Any]:
        return {
            "release_id": release.pk,
            "outcomes": [
                {
                    "outcome_id": i.outcome.pk,
                    "outcome_title": i.outcome.title,
                    "metric": metric_ref(i.metric),
                    "impact": ImpactOut.build(i.impact),
                }
                for i in impacts
            ],
            "experiments": [
                {
                    "id": t.pk,
                    "title": t.title,
                    "status": t.status,
                    "result": t.result,
                    "decision": t.decision,
                }
                for t in experiments
            ],
        }


class OutcomeReleaseOut(Schema):
    """A release serving the outcome, and the read of it against the outcome's metric."""

    release: ReleaseOut
    impact: ImpactOut

    @staticmethod
    def resolve_release(obj: Any) -> Any:
        return obj[0]

    @staticmethod
    def resolve_impact(obj: Any) -> dict[str, Any]:
        return ImpactOut.build(obj[1])


# --- Ingest and pipeline records ---------------------------------------------------------------


class IngestSourceIn(InputSchema):
    name: str = Field(max_length=120)
    kind: IngestSourceKind
    team_id: Id | None = None


class IngestSourceOut(Schema):
    id: int
    name: str
    kind: IngestSourceKind
    team_id: Id | None
    last_delivery_at: datetime | None
    created_at: datetime


class SourceCreatedOut(IngestSourceOut):
    """The new source, with the token in its URL and the secret it signs with (shown this once)."""

    token: str
    secret: str


class SecretOut(Schema):
    secret: str


class RepositoryOut(Schema):
    id: int
    name: str
    url: str
    team_id: Id | None


class RepositoryPatch(InputSchema):
    team_id: Id | None


class DeploymentOut(Schema):
    id: int
    team_id: Id | None
    repository: str
    name: str
    environment: Environment
    result: DeploymentResult
    commit_sha: str
    started_at: datetime | None
    finished_at: datetime
    source: Source
    external_id: str
    changes: int

    @staticmethod
    def resolve_changes(obj: Any) -> int:
        return int(getattr(obj, "n_changes", 0))


class DeliveryChangeOut(Schema):
    id: int
    team_id: Id | None
    repository: str
    kind: ChangeKind
    title: str
    first_commit_at: datetime
    opened_at: datetime | None
    merged_at: datetime | None
    additions: int
    deletions: int
    source: Source
    external_id: str


class IncidentOut(Schema):
    id: int
    team_id: Id | None
    deployment_id: Id | None
    title: str
    severity: Severity
    opened_at: datetime
    resolved_at: datetime | None
    source: Source
    external_id: str


# --- Figures ------------------------------------------------------------------------------------


class FrequencyOut(Schema):
    deployments: int
    deployment_days: int
    median_days_per_week: float
    median_days_per_month: float
    band: str | None


class LeadTimeOut(Schema):
    changes: int
    median_seconds: float | None
    coding_seconds: float | None
    review_seconds: float | None
    deploy_seconds: float | None
    band: str | None


class FailureRateOut(Schema):
    deployments: int
    failed: int
    rate: float | None
    band: str | None


class RestoreOut(Schema):
    incidents: int
    median_seconds: float | None
    band: str | None


class BatchOut(Schema):
    deployments: int
    median_changes: float | None
    median_lines: float | None


class ReleaseCadenceOut(Schema):
    releases: int
    per_week: float
    median_days_between: float | None


class DeliveryFiguresOut(Schema):
    """Every delivery figure over one window; ``band`` is elite/high/medium/low, or null with no data."""

    start: date
    end: date
    deployment_frequency: FrequencyOut
    lead_time: LeadTimeOut
    change_failure_rate: FailureRateOut
    time_to_restore: RestoreOut
    batch_size: BatchOut
    release_cadence: ReleaseCadenceOut
    bands_from: str
    estimated: bool = Field(
        description=(
            "True when the medians of durations, lines and days between releases were read from "
            "the daily rollup's log-scale buckets (within ±2.5 %); counts are exact either way."
        )
    )

    @staticmethod
    def build(fig: Any) -> dict[str, Any]:
        return {
            "start": fig.window.start,
            "end": fig.window.end,
            "deployment_frequency": asdict(fig.frequency),
            "lead_time": asdict(fig.lead_time),
            "change_failure_rate": asdict(fig.failure_rate),
            "time_to_restore": asdict(fig.restore),
            "batch_size": asdict(fig.batch),
            "release_cadence": asdict(fig.cadence),
            "bands_from": fig.report,
            "estimated": fig.estimated,
        }


# --- CSV import ---------------------------------------------------------------------------------


class DeliveryImportIn(InputSchema):
    kind: Literal["releases", "incidents"]
    content: str = Field(max_length=MAX_DOCUMENT_BYTES)
    apply: bool = Field(False, description="False previews (nothing is written); true applies.")
