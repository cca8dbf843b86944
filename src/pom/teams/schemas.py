"""Request and response bodies of the teams API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from pom.core.api import Id, InputSchema
from pom.teams.models import (
    ALLOCATION,
    TEAM_SIZE_LIMIT,
    LifecycleStage,
    OperatingMode,
    PilotStatus,
    TeamRole,
    Topology,
)

# --- People -----------------------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    name: str
    email: str
    title: str
    user_id: Id | None
    created_at: datetime


class PersonIn(InputSchema):
    name: str = Field(max_length=150)
    email: str = Field(max_length=254)
    title: str = Field("", max_length=150)
    user_id: Id | None = None


class PersonPatch(InputSchema):
    name: str | None = Field(None, max_length=150)
    email: str | None = Field(None, max_length=254)
    title: str | None = Field(None, max_length=150)
    user_id: Id | None = None


# --- Product areas ----------------------------------------------------------------------------


class AreaOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    leader_id: Id | None


class AreaIn(InputSchema):
    name: str = Field(max_length=120)
    slug: str = Field("", max_length=80)
    description: str = ""
    leader_id: Id | None = None


class AreaPatch(InputSchema):
    name: str | None = Field(None, max_length=120)
    slug: str | None = Field(None, max_length=80)
    description: str | None = None
    leader_id: Id | None = None


# --- Teams ------------------------------------------------------------------------------------


class TeamFiguresOut(Schema):
    size: int
    size_limit: int
    oversized: bool
    trio_complete: bool
    missing_trio: list[TeamRole]
    has_coach: bool
    age_days: int | None
    familiar: bool
    project_mode: bool
    overallocated_people: list[str]


class MemberOut(Schema):
    id: int
    team_id: Id
    person_id: Id
    person_name: str
    role: TeamRole
    allocation: int
    since: date | None

    @staticmethod
    def resolve_person_name(obj: Any) -> str:
        return str(obj.person.name)


class TeamOut(Schema):
    id: int
    name: str
    slug: str
    mission: str
    product_area_id: Id | None
    topology: Topology
    lifecycle_stage: LifecycleStage
    operating_mode: OperatingMode
    pilot_status: PilotStatus
    coach_id: Id | None
    reliable_customer_access: bool
    formed_on: date | None
    archived_at: datetime | None
    created_at: datetime
    figures: TeamFiguresOut

    @staticmethod
    def resolve_figures(obj: Any) -> dict[str, Any]:
        return dict(obj.figures.as_dict())


class TeamDetailOut(TeamOut):
    members: list[MemberOut]

    @staticmethod
    def resolve_members(obj: Any) -> list[Any]:
        return list(obj.detail_members)


class TeamIn(InputSchema):
    name: str = Field(max_length=120)
    slug: str = Field("", max_length=80)
    mission: str = ""
    product_area_id: Id | None = None
    topology: Topology = Topology.STREAM_ALIGNED
    lifecycle_stage: LifecycleStage = LifecycleStage.INVEST
    operating_mode: OperatingMode = OperatingMode.PRODUCT
    pilot_status: PilotStatus = PilotStatus.NONE
    coach_id: Id | None = None
    reliable_customer_access: bool = False
    formed_on: date | None = None


class TeamPatch(InputSchema):
    name: str | None = Field(None, max_length=120)
    slug: str | None = Field(None, max_length=80)
    mission: str | None = None
    product_area_id: Id | None = None
    topology: Topology | None = None
    lifecycle_stage: LifecycleStage | None = None
    operating_mode: OperatingMode | None = None
    pilot_status: PilotStatus | None = None
    coach_id: Id | None = None
    reliable_customer_access: bool | None = None
    formed_on: date | None = None


class TeamFilterIn(Schema):
    q: str | None = None
    area: str | None = Field(None, description="A product area id, or 'none'.")
    mode: OperatingMode | None = None
    stage: LifecycleStage | None = None
    pilot: PilotStatus | None = None
    topology: Topology | None = None
    gap: Literal["trio", "oversized", "coach", "overallocated", "project"] | None = None
    archived: bool = False


# --- Memberships ------------------------------------------------------------------------------


class MemberIn(InputSchema):
    team_id: Id
    person_id: Id
    role: TeamRole = TeamRole.ENGINEER
    allocation: int = ALLOCATION.schema(100)
    since: date | None = None


class MemberPatch(InputSchema):
    role: TeamRole | None = None
    allocation: int | None = ALLOCATION.schema(None)
    since: date | None = None


# --- Settings, import and export --------------------------------------------------------------


class SettingsOut(Schema):
    team_size_limit: int


class SettingsIn(InputSchema):
    team_size_limit: int = TEAM_SIZE_LIMIT.schema()


class TeamsImportIn(InputSchema):
    kind: Literal["csv", "team_api", "yaml"]
    content: str = Field(max_length=5 * 1024 * 1024)
    apply: bool = Field(False, description="False previews (nothing is written); true applies.")


class ProblemOut(Schema):
    where: str
    field: str
    message: str


class TeamsImportOut(Schema):
    kind: str
    applied: bool
    ok: bool
    problems: list[ProblemOut]
    changes: list[str]
    notes: list[str]
