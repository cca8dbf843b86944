"""Request and response shapes of the culture API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from pom.core.api import Id, InputSchema
from pom.culture.models import (
    EVERY_WEEKS,
    Channel,
    DeliveryKind,
    DeliveryStatus,
    DemoStatus,
    LearningSource,
    RitualKind,
    WebhookKind,
)
from pom.culture.services import NARRATIVE_LIMIT


class DemoIn(InputSchema):
    team_id: Id
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
    team_id: Id
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


class PortfolioReviewIn(InputSchema):
    title: str = Field("", max_length=200)
    notes: str = Field("", max_length=NARRATIVE_LIMIT)


class ReviewPatch(InputSchema):
    title: str | None = Field(None, max_length=200)
    notes: str | None = Field(None, max_length=NARRATIVE_LIMIT)


class PortfolioReviewOut(Schema):
    id: int
    title: str
    status: DemoStatus
    previous_id: Id | None
    created_at: datetime
    held_at: datetime | None
    url: str

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return str(obj.get_absolute_url())


class ReviewDetailOut(PortfolioReviewOut):
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
    team_id: Id | None = None
    test_id: Id | None = None
    release_id: Id | None = None
    outcome_id: Id | None = None
    tags: list[str] = []
    learned_on: date | None = None


class LearningPatch(InputSchema):
    title: str | None = Field(None, max_length=200)
    lesson: str | None = Field(None, max_length=20_000)
    what_happened: str | None = Field(None, max_length=20_000)
    source: LearningSource | None = None
    team_id: Id | None = None
    test_id: Id | None = None
    release_id: Id | None = None
    outcome_id: Id | None = None
    tags: list[str] | None = None
    learned_on: date | None = None


class LearningOut(Schema):
    id: int
    title: str
    what_happened: str
    lesson: str
    source: LearningSource
    team_id: Id | None
    test_id: Id | None
    release_id: Id | None
    outcome_id: Id | None
    tags: list[str]
    learned_on: date

    @staticmethod
    def resolve_tags(obj: Any) -> list[str]:
        return list(obj.tag_list)


# --- Ritual calendar ----------------------------------------------------------------------------


class CadenceIn(InputSchema):
    kind: RitualKind
    team_id: Id | None = Field(None, description="Empty for the organization's portfolio review.")
    every_weeks: int = EVERY_WEEKS.schema()
    starts_on: date | None = Field(None, description="First due day if never held (today).")


class CadencePatch(InputSchema):
    every_weeks: int | None = EVERY_WEEKS.schema(None)
    starts_on: date | None = None


class RitualCadenceOut(Schema):
    id: int
    kind: RitualKind
    team_id: Id | None
    every_weeks: int
    starts_on: date


class RitualOut(Schema):
    kind: RitualKind
    label: str
    team_id: Id | None
    cadence_id: Id | None
    every_weeks: int | None
    last_held: date | None = Field(description="Read from pom's records (see `source`).")
    source: str
    next_due: date | None
    overdue: bool
    days_overdue: int

    @staticmethod
    def resolve_team_id(obj: Any) -> int | None:
        return obj.team.pk if obj.team is not None else None

    @staticmethod
    def resolve_cadence_id(obj: Any) -> int | None:
        return obj.cadence.pk if obj.cadence is not None else None

    @staticmethod
    def resolve_every_weeks(obj: Any) -> int | None:
        return obj.cadence.every_weeks if obj.cadence is not None else None


class CalendarRowOut(Schema):
    team_id: Id
    team_name: str
    team_slug: str
    overdue: bool
    rituals: list[RitualOut]

    @staticmethod
    def resolve_team_id(obj: Any) -> int:
        return int(obj.team.pk)

    @staticmethod
    def resolve_team_name(obj: Any) -> str:
        return str(obj.team.name)

    @staticmethod
    def resolve_team_slug(obj: Any) -> str:
        return str(obj.team.slug)

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        return bool(obj.overdue)


class RetroIn(InputSchema):
    team_id: Id
    held_on: date | None = None
    note: str = Field("", max_length=500)


class RetroOut(Schema):
    id: int
    team_id: Id
    held_on: date
    note: str


# --- Notifications ------------------------------------------------------------------------------


class PreferencesOut(Schema):
    digest: bool
    digest_todo: bool
    digest_rituals: bool
    triage_replies: bool


class PreferencesPatch(InputSchema):
    digest: bool | None = None
    digest_todo: bool | None = None
    digest_rituals: bool | None = None
    triage_replies: bool | None = None


class NotificationDeliveryOut(Schema):
    id: int
    channel: Channel
    kind: DeliveryKind
    user_id: Id | None
    recipient: str = Field(description="An email address, or the chat webhook's host.")
    period: date | None
    subject: str
    status: DeliveryStatus
    attempts: int
    last_error: str
    next_attempt_at: datetime | None
    sent_at: datetime | None
    created_at: datetime


class DeliveryDetailOut(NotificationDeliveryOut):
    body: str


class WebhookIn(InputSchema):
    kind: WebhookKind = WebhookKind.SLACK
    url: str | None = Field(
        None, max_length=500, description="https only; omitted or empty keeps the stored one."
    )
    enabled: bool = True


class WebhookOut(Schema):
    configured: bool
    kind: WebhookKind | None
    host: str = Field(description="Where posts go; the address itself is never shown back.")
    enabled: bool
