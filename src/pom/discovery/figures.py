"""Discovery's derived figures, as pure functions over plain data.

Nothing here touches the database: ``queries.py`` reads the rows (in a fixed number of queries)
and hands dates, ids and counts to these functions, so every rule can be unit-tested on its own
and the same numbers appear on pages, in the API and in other pillars' reports.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

DEFAULT_WEEKS = 12
DEFAULT_VALIDITY_DAYS = 180
TRIO_ROLES = ("product_manager", "product_designer", "tech_lead")


def week_start(day: date) -> date:
    """The Monday of ``day``'s ISO week: the unit the cadence is counted in."""
    return day - timedelta(days=day.weekday())


def habit_alive_since(day: date) -> date:
    """The first day a touchpoint still keeps the weekly habit alive on ``day``: the start of last
    week. A team with nothing since then has lapsed (a streak of zero): nothing this week and
    nothing the whole of last week."""
    return week_start(day) - timedelta(weeks=1)


def share(part: int, whole: int) -> float | None:
    """``part / whole`` as a fraction, or ``None`` when there is nothing to divide (not 0 %)."""
    return part / whole if whole else None


@dataclass(frozen=True)
class WeekCell:
    start: date
    count: int

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)


@dataclass(frozen=True)
class Cadence:
    """How regularly a team talks to customers: the "weekly touchpoints" habit, measured."""

    streak: int  # weeks in a row, up to now, with at least one touchpoint
    covered: int  # of the last ``weeks`` weeks, how many had at least one touchpoint
    weeks: int
    heatmap: tuple[WeekCell, ...]  # oldest first, the current week last
    last_touchpoint: date | None

    @property
    def coverage(self) -> float:
        return self.covered / self.weeks if self.weeks else 0.0

    @property
    def is_weekly(self) -> bool:
        """Talking to customers every week: no gap in the last four finished weeks."""
        return self.streak >= 4


def cadence(touchpoint_dates: Iterable[date], today: date, weeks: int = DEFAULT_WEEKS) -> Cadence:
    """Weekly touchpoint cadence ending with the week that contains ``today``.

    The week in progress extends a streak when it already has a touchpoint and never breaks one
    when it does not yet: on a Monday morning a weekly team is still a weekly team.
    """
    past = [d for d in touchpoint_dates if d <= today]
    per_week = Counter(week_start(d) for d in past)
    this_week = week_start(today)
    heatmap = tuple(
        WeekCell(start, per_week.get(start, 0))
        for start in (this_week - timedelta(weeks=n) for n in range(weeks - 1, -1, -1))
    )
    streak = 0
    cursor = this_week if per_week.get(this_week) else this_week - timedelta(weeks=1)
    while per_week.get(cursor):
        streak += 1
        cursor -= timedelta(weeks=1)
    return Cadence(
        streak=streak,
        covered=sum(1 for cell in heatmap if cell.count),
        weeks=weeks,
        heatmap=heatmap,
        last_touchpoint=max(past, default=None),
    )


@dataclass(frozen=True)
class TrioSeat:
    role: str
    person_ids: frozenset[int]
    attended: int  # touchpoints this seat attended
    total: int  # touchpoints in the period

    @property
    def filled(self) -> bool:
        return bool(self.person_ids)

    @property
    def share(self) -> float | None:
        return share(self.attended, self.total)

    @property
    def attends(self) -> bool:
        return self.attended > 0


def trio_attendance(
    attendees_per_touchpoint: Iterable[Iterable[int]],
    trio: Mapping[str, Iterable[int]],
) -> tuple[TrioSeat, ...]:
    """For the product manager, designer and tech lead: how many of the touchpoints they attended.

    ``trio`` maps each trio role to the person ids holding it (a seat may be shared or empty).
    """
    attendee_sets = [frozenset(a) for a in attendees_per_touchpoint]
    seats = []
    for role in TRIO_ROLES:
        people = frozenset(trio.get(role, ()))
        attended = sum(1 for attendees in attendee_sets if attendees & people)
        seats.append(TrioSeat(role, people, attended, len(attendee_sets)))
    return tuple(seats)


