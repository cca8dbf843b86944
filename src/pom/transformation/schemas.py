"""Request and response shapes of the transformation API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from pom.core.api import Id, IdList, InputSchema
from pom.transformation import readiness
from pom.transformation.models import (
    CLARITY_QUESTIONS,
    COACHING_CAPACITY,
    SCALE,
    Audience,
    BlockerKind,
    BlockerStatus,
    ObjectionKind,
    ObjectionStatus,
    WaveStatus,
)

# --- Readiness ----------------------------------------------------------------------------------


class AssessmentIn(InputSchema):
    assessed_on: date | None = None
    ceo_belief: int = SCALE.schema(
        description="1 = today's way is fine, 5 = it will not win tomorrow."
    )
    ceo_belief_evidence: str = Field("", max_length=4000)
    pain_missed_targets: bool = False
    pain_margin_pressure: bool = False
    pain_lost_share: bool = False
    pain_evidence: str = Field("", max_length=4000)
    trigger_competition: bool = False
    trigger_tech_spend: bool = False
    trigger_competitors_succeed: bool = False
    sponsor: str = Field("", max_length=150)
    coaching_capacity: int = COACHING_CAPACITY.schema(0)
    notes: str = Field("", max_length=4000)


class GapOut(Schema):
    key: str
    blocking: bool
    finding: str
    do: str


class ReadinessChangeOut(Schema):
    label: str
    before: str
    after: str
    direction: str


class AssessmentOut(Schema):
    id: int
    assessed_on: date
    ceo_belief: int
    ceo_belief_evidence: str
    pain_missed_targets: bool
    pain_margin_pressure: bool
    pain_lost_share: bool
    pain_evidence: str
    trigger_competition: bool
    trigger_tech_spend: bool
    trigger_competitors_succeed: bool
    sponsor: str
    coaching_capacity: int
    notes: str
    verdict: str
    verdict_label: str
    first_step: str
    gaps: list[GapOut]
    advice: list[GapOut]

    @staticmethod
    def resolve_verdict(obj: Any) -> str:
        return str(readiness.assess(obj).verdict)

    @staticmethod
    def resolve_verdict_label(obj: Any) -> str:
        return readiness.assess(obj).label

    @staticmethod
    def resolve_first_step(obj: Any) -> str:
        return readiness.assess(obj).first_step

    @staticmethod
    def resolve_gaps(obj: Any) -> list[Any]:
        return list(readiness.assess(obj).gaps)

    @staticmethod
    def resolve_advice(obj: Any) -> list[Any]:
        return list(readiness.assess(obj).advice)


class AssessmentDetailOut(AssessmentOut):
    previous_id: Id | None = None
    changes: list[ReadinessChangeOut] = []


# --- Pilot selection ----------------------------------------------------------------------------


class CriterionOut(Schema):
    key: str
    label: str
    score: float | None
    meets: bool | None
    explanation: str
    source: str


class CandidateOut(Schema):
    team_id: Id
    team_name: str
    team_slug: str
    rank: int
    score: float
    criteria_met: int
    summary: str
    criteria: list[CriterionOut]
    pilot_choice_id: Id | None


def candidate_out(c: Any) -> dict[str, Any]:
    return {
        "team_id": c.team.pk,
        "team_name": c.team.name,
        "team_slug": c.team.slug,
        "rank": c.rank,
        "score": c.total,
        "criteria_met": c.met,
        "summary": c.summary,
        "criteria": [cr.as_dict() for cr in c.criteria],
        "pilot_choice_id": c.choice.pk if c.choice else None,
    }


class RecommendationOut(Schema):
    teams: int
    size: str
    low: int
    high: int
    recommended: int
    coaching_capacity: int | None
    explanation: str
    pilots: int
    warnings: list[str]


class PilotChoiceOut(Schema):
    id: int
    team_id: Id
    team_name: str
    chosen_on: date
    reason: str
    score: float
    warnings: list[str]
    active: bool
    ended_on: date | None
    end_reason: str

    @staticmethod
    def resolve_team_name(obj: Any) -> str:
        return str(obj.team.name)


class ChooseIn(InputSchema):
    team_id: Id
    reason: str = Field(max_length=2000)


class EndPilotIn(InputSchema):
    reason: str = Field(max_length=2000)
    graduated: bool = False


class HungerIn(InputSchema):
    team_id: Id
    beginners: int = SCALE.schema()
    time_to_learn: int = SCALE.schema()
    feedback: int = SCALE.schema()
    note: str = Field("", max_length=2000)


class HungerOut(Schema):
    id: int
    team_id: Id
    answered_on: date
    beginners: int
    time_to_learn: int
    feedback: int
    note: str


# --- Rollout ------------------------------------------------------------------------------------


class WaveIn(InputSchema):
    name: str = Field(max_length=120)
    starts_on: date
    ends_on: date | None = None
    coach_id: Id | None = None
    team_ids: IdList = Field(default_factory=list, max_length=500)
    status: WaveStatus = WaveStatus.PLANNED
    notes: str = Field("", max_length=4000)


class WavePatch(InputSchema):
    name: str | None = Field(None, max_length=120)
    starts_on: date | None = None
    ends_on: date | None = None
    coach_id: Id | None = None
    team_ids: IdList | None = Field(None, max_length=500)
    status: WaveStatus | None = None
    notes: str | None = Field(None, max_length=4000)


class ReadinessCheckOut(Schema):
    key: str
    label: str
    met: bool | None
    detail: str


class TeamRef(Schema):
    id: int
    name: str
    slug: str


class WaveOut(Schema):
    id: int
    name: str
    starts_on: date
    ends_on: date | None
    coach_id: Id | None
    status: WaveStatus
    notes: str
    teams: list[TeamRef]
    ready: bool
    entry_criteria: list[ReadinessCheckOut]
    warnings: list[str]


def wave_out(row: Any) -> dict[str, Any]:
    w = row.wave
    return {
        "id": w.pk,
        "name": w.name,
        "starts_on": w.starts_on,
        "ends_on": w.ends_on,
        "coach_id": w.coach_id,
        "status": w.status,
        "notes": w.notes,
        "teams": [{"id": t.pk, "name": t.name, "slug": t.slug} for t in w.teams.all()],
        "ready": row.review.ready,
        "entry_criteria": [c.__dict__ for c in row.review.checks],
        "warnings": list(row.review.warnings),
    }


class BlockerIn(InputSchema):
    title: str = Field(max_length=200)
    kind: BlockerKind
    description: str = Field("", max_length=4000)
    found_by_id: Id | None = None
    owner_id: Id | None = None
    status: BlockerStatus = BlockerStatus.OPEN
    resolution: str = Field("", max_length=4000)
    raised_on: date | None = None


class BlockerPatch(InputSchema):
    title: str | None = Field(None, max_length=200)
    kind: BlockerKind | None = None
    description: str | None = Field(None, max_length=4000)
    found_by_id: Id | None = None
    owner_id: Id | None = None
    status: BlockerStatus | None = None
    resolution: str | None = Field(None, max_length=4000)


class BlockerOut(Schema):
    id: int
    title: str
    kind: BlockerKind
    description: str
    found_by_id: Id | None
    owner_id: Id | None
    status: BlockerStatus
    raised_on: date
    resolved_on: date | None
    resolution: str


class ObjectionIn(InputSchema):
    kind: ObjectionKind
    raised_by: str = Field(max_length=150)
    team_id: Id | None = None
    statement: str = Field(max_length=4000)
    response: str = Field("", max_length=4000)
    status: ObjectionStatus = ObjectionStatus.OPEN
    logged_on: date | None = None


class ObjectionPatch(InputSchema):
    kind: ObjectionKind | None = None
    raised_by: str | None = Field(None, max_length=150)
    team_id: Id | None = None
    statement: str | None = Field(None, max_length=4000)
    response: str | None = Field(None, max_length=4000)
    status: ObjectionStatus | None = None


class ObjectionOut(Schema):
    id: int
    kind: ObjectionKind
    from_teams: bool
    raised_by: str
    team_id: Id | None
    statement: str
    response: str
    status: ObjectionStatus
    logged_on: date
    closed_on: date | None


# --- The five signs -----------------------------------------------------------------------------


class MeasureOut(Schema):
    key: str
    label: str
    definition: str
    org: float | None
    pilots: float | None
    rest: float | None
    n: int
    detail: str
    trend: list[tuple[str, float | None]]
    evidence: str
    waits: str


class SignOut(Schema):
    letter: str
    title: str
    measures: list[MeasureOut]


class SignsOut(Schema):
    computed_at: datetime
    pilot_teams: int
    window_days: int
    signs: list[SignOut]


# --- The anti-patterns ---------------------------------------------------------------------------


class PatternHitOut(Schema):
    name: str
    figure: str
    url: str
    pilot: bool


class PatternFindingOut(Schema):
    key: str
    family: str
    title: str
    definition: str
    status: str = Field(description="found, clear or not_enough_data")
    severity: str = Field(description="high, medium or low when found; empty otherwise")
    shows: str = Field(description="What the data shows and why it matters")
    todo: str
    evidence: str = Field(description="Where the evidence is, one click away")
    evidence_label: str
    teams: list[PatternHitOut]


class PatternsOut(Schema):
    computed_at: datetime
    window_days: int
    findings: list[PatternFindingOut]


# --- The clarity pulse --------------------------------------------------------------------------


class PulseIn(InputSchema):
    title: str = Field(max_length=200)
    audience: Audience = Audience.ORGANIZATION
    team_ids: IdList = Field(default_factory=list, max_length=500)
    opens_on: date | None = Field(None, description="Today when not given.")
    closes_on: date


class PulseOut(Schema):
    id: int
    title: str
    audience: str
    team_ids: IdList
    opens_on: date
    closes_on: date
    status: str = Field(description="scheduled, open or closed")
    sent_at: datetime | None
    closed_at: datetime | None
    invited: int
    answered: int
    questions: dict[str, str]

    @staticmethod
    def resolve_team_ids(obj: Any) -> list[int]:
        return [t.pk for t in obj.teams.all()]

    @staticmethod
    def resolve_questions(obj: Any) -> dict[str, str]:
        return CLARITY_QUESTIONS


class PulseGroupOut(Schema):
    label: str
    invited: int
    answers: int
    response_rate: float | None
    alignment: float | None
    fully_aligned: float | None

    @staticmethod
    def resolve_fully_aligned(obj: Any) -> float | None:
        return obj.full_rate  # type: ignore[no-any-return]


class DeclaredOut(Schema):
    kind: str
    title: str
    url: str
    named: int


class UnmatchedOut(Schema):
    text: str
    count: int


class PulseReportOut(Schema):
    pulse: PulseOut
    min_group: int
    shown: bool = Field(description="False until min_group people answered: only counts then.")
    invited: int
    answers: int
    response_rate: float | None
    alignment: float | None
    fully_aligned: float | None
    priorities_named: int
    priorities_matched: int
    by_team: list[PulseGroupOut]
    by_level: list[PulseGroupOut]
    unmatched: list[UnmatchedOut]
    declared: list[DeclaredOut]
    unnamed: list[DeclaredOut]
    contributions: list[str] = Field(description="A sample, without name, team or role.")
    contributions_total: int

    @staticmethod
    def resolve_alignment(obj: Any) -> float | None:
        return obj.overall.alignment if obj.overall else None

    @staticmethod
    def resolve_fully_aligned(obj: Any) -> float | None:
        return obj.overall.full_rate if obj.overall else None


class PulseAnswerIn(InputSchema):
    pulse_id: Id
    token: str = Field(max_length=200, description="The token at the end of the emailed link.")
    priorities: list[str] = Field(max_length=3)
    contribution: str = Field("", max_length=2000)


class PulseAnswerOut(Schema):
    pulse_id: Id
    message: str
