"""Request and response shapes of the culture API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from pom.core.api import InputSchema
from pom.culture.models import DemoStatus, LearningSource
from pom.culture.services import NARRATIVE_LIMIT


class DemoIn(InputSchema):
    team_id: int
    title: str = Field("", max_length=200)
    period_start: date | None = None
    period_end: date | None = None
    narrative: str = Field("", max_length=NARRATIVE_LIMIT)


class DemoPatch(InputSchema):
    title: str | None = Field(None, max_length=200)
    period_start: date | None = None
    period_end: date | None = None
    narrative: str | None = Field(None, max_length=NARRATIVE_LIMIT)


class DemoOut(Schema):
    id: int
    team_id: int
    team_name: str
    title: str
    period_start: date
    period_end: date
    status: DemoStatus
    held_at: datetime | None
    url: str

    @staticmethod
    def resolve_team_name(obj: Any) -> str:
        return str(obj.team.name)

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return str(obj.get_absolute_url())


class DemoDetailOut(DemoOut):
    narrative: str
    content: dict[str, Any] = Field(
        description="The compiled demo: live while being prepared, the frozen snapshot once held."
    )
    markdown: str


class ReviewIn(InputSchema):
    title: str = Field("", max_length=200)
    notes: str = Field("", max_length=NARRATIVE_LIMIT)


class ReviewPatch(InputSchema):
    title: str | None = Field(None, max_length=200)
    notes: str | None = Field(None, max_length=NARRATIVE_LIMIT)


class ReviewOut(Schema):
    id: int
    title: str
    status: DemoStatus
    previous_id: int | None
    created_at: datetime
    held_at: datetime | None
    url: str

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return str(obj.get_absolute_url())


class ReviewDetailOut(ReviewOut):
    notes: str
    content: dict[str, Any] = Field(
        description="The compiled review: bets, conversations, changes since the previous review "
        "and the state of every open outcome (live until held, then the frozen snapshot)."
    )
    markdown: str


class LearningIn(InputSchema):
    title: str = Field(max_length=200)
    lesson: str = Field(max_length=20_000)
    what_happened: str = Field("", max_length=20_000)
    source: LearningSource = LearningSource.OTHER
    team_id: int | None = None
    test_id: int | None = None
    release_id: int | None = None
    outcome_id: int | None = None
    tags: list[str] = []
    learned_on: date | None = None


class LearningPatch(InputSchema):
    title: str | None = Field(None, max_length=200)
    lesson: str | None = Field(None, max_length=20_000)
    what_happened: str | None = Field(None, max_length=20_000)
    source: LearningSource | None = None
    team_id: int | None = None
    test_id: int | None = None
    release_id: int | None = None
    outcome_id: int | None = None
    tags: list[str] | None = None
    learned_on: date | None = None


class LearningOut(Schema):
    id: int
    title: str
    what_happened: str
    lesson: str
    source: LearningSource
    team_id: int | None
    test_id: int | None
    release_id: int | None
    outcome_id: int | None
    tags: list[str]
    learned_on: date

    @staticmethod
    def resolve_tags(obj: Any) -> list[str]:
        return list(obj.tag_list)