@dataclass(frozen=True)
class Evidence:
    """The evidence behind one opportunity: how much, and how fresh the newest piece is."""

    count: int
    newest: date | None
    age_days: int | None
    stale: bool  # there is evidence, but all of it is older than the validity period
    validity_days: int = DEFAULT_VALIDITY_DAYS

    @property
    def missing(self) -> bool:
        return self.count == 0

    @property
    def label(self) -> str:
        if self.missing:
            return "no evidence"
        noun = "insight" if self.count == 1 else "insights"
        return f"{self.count} {noun}, stale" if self.stale else f"{self.count} {noun}"


def evidence(
    dates: Iterable[date], today: date, validity_days: int = DEFAULT_VALIDITY_DAYS
) -> Evidence:
    observed = list(dates)
    if not observed:
        return Evidence(0, None, None, False, validity_days)
    newest = max(observed)
    age = (today - newest).days
    return Evidence(len(observed), newest, age, age > validity_days, validity_days)


def evidence_from_summary(
    count: int, newest: date | None, today: date, validity_days: int = DEFAULT_VALIDITY_DAYS
) -> Evidence:
    """The same figure from a database aggregate (count and newest date), without every date."""
    if not count or newest is None:
        return Evidence(0, None, None, False, validity_days)
    age = (today - newest).days
    return Evidence(count, newest, age, age > validity_days, validity_days)


@dataclass(frozen=True)
class PortfolioHealth:
    """Discovery's honesty figures for a team or a whole organization."""

    solutions: int
    solutions_without_opportunity: int
    solutions_from_stakeholders: int
    opportunities: int
    opportunities_without_evidence: int
    opportunities_with_stale_evidence: int
    decisions_on_team_matters: int
    leadership_decisions_on_team_matters: int
    notes: list[str] = field(default_factory=list)

    @property
    def stakeholder_solution_share(self) -> float | None:
        return share(self.solutions_from_stakeholders, self.solutions)

    @property
    def leadership_override_share(self) -> float | None:
        return share(self.leadership_decisions_on_team_matters, self.decisions_on_team_matters)


def portfolio_health(
    *,
    solution_rows: Iterable[tuple[int | None, str]],
    opportunity_evidence: Iterable[Evidence],
    decision_rows: Iterable[tuple[str, bool]],
) -> PortfolioHealth:
    """Aggregate figures from plain rows.

    ``solution_rows``: (opportunity id or None, origin) per solution.
    ``opportunity_evidence``: one ``Evidence`` per opportunity.
    ``decision_rows``: (decision type, whether the linked object is team-owned work) per decision.
    """
    solutions = list(solution_rows)
    evidences = list(opportunity_evidence)
    decisions = [(kind, team_owned) for kind, team_owned in decision_rows if team_owned]
    health = PortfolioHealth(
        solutions=len(solutions),
        solutions_without_opportunity=sum(1 for opp, _ in solutions if opp is None),
        solutions_from_stakeholders=sum(1 for _, origin in solutions if origin == "stakeholder"),
        opportunities=len(evidences),
        opportunities_without_evidence=sum(1 for e in evidences if e.missing),
        opportunities_with_stale_evidence=sum(1 for e in evidences if e.stale),
        decisions_on_team_matters=len(decisions),
        leadership_decisions_on_team_matters=sum(
            1 for kind, _ in decisions if kind == "leadership"
        ),
    )
    if health.solutions_without_opportunity:
        health.notes.append(
            f"{health.solutions_without_opportunity} solution(s) address no opportunity: "
            "link them to the customer need they serve, or discard them."
        )
    stake = health.stakeholder_solution_share
    if stake is not None and stake > 0.5:
        health.notes.append(
            f"{stake:.0%} of solutions came from stakeholder input: "
            "stakeholders should bring context and constraints, and the team the solutions."
        )
    override = health.leadership_override_share
    if override is not None and override > 0.25:
        health.notes.append(f"Leadership took {override:.0%} of the decisions on team-owned work.")
    return health
