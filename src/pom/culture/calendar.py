"""The ritual calendar: when each team last held its demo, outcome check-in and retrospective,
when the next one is due by the team's cadence, and which are overdue — and the same for the
organization's portfolio review.

Nothing here is typed in twice: the last time a ritual was held is read from what pom already
holds — the team's held demos, the check-ins on the outcomes it owns, the held portfolio reviews
— and, for retrospectives, of which pom has no record of its own, the retros the team logged.
Every read takes a fixed number of aggregate queries (one per kind of ritual), however many teams.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, overload

from django.db.models import Max, QuerySet
from django.utils import timezone

from pom.culture.models import (
    TEAM_RITUALS,
    Demo,
    DemoStatus,
    PortfolioReview,
    RitualCadence,
    RitualKind,
    RitualLog,
)
from pom.strategy.models import Outcome
from pom.teams.models import Team
from pom.teams.queries import active_teams

# What a ritual's "held" means, in the words the calendar shows.
SOURCES = {
    RitualKind.DEMO: "the team's last held demo",
    RitualKind.CHECK_IN: "the last check-in on an outcome the team owns",
    RitualKind.RETRO: "the last retrospective the team logged",
    RitualKind.REVIEW: "the last held portfolio review",
}


def next_due(cadence: RitualCadence, last_held: date | None) -> date:
    """``every_weeks`` after the last time it was held, never before the cadence's first day."""
    if last_held is None:
        return cadence.starts_on
    return max(last_held + timedelta(weeks=cadence.every_weeks), cadence.starts_on)


@dataclass(frozen=True)
class Ritual:
    """One ritual of one team (or of the organization): its cadence, last held, next due."""

    kind: str
    team: Team | None
    cadence: RitualCadence | None
    last_held: date | None
    today: date

    @property
    def label(self) -> str:
        return str(RitualKind(self.kind).label)

    @property
    def source(self) -> str:
        return SOURCES[RitualKind(self.kind)]

    @property
    def next_due(self) -> date | None:
        return next_due(self.cadence, self.last_held) if self.cadence else None

    @property
    def overdue(self) -> bool:
        due = self.next_due
        return due is not None and due < self.today

    @property
    def days_overdue(self) -> int:
        due = self.next_due
        return (self.today - due).days if due is not None and due < self.today else 0

    @property
    def due_in(self) -> int | None:
        """Days until the next one is due (0 today, negative when overdue)."""
        due = self.next_due
        return None if due is None else (due - self.today).days

    @property
    def status(self) -> str:
        if self.cadence is None:
            return "untracked"
        return "overdue" if self.overdue else "due_today" if self.due_in == 0 else "scheduled"


@dataclass(frozen=True)
class TeamRituals:
    """A team's row of the calendar: its demo, check-in and retro."""

    team: Team
    rituals: list[Ritual] = field(default_factory=list)

    @property
    def overdue(self) -> list[Ritual]:
        return [r for r in self.rituals if r.overdue]

    @property
    def tracked(self) -> list[Ritual]:
        return [r for r in self.rituals if r.cadence is not None]

    @property
    def next(self) -> Ritual | None:
        """The ritual due soonest (an overdue one first)."""
        dated = [r for r in self.rituals if r.next_due is not None]
        return min(dated, key=lambda r: (r.next_due, r.kind)) if dated else None


def _day(moment: date | datetime | None) -> date | None:
    if isinstance(moment, datetime):
        return timezone.localtime(moment).date()
    return moment


def _latest(
    qs: QuerySet[Any], team_field: str, day_field: str, team_ids: list[int] | None
) -> dict[int, date]:
    """Team id → the latest ``day_field`` among ``qs``'s rows (one grouped query)."""
    if team_ids is not None:
        qs = qs.filter(**{f"{team_field}__in": team_ids})
    rows = qs.values(team_field).annotate(last=Max(day_field)).order_by()
    found: dict[int, date] = {}
    for row in rows:
        day = _day(row["last"])
        if day is not None:
            found[row[team_field]] = day
    return found


def last_held(
    org_id: int, kinds: Iterable[str], team_ids: list[int] | None = None
) -> dict[str, dict[int, date]]:
    """For each kind of team ritual asked for: team id → the last day it was held (one query a kind).

    ``team_ids`` narrows the read to those teams (``None``: every team of the organization).
    """
    kinds = set(kinds)
    found: dict[str, dict[int, date]] = {}
    if RitualKind.DEMO in kinds:
        demos = Demo.objects.for_org(org_id).filter(status=DemoStatus.HELD, held_at__isnull=False)
        found[RitualKind.DEMO] = _latest(demos, "team_id", "held_at", team_ids)
    if RitualKind.CHECK_IN in kinds:
        # Each outcome keeps the day of its latest check-in (``last_check_in_on``, kept by the
        # check-in services): reading the outcomes, not every check-in ever made, is the same day.
        owned = Outcome.objects.for_org(org_id).filter(
            owner_team__isnull=False, last_check_in_on__isnull=False
        )
        found[RitualKind.CHECK_IN] = _latest(owned, "owner_team_id", "last_check_in_on", team_ids)
    if RitualKind.RETRO in kinds:
        logs = RitualLog.objects.for_org(org_id).filter(kind=RitualKind.RETRO)
        found[RitualKind.RETRO] = _latest(logs, "team_id", "held_on", team_ids)
    return found


