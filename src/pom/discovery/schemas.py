"""Request and response shapes of the discovery API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from pom.core.api import Id, IdList, InputSchema
from pom.core.validation import today
from pom.discovery.models import (
    POSITION,
    THRESHOLD,
    Comparison,
    DecisionKind,
    DecisionStatus,
    InputKind,
    InsightKind,
    Origin,
    ReviewOutcome,
    SolutionStatus,
    Stage,
    TouchpointKind,
)


class Ref(Schema):
    id: int
    name: str


class TitleRef(Schema):
    id: int
    title: str


# --- Touchpoints and insights -------------------------------------------------------------------


class InsightOut(Schema):
    id: int
    team_id: Id
    touchpoint_id: Id | None
    kind: InsightKind
    text: str
    source: str
    customer: str
    company: str
    tags: list[str] = Field(alias="tag_list")
    observed_on: date
    external_id: str
    created_at: datetime


class TouchpointOut(Schema):
    id: int
    team: Ref
    happened_on: date
    kind: TouchpointKind
    customer_name: str
    company: str
    segment: str
    attendees: list[Ref]
    summary: str
    notes: str
    recording_url: str
    external_id: str
    created_at: datetime

    @staticmethod
    def resolve_attendees(obj: Any) -> list[dict[str, Any]]:
        return [{"id": p.pk, "name": p.name} for p in obj.attendees.all()]


class TouchpointDetail(TouchpointOut):
    insights: list[InsightOut]

    @staticmethod
    def resolve_insights(obj: Any) -> list[Any]:
        return list(obj.insights.all())


class InsightLine(InputSchema):
    text: str = Field(max_length=10_000)
    kind: InsightKind = InsightKind.QUOTE
    tags: list[str] = []
    external_id: str = Field("", max_length=200)


class TouchpointIn(InputSchema):
    team_id: Id
    happened_on: date
    kind: TouchpointKind = TouchpointKind.INTERVIEW
    customer_name: str = Field("", max_length=200)
    company: str = Field("", max_length=200)
    segment: str = Field("", max_length=120)
    attendee_ids: IdList = []
    summary: str = Field("", max_length=500)
    notes: str = ""
    recording_url: str = Field("", max_length=500)
    external_id: str = Field("", max_length=200)
    insights: list[InsightLine] = Field([], max_length=200)


class TouchpointPatch(InputSchema):
    happened_on: date | None = None
    kind: TouchpointKind | None = None
    customer_name: str | None = Field(None, max_length=200)
    company: str | None = Field(None, max_length=200)
    segment: str | None = Field(None, max_length=120)
    attendee_ids: IdList | None = None
    summary: str | None = Field(None, max_length=500)
    notes: str | None = None
    recording_url: str | None = Field(None, max_length=500)


class InsightIn(InputSchema):
    text: str = Field(max_length=10_000)
    team_id: Id | None = None
    touchpoint_id: Id | None = None
    kind: InsightKind = InsightKind.QUOTE
    tags: list[str] = []
    source: str = Field("", max_length=200)
    customer: str = Field("", max_length=200)
    company: str = Field("", max_length=200)
    observed_on: date | None = None
    external_id: str = Field("", max_length=200)
    opportunity_id: Id | None = None


class InsightPatch(InputSchema):
    text: str | None = Field(None, max_length=10_000)
    kind: InsightKind | None = None
    tags: list[str] | None = None
    source: str | None = Field(None, max_length=200)
    customer: str | None = Field(None, max_length=200)
    company: str | None = Field(None, max_length=200)
    observed_on: date | None = None


class EvidenceIn(InputSchema):
    """What a call-recording or support tool pushes: a touchpoint with insights, or loose insights."""

    team_id: Id
    external_id: str = Field(
        max_length=200, description="The id in your tool; pushing it again changes nothing."
    )
    happened_on: date
    kind: TouchpointKind = TouchpointKind.OTHER
    customer_name: str = Field("", max_length=200)
    company: str = Field("", max_length=200)
    summary: str = Field("", max_length=500)
    notes: str = ""
    recording_url: str = Field("", max_length=500)
    insights: list[InsightLine] = Field([], max_length=200)


class EvidenceOut(Schema):
    created: bool
    touchpoint: TouchpointDetail


# --- Tree ---------------------------------------------------------------------------------------


class OpportunityOut(Schema):
    id: int
    outcome_id: Id
    team_id: Id
    parent_id: Id | None
    title: str
    description: str
    stage: Stage
    reach: int | None
    frequency: int | None
    severity: int | None
    size: int | None
    targeted: bool
    position: int
    evidence_count: int = 0
    created_at: datetime
    updated_at: datetime


class OpportunityIn(InputSchema):
    outcome_id: Id | None = None
    team_id: Id | None = None
    parent_id: Id | None = None
    title: str = Field(max_length=200)
    description: str = ""
    stage: Stage = Stage.IDENTIFIED
    reach: int | None = Field(None, ge=1, le=5)
    frequency: int | None = Field(None, ge=1, le=5)
    severity: int | None = Field(None, ge=1, le=5)
    targeted: bool = False


class OpportunityPatch(InputSchema):
    title: str | None = Field(None, max_length=200)
    description: str | None = None
    stage: Stage | None = None
    reach: int | None = Field(None, ge=1, le=5)
    frequency: int | None = Field(None, ge=1, le=5)
    severity: int | None = Field(None, ge=1, le=5)
    targeted: bool | None = None


class MoveIn(InputSchema):
    parent_id: Id | None = Field(
        None, description="The new parent opportunity; null for the top of the tree."
    )
    position: int | None = POSITION.schema(None)


class TreeNodeOut(Schema):
    kind: str
    id: int
    title: str
    parent_id: Id | None = None
    team_id: Id | None = None
    stage: str | None = None
    stage_label: str | None = None
    targeted: bool | None = None
    reach: int | None = None
    frequency: int | None = None
    severity: int | None = None
    size: int | None = None
    evidence_count: int | None = None
    evidence_newest: date | None = None
    evidence_stale: bool | None = None
    evidence_label: str | None = None
    status: str | None = None
    origin: str | None = None
    assumption_count: int | None = Field(
        None, description="Solutions: the assumptions it rests on."
    )
    untested_count: int | None = Field(None, description="Solutions: assumptions not yet tested.")
    solution_id: Id | None = Field(None, description="Tests: the solution it is shown under.")
    status_label: str | None = None
    method_label: str | None = None
    result: str | None = Field(None, description="Tests: supported, refuted or inconclusive.")
    result_label: str | None = None
    decision: str | None = Field(None, description="Tests: persevere, pivot or kill.")
    decision_label: str | None = None
    overdue: bool | None = Field(None, description="Tests: still running after the planned end.")
    planned_end: date | None = None
    assumptions: int | None = Field(
        None, description="Tests: how many of this solution's assumptions it tests."
    )
    url: str | None = Field(None, description="Tests: the test's page.")
    children: list[TreeNodeOut] = []


class TreeOut(Schema):
    outcome: TitleRef
    nodes: int
    tree: TreeNodeOut


class SolutionOut(Schema):
    id: int
    team_id: Id
    opportunity_id: Id | None
    title: str
    description: str
    status: SolutionStatus
    origin: Origin
    stakeholder_input_id: Id | None
    created_at: datetime
    updated_at: datetime


class SolutionIn(InputSchema):
    title: str = Field(max_length=200)
    opportunity_id: Id | None = None
    team_id: Id | None = None
    description: str = ""
    status: SolutionStatus = SolutionStatus.IDEA
    origin: Origin = Origin.TEAM
    stakeholder_input_id: Id | None = None


class SolutionPatch(InputSchema):
    title: str | None = Field(None, max_length=200)
    description: str | None = None
    status: SolutionStatus | None = None
    origin: Origin | None = None


class SolutionMoveIn(InputSchema):
    opportunity_id: Id | None = None


class DiscoveryCommentIn(InputSchema):
    text: str = Field(max_length=5_000)
    opportunity_id: Id | None = None
    solution_id: Id | None = None


class DiscoveryCommentOut(Schema):
    id: int
    opportunity_id: Id | None
    solution_id: Id | None
    text: str
    created_at: datetime


# --- Stakeholder input and decisions ------------------------------------------------------------


class InputOut(Schema):
    id: int
    kind: InputKind
    text: str
    requested_solution: str
    team_id: Id | None
    from_person_id: Id | None
    outcome_id: Id | None
    opportunity_id: Id | None
    triage: str
    decline_reason: str
    duplicate_of_id: Id | None
    names_solution: bool
    triaged_at: datetime | None
    created_at: datetime


class InputIn(InputSchema):
    kind: InputKind
    text: str = Field(max_length=10_000)
    team_id: Id | None = None
    outcome_id: Id | None = None
    opportunity_id: Id | None = None
    requested_solution: str = Field("", max_length=300)
    from_person_id: Id | None = None


class TriageIn(InputSchema):
    action: str = Field(description="link, route, decline, duplicate or reopen")
    opportunity_id: Id | None = None
    outcome_id: Id | None = None
    reason: str = ""
    duplicate_of_id: Id | None = None


class DecisionOut(Schema):
    id: int
    title: str
    kind: DecisionKind
    decided_by: str
    decided_by_person_id: Id | None
    rationale: str
    decided_on: date
    reversible: bool
    team_id: Id | None
    outcome_id: Id | None
    opportunity_id: Id | None
    solution_id: Id | None
    stakeholder_input_id: Id | None
    subject_type: str | None
    subject_id: Id | None
    recorded_by: str | None
    created_at: datetime
    status: DecisionStatus
    superseded_by_id: Id | None
    revisit_on: date | None
    revisit_metric_id: Id | None
    revisit_comparison: str
    revisit_threshold: float | None
    revisit_condition: str = Field(description='In words: "if Activation falls below 30%".')
    due: bool = Field(
        False, description="Due for revisit today: its date came or its condition is met."
    )
    due_reasons: list[str] = []
    principle_ids: IdList = []

    @staticmethod
    def resolve_due(obj: Any) -> bool:
        return bool(obj.revisit(today()).due)

    @staticmethod
    def resolve_due_reasons(obj: Any) -> list[str]:
        return list(obj.revisit(today()).reasons)

    @staticmethod
    def resolve_principle_ids(obj: Any) -> list[int]:
        return [p.pk for p in obj.principles.all()]

    @staticmethod
    def resolve_subject_type(obj: Any) -> str | None:
        return (
            f"{obj.subject_type.app_label}.{obj.subject_type.model}"
            if obj.subject_type_id
            else None
        )

    @staticmethod
    def resolve_recorded_by(obj: Any) -> str | None:
        return obj.recorded_by.email if obj.recorded_by_id else None


class DecisionIn(InputSchema):
    title: str = Field(max_length=300)
    kind: DecisionKind = DecisionKind.TEAM
    decided_by: str = Field("", max_length=200)
    decided_by_person_id: Id | None = None
    rationale: str = ""
    decided_on: date | None = None
    reversible: bool = True
    team_id: Id | None = None
    outcome_id: Id | None = None
    opportunity_id: Id | None = None
    solution_id: Id | None = None
    stakeholder_input_id: Id | None = None
    status: DecisionStatus = Field(
        DecisionStatus.ACCEPTED, description="proposed or accepted (supersede or reverse later)"
    )
    revisit_on: date | None = None
    revisit_metric_id: Id | None = None
    revisit_comparison: Comparison | None = None
    revisit_threshold: float | None = THRESHOLD.schema(None)
    principle_ids: IdList = Field([], max_length=20)


class DecisionPatch(InputSchema):
    """Only the fields given change; ``null`` clears an optional link or the revisit."""

    title: str | None = Field(None, max_length=300)
    decided_by: str | None = Field(None, max_length=200)
    decided_by_person_id: Id | None = None
    rationale: str | None = Field(None, max_length=20_000)
    decided_on: date | None = None
    reversible: bool | None = None
    team_id: Id | None = None
    outcome_id: Id | None = None
    opportunity_id: Id | None = None
    solution_id: Id | None = None
    revisit_on: date | None = None
    revisit_metric_id: Id | None = None
    revisit_comparison: Comparison | None = None
    revisit_threshold: float | None = THRESHOLD.schema(None)
    principle_ids: IdList | None = Field(None, max_length=20)


class DecisionStatusIn(InputSchema):
    status: DecisionStatus
    superseded_by_id: Id | None = Field(None, description="The decision that replaces it.")


class DecisionReviewIn(InputSchema):
    outcome: ReviewOutcome = Field(description="keep, postpone, supersede or reverse")
    note: str = Field("", max_length=5_000)
    next_revisit_on: date | None = Field(None, description="keep (optional) or postpone (required)")
    superseded_by_id: Id | None = None


class DecisionReviewOut(Schema):
    id: int
    decision_id: Id
    outcome: ReviewOutcome
    note: str
    reviewed_on: date
    next_revisit_on: date | None
    superseded_by_id: Id | None
    reviewed_by: str | None

    @staticmethod
    def resolve_reviewed_by(obj: Any) -> str | None:
        return obj.reviewed_by.email if obj.reviewed_by_id else None


# --- Import and figures -------------------------------------------------------------------------


class DiscoveryImportIn(InputSchema):
    team_id: Id
    format: str = Field(
        description="csv (date, customer, company, text, tags) or productboard (JSON or CSV)"
    )
    content: str = Field(description="The file's text.")
    filename: str = Field("", max_length=200)
    kind: TouchpointKind = TouchpointKind.INTERVIEW


class ImportRowOut(Schema):
    line: int
    text: str
    observed_on: date
    customer: str
    company: str
    tags: list[str]
    source: str
    external_id: str


class ImportErrorOut(Schema):
    line: int
    message: str


class ImportPreviewOut(Schema):
    ok: bool
    rows: list[ImportRowOut]
    errors: list[ImportErrorOut]


class ImportResultOut(Schema):
    touchpoints: int
    insights: int


class WeekOut(Schema):
    start: date
    count: int


class TrioSeatOut(Schema):
    role: str
    filled: bool
    attended: int
    total: int


class DiscoveryCadenceOut(Schema):
    team: Ref
    streak: int
    covered: int
    weeks: int
    coverage: float
    last_touchpoint: date | None
    heatmap: list[WeekOut]
    trio: list[TrioSeatOut]
    solutions_without_opportunity: int
    opportunities_without_evidence: int
    opportunities_with_stale_evidence: int
    stakeholder_solution_share: float | None
    leadership_override_share: float | None


TreeNodeOut.model_rebuild()
