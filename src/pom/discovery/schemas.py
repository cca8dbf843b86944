"""Request and response shapes of the discovery API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from pom.core.api import InputSchema
from pom.discovery.models import (
    DecisionKind,
    InputKind,
    InsightKind,
    Origin,
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
    team_id: int
    touchpoint_id: int | None
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
    team_id: int
    happened_on: date
    kind: TouchpointKind = TouchpointKind.INTERVIEW
    customer_name: str = Field("", max_length=200)
    company: str = Field("", max_length=200)
    segment: str = Field("", max_length=120)
    attendee_ids: list[int] = []
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
    attendee_ids: list[int] | None = None
    summary: str | None = Field(None, max_length=500)
    notes: str | None = None
    recording_url: str | None = Field(None, max_length=500)


class InsightIn(InputSchema):
    text: str = Field(max_length=10_000)
    team_id: int | None = None
    touchpoint_id: int | None = None
    kind: InsightKind = InsightKind.QUOTE
    tags: list[str] = []
    source: str = Field("", max_length=200)
    customer: str = Field("", max_length=200)
    company: str = Field("", max_length=200)
    observed_on: date | None = None
    external_id: str = Field("", max_length=200)
    opportunity_id: int | None = None


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

    team_id: int
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
    outcome_id: int
    team_id: int
    parent_id: int | None
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
    outcome_id: int | None = None
    team_id: int | None = None
    parent_id: int | None = None
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
    parent_id: int | None = Field(
        None, description="The new parent opportunity; null for the top of the tree."
    )
    position: int | None = Field(None, ge=0)


class TreeNodeOut(Schema):
    kind: str
    id: int
    title: str
    parent_id: int | None = None
    team_id: int | None = None
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
    children: list[TreeNodeOut] = []


class TreeOut(Schema):
    outcome: TitleRef
    nodes: int
    tree: TreeNodeOut


class SolutionOut(Schema):
    id: int
    team_id: int
    opportunity_id: int | None
    title: str
    description: str
    status: SolutionStatus
    origin: Origin
    stakeholder_input_id: int | None
    created_at: datetime
    updated_at: datetime


class SolutionIn(InputSchema):
    title: str = Field(max_length=200)
    opportunity_id: int | None = None
    team_id: int | None = None
    description: str = ""
    status: SolutionStatus = SolutionStatus.IDEA
    origin: Origin = Origin.TEAM
    stakeholder_input_id: int | None = None


class SolutionPatch(InputSchema):
    title: str | None = Field(None, max_length=200)
    description: str | None = None
    status: SolutionStatus | None = None
    origin: Origin | None = None


class SolutionMoveIn(InputSchema):
    opportunity_id: int | None = None


class CommentIn(InputSchema):
    text: str = Field(max_length=5_000)
    opportunity_id: int | None = None
    solution_id: int | None = None


class CommentOut(Schema):
    id: int
    opportunity_id: int | None
    solution_id: int | None
    text: str
    created_at: datetime


# --- Stakeholder input and decisions ------------------------------------------------------------


class InputOut(Schema):
    id: int
    kind: InputKind
    text: str
    requested_solution: str
    team_id: int | None
    from_person_id: int | None
    outcome_id: int | None
    opportunity_id: int | None
    triage: str
    decline_reason: str
    duplicate_of_id: int | None
    names_solution: bool
    triaged_at: datetime | None
    created_at: datetime


class InputIn(InputSchema):
    kind: InputKind
    text: str = Field(max_length=10_000)
    team_id: int | None = None
    outcome_id: int | None = None
    opportunity_id: int | None = None
    requested_solution: str = Field("", max_length=300)
    from_person_id: int | None = None


class TriageIn(InputSchema):
    action: str = Field(description="link, route, decline, duplicate or reopen")
    opportunity_id: int | None = None
    outcome_id: int | None = None
    reason: str = ""
    duplicate_of_id: int | None = None


class DecisionOut(Schema):
    id: int
    title: str
    kind: DecisionKind
    decided_by: str
    decided_by_person_id: int | None
    rationale: str
    decided_on: date
    reversible: bool
    team_id: int | None
    outcome_id: int | None
    opportunity_id: int | None
    solution_id: int | None
    stakeholder_input_id: int | None
    subject_type: str | None
    subject_id: int | None
    recorded_by: str | None
    created_at: datetime

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
    decided_by_person_id: int | None = None
    rationale: str = ""
    decided_on: date | None = None
    reversible: bool = True
    team_id: int | None = None
    outcome_id: int | None = None
    opportunity_id: int | None = None
    solution_id: int | None = None
    stakeholder_input_id: int | None = None


# --- Import and figures -------------------------------------------------------------------------


class ImportIn(InputSchema):
    team_id: int
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


class CadenceOut(Schema):
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