def last_review(org_id: int) -> date | None:
    held = (
        PortfolioReview.objects.for_org(org_id)
        .filter(status=DemoStatus.HELD)
        .aggregate(last=Max("held_at"))["last"]
    )
    return _day(held)


def _cadences(org_id: int, team_ids: list[int] | None) -> dict[tuple[int, str], RitualCadence]:
    qs = RitualCadence.objects.for_org(org_id).filter(team__isnull=False)
    if team_ids is not None:
        qs = qs.filter(team_id__in=team_ids)
    return {(c.team_id, c.kind): c for c in qs.order_by()}  # type: ignore[misc]


def team_rows(org_id: int, teams: list[Team], today: date) -> list[TeamRituals]:
    """The calendar rows of ``teams``: three queries for the cadences and last-held days, plus one
    for the retros when any team logs them; the same however many teams."""
    ids = [t.pk for t in teams]
    narrowed = ids if len(ids) <= 500 else None  # a long IN list costs more than reading the org
    cadences = _cadences(org_id, narrowed)
    held = last_held(org_id, TEAM_RITUALS, narrowed)
    return [
        TeamRituals(
            team,
            [
                Ritual(kind, team, cadences.get((team.pk, kind)), held[kind].get(team.pk), today)
                for kind in TEAM_RITUALS
            ],
        )
        for team in teams
    ]


def review_ritual(org_id: int, today: date) -> Ritual:
    """The organization's portfolio review: its cadence (if the leaders set one) and last held."""
    cadence = (
        RitualCadence.objects.for_org(org_id)
        .filter(team__isnull=True, kind=RitualKind.REVIEW)
        .first()
    )
    return Ritual(RitualKind.REVIEW, None, cadence, last_review(org_id), today)


def review_overdue(org_id: int, today: date) -> bool:
    """Whether the portfolio review is late by its cadence (one query when it has none)."""
    cadence = (
        RitualCadence.objects.for_org(org_id)
        .filter(team__isnull=True, kind=RitualKind.REVIEW)
        .first()
    )
    return cadence is not None and next_due(cadence, last_review(org_id)) < today


class Calendar(Sequence[TeamRituals]):
    """The calendar's rows, computed a page at a time: a ``Paginator`` (or the API's pagination)
    counts the teams and slices out one page, and only that page's rituals are read."""

    def __init__(self, org_id: int, teams: QuerySet[Team], today: date) -> None:
        self.org_id = org_id
        self.teams = teams
        self.today = today

    def __len__(self) -> int:
        return self.teams.count()

    def __iter__(self) -> Iterator[TeamRituals]:
        return iter(team_rows(self.org_id, list(self.teams), self.today))

    @overload
    def __getitem__(self, index: int) -> TeamRituals: ...
    @overload
    def __getitem__(self, index: slice) -> list[TeamRituals]: ...
    def __getitem__(self, index: int | slice) -> TeamRituals | list[TeamRituals]:
        if isinstance(index, slice):
            return team_rows(self.org_id, list(self.teams[index]), self.today)
        return team_rows(self.org_id, [self.teams[index]], self.today)[0]


def calendar(
    org_id: int,
    today: date,
    *,
    team: int | None = None,
    team_ids: Iterable[int] | None = None,
    overdue: bool = False,
) -> Calendar:
    """The active teams' rows (one team, the teams in ``team_ids``), only the overdue if asked,
    by team name. Nothing is read until a page of them is sliced out (or counted)."""
    qs = active_teams(org_id).only("id", "name", "slug", "organization_id").order_by("name", "id")
    if team:
        qs = qs.filter(pk=team)
    if team_ids is not None:
        qs = qs.filter(pk__in=sorted(team_ids))
    if overdue:
        qs = qs.filter(pk__in=overdue_team_ids(org_id, team_ids, today))
    return Calendar(org_id, qs, today)


def overdue_team_ids(org_id: int, team_ids: Iterable[int] | None, today: date) -> list[int]:
    """The active teams (of ``team_ids``, or all) with at least one overdue ritual.

    One query for the cadences, and one per kind of ritual that has a cadence: none more.
    """
    qs = RitualCadence.objects.for_org(org_id).filter(
        team__isnull=False, team__archived_at__isnull=True
    )
    if team_ids is not None:
        qs = qs.filter(team_id__in=sorted(team_ids))
    cadences = list(qs.order_by())
    if not cadences:
        return []
    held = last_held(org_id, {c.kind for c in cadences})
    late = {
        c.team_id
        for c in cadences
        if next_due(c, held[c.kind].get(c.team_id)) < today  # type: ignore[arg-type]
    }
    return sorted(t for t in late if t is not None)


def overdue_rituals(org_id: int, team_ids: Iterable[int] | None, today: date) -> list[Ritual]:
    """Every overdue team ritual (of ``team_ids``, or all), most overdue first, with its team."""
    qs = (
        RitualCadence.objects.for_org(org_id)
        .filter(team__isnull=False, team__archived_at__isnull=True)
        .select_related("team")
    )
    if team_ids is not None:
        qs = qs.filter(team_id__in=sorted(team_ids))
    cadences = list(qs.order_by())
    if not cadences:
        return []
    held = last_held(org_id, {c.kind for c in cadences})
    rituals = [
        Ritual(c.kind, c.team, c, held[c.kind].get(c.team_id), today)  # type: ignore[arg-type]
        for c in cadences
    ]
    late = [r for r in rituals if r.overdue]
    return sorted(late, key=lambda r: (-r.days_overdue, r.team.name if r.team else "", r.kind))
