"""Request and response shapes of the delivery API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from pom.core.api import InputSchema
from pom.delivery import queries
from pom.delivery.models import ROLLOUT, ReleaseKind, Source

# --- Releases -----------------------------------------------------------------------------------


class ReleaseIn(InputSchema):
    team_id: int
    title: str = Field(max_length=200)
    shipped_at: datetime
    kind: ReleaseKind = ReleaseKind.FEATURE
    notes: str = Field("", max_length=10_000)
    flag_key: str = Field("", max_length=120)
    rollout_percent: int = ROLLOUT.schema(100)
    solution_ids: list[int] = Field(default_factory=list, max_length=50)


class ReleasePatch(InputSchema):
    team_id: int | None = None
    title: str | None = Field(None, max_length=200)
    shipped_at: datetime | None = None
    kind: ReleaseKind | None = None
    notes: str | None = Field(None, max_length=10_000)
    flag_key: str | None = Field(None, max_length=120)
    rollout_percent: int | None = ROLLOUT.schema(None)
    solution_ids: list[int] | None = Field(None, max_length=50)


class LinkOut(Schema):
    """One solution the release ships, and what stands above it (ids are null where the chain stops)."""

    solution_id: int
    solution_title: str
    opportunity_id: int | None
    opportunity_title: str | None
    outcome_id: int | None
    outcome_title: str | None
    bet_id: int | None
    bet_title: str | None


class ReleaseOut(Schema):
    id: int
    team_id: int
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
