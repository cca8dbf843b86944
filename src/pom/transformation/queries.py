"""Reads the transformation's pages and API share, each in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any, Literal

from django.core.cache import cache
from django.db.models import Avg, Count, F, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from pom.accounts.models import Membership
from pom.core.validation import today
from pom.discovery.figures import week_start
from pom.discovery.models import Touchpoint
from pom.teams.figures import FAMILIAR_AFTER_DAYS
from pom.teams.models import TRIO_ROLES, PilotStatus, Team, TeamMember
from pom.transformation import pilots, rollout
from pom.transformation.models import (
    FROM_TEAMS,
    Blocker,
    BlockerStatus,
    ClarityPulse,
    HungerAnswer,
    Objection,
    ObjectionKind,
    ObjectionStatus,
    PilotChoice,
    ReadinessAssessment,
    Wave,
)


def assessments(actor: Membership) -> QuerySet[ReadinessAssessment]:
    """Every readiness assessment of the organization, newest first."""
    return ReadinessAssessment.objects.for_member(actor).select_related("assessed_by")


def latest_two(actor: Membership) -> tuple[ReadinessAssessment | None, ReadinessAssessment | None]:
    """The newest assessment and the one before it (for the home page's comparison)."""
    found = list(assessments(actor)[:2])
    return (found[0] if found else None, found[1] if len(found) > 1 else None)


def previous(actor: Membership, a: ReadinessAssessment) -> ReadinessAssessment | None:
    """The assessment taken just before ``a`` (by date, then by the order they were recorded)."""
    return (
        assessments(actor)
        .filter(Q(assessed_on__lt=a.assessed_on) | Q(assessed_on=a.assessed_on, pk__lt=a.pk))
        .first()
    )


# --- Pilot selection ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamRow:
    """What the pilot board shows of a team: read as plain values, a thousand at a time."""

    pk: int
    name: str
    slug: str
    area: str | None
    pilot_status: str
    lifecycle_stage: str
    customer_access_flag: bool

    def get_pilot_status_display(self) -> str:
        return str(PilotStatus(self.pilot_status).label)


@dataclass
class Candidate:
    """One team as a pilot candidate: its score, rank and active pilot choice. The five worded
    criteria are read from its inputs on first use, so a board of a thousand teams words only
    the rows a page shows."""

    team: TeamRow
    inputs: pilots.TeamInputs
    total: float
    met: int
    rank: int = 0
    choice: PilotChoice | None = None

    @cached_property
    def criteria(self) -> tuple[pilots.Criterion, ...]:
        return pilots.criteria(self.inputs)

    @property
    def summary(self) -> str:
        return pilots.summary(self.criteria)


@dataclass
class PilotBoard:
    candidates: list[Candidate]
    recommendation: pilots.Recommendation
    active: list[PilotChoice]
    readiness: ReadinessAssessment | None
    # When the teams were scored: now, or — for a board kept in the cache — a few minutes ago.
    computed_at: datetime | None = None

    @property
    def warnings(self) -> list[str]:
        return self.recommendation.warnings(len(self.active))


def _inputs(actor: Membership, day: date) -> dict[int, dict[str, Any]]:
    """The records behind the criteria, for every team at once: three aggregate queries.

    Each filters by the organization rather than sending a thousand team ids; the caller reads
    the active teams' entries only, so rows of archived teams are counted and never read (no
    join to the team, except where its formation date counts). The members' count and their
    trio seats come from one read of the members (a conditional maximum per trio role); the
    touchpoint weeks are counted by one conditional count per week, in the database, without a
    per-row date function.
    """
    found: dict[int, dict[str, Any]] = defaultdict(dict)
    cutoff = day - timedelta(days=FAMILIAR_AFTER_DAYS)
    seats = {f"top_{role}": Max("allocation", filter=Q(role=role)) for role in TRIO_ROLES}
    members = (
        TeamMember.objects.for_member(actor)
        .values("team_id")
        .annotate(
            n=Count("id"),
            dated=Count("id", filter=Q(since__isnull=False) | Q(team__formed_on__isnull=False)),
            familiar=Count(
                "id",
                filter=Q(since__lte=cutoff) | Q(since__isnull=True, team__formed_on__lte=cutoff),
            ),
            **seats,
        )
        .order_by()
    )
    for m_row in members:
        row: dict[str, Any] = dict(m_row)
        found[row["team_id"]].update(
            members=row["n"],
            dated_members=row["dated"],
            familiar_members=row["familiar"],
            trio_allocation={
                role: row[f"top_{role}"] for role in TRIO_ROLES if row[f"top_{role}"] is not None
            },
        )
    starts = [week_start(day) - timedelta(weeks=n) for n in range(pilots.CADENCE_WEEKS - 1, -1, -1)]
    per_week = {
        f"w{i}": Count(
            "id",
            filter=Q(happened_on__gte=start, happened_on__lt=start + timedelta(weeks=1)),
        )
        for i, start in enumerate(starts)
    }
    weeks = (
        Touchpoint.objects.for_member(actor)
        .filter(happened_on__gte=starts[0], happened_on__lte=day)
        .values("team_id")
        .annotate(**per_week)
        .order_by()
    )
    for w_row in weeks:
        counts: dict[str, Any] = dict(w_row)
        found[counts["team_id"]]["weeks_with_touchpoints"] = sum(
            1 for key in per_week if counts[key]
        )
    hunger = (
        HungerAnswer.objects.for_member(actor)
        .values("team_id")
        .annotate(
            n=Count("id"),
            mean=Avg((F("beginners") + F("time_to_learn") + F("feedback")) / 3.0),
        )
        .order_by()
    )
    for h_row in hunger:
        found[h_row["team_id"]].update(hunger_answers=h_row["n"], hunger_mean=float(h_row["mean"]))
    return found


def active_pilots(actor: Membership) -> QuerySet[PilotChoice]:
    return (
        PilotChoice.objects.for_member(actor)
        .filter(ended_on__isnull=True)
        .select_related("team", "chosen_by")
        .order_by("chosen_on", "id")
    )


def pilot_choices(actor: Membership) -> QuerySet[PilotChoice]:
    """Every pilot choice, active and ended, newest first."""
    return PilotChoice.objects.for_member(actor).select_related("team", "chosen_by")


# The ranking (every team scored) is kept this long for the pages that only read it; a pilot
# choice, an ended pilot, a readiness assessment and a team's hunger answer show at once (choices
# and the readiness are read fresh; an answer drops the kept ranking).
BOARD_SECONDS = 600


@dataclass(frozen=True)
class _Ranked:
    """The expensive part of the board: every active team with its inputs and score, in order."""

    rows: list[tuple[TeamRow, pilots.TeamInputs, float, int]]
    computed_at: datetime


def _board_key(org_id: int, day: date) -> str:
    return f"pom:transformation:board:{org_id}:{day.isoformat()}"


def forget_board(org_id: int) -> None:
    """Drop the kept ranking of today (after a change that moves a team's score)."""
    cache.delete(_board_key(org_id, today()))


def _rank(actor: Membership, day: date) -> _Ranked:
    """Score every active team: the teams and three aggregate queries of their records."""
    teams = [
        TeamRow(*row)
        for row in Team.objects.for_member(actor)
        .filter(archived_at__isnull=True)
        .order_by("name", "id")
        .values_list(
            "pk",
            "name",
            "slug",
            "product_area__name",
            "pilot_status",
            "lifecycle_stage",
            "reliable_customer_access",
        )
    ]
    records = _inputs(actor, day)
    rows = []
    for t in teams:
        inputs = pilots.TeamInputs(
            flag=t.customer_access_flag, stage=t.lifecycle_stage, **records.get(t.pk, {})
        )
        total, met = pilots.score(inputs)
        rows.append((t, inputs, total, met))
    rows.sort(key=lambda r: (-r[2], -r[3], r[0].name.lower(), r[0].pk))
    return _Ranked(rows, timezone.now())


def pilot_board(
    actor: Membership,
    day: date | None = None,
    latest: ReadinessAssessment | Literal["read"] | None = "read",
    *,
    kept: bool = False,
    refresh: bool = False,
) -> PilotBoard:
    """Every active team ranked as a pilot candidate, with the recommended number of pilots.

    Six queries however many teams: the teams, three aggregates of their records, the active
    pilot choices and the latest readiness assessment (for the coaching capacity; five when the
    caller read it already and passes it as ``latest``). With ``kept``, the ranking computed in
    the last ``BOARD_SECONDS`` is reused (one cache read instead of the first four; the board says
    when it was computed); ``refresh`` ranks again and keeps the new ranking.
    """
    day = day or today()
    ranked: _Ranked | None = None
    if kept and not refresh:
        ranked = cache.get(_board_key(actor.organization_id, day))
    if ranked is None:
        ranked = _rank(actor, day)
        if kept or refresh:
            cache.set(_board_key(actor.organization_id, day), ranked, BOARD_SECONDS)
    active = list(active_pilots(actor))
    by_team = {c.team_id: c for c in active}
    candidates = [
        Candidate(t, inputs, total, met, rank=n, choice=by_team.get(t.pk))
        for n, (t, inputs, total, met) in enumerate(ranked.rows, start=1)
    ]
    if latest == "read":
        latest, _ = latest_two(actor)
    return PilotBoard(
        candidates,
        pilots.recommend(len(candidates), latest.coaching_capacity if latest else None),
        active,
        latest,
        ranked.computed_at,
    )


def candidate(board: PilotBoard, team: Team | TeamRow) -> Candidate:
    """The team's entry on the board (the team is active; archived teams are not candidates)."""
    for c in board.candidates:
        if c.team.pk == team.pk:
            return c
    raise LookupError(team.pk)


def search(board: PilotBoard, q: str) -> list[Candidate]:
    words = q.lower().split()
    if not words:
        return board.candidates
    return [c for c in board.candidates if all(w in c.team.name.lower() for w in words)]


# --- Rollout ------------------------------------------------------------------------------------


@dataclass
class WaveRow:
    wave: Wave
    review: rollout.WaveReview


def waves(actor: Membership) -> QuerySet[Wave]:
    return (
        Wave.objects.for_member(actor)
        .select_related("coach")
        .prefetch_related(Prefetch("teams", queryset=Team.objects.order_by("name", "id")))
    )


def blockers(actor: Membership) -> QuerySet[Blocker]:
    return Blocker.objects.for_member(actor).select_related("found_by", "owner")


def objections(actor: Membership) -> QuerySet[Objection]:
    return Objection.objects.for_member(actor).select_related("team")


def _incomplete_trios(actor: Membership, team_ids: set[int]) -> set[int]:
    """Of ``team_ids``, the teams whose trio misses a seat (held at 50 % or more): one query."""
    seated: dict[int, set[str]] = defaultdict(set)
    for team_id, role in (
        TeamMember.objects.for_member(actor)
        .filter(team_id__in=team_ids, role__in=TRIO_ROLES, allocation__gte=pilots.TRIO_ALLOCATION)
        .values_list("team_id", "role")
        .distinct()
    ):
        seated[team_id].add(role)
    return {pk for pk in team_ids if len(seated[pk]) < len(TRIO_ROLES)}


def review_waves(actor: Membership, found: list[Wave]) -> list[WaveRow]:
    """Each wave with its entry criteria and warnings, in five queries however many waves and
    teams (the waves' teams must be prefetched, as ``waves()`` does)."""
    team_ids = {t.pk for w in found for t in w.teams.all()}
    incomplete = _incomplete_trios(actor, team_ids) if team_ids else set()
    open_blockers = Blocker.objects.for_member(actor).exclude(status=BlockerStatus.RESOLVED).count()
    choice_dates = sorted(PilotChoice.objects.for_member(actor).values_list("chosen_on", flat=True))
    active_count = Team.objects.for_member(actor).filter(archived_at__isnull=True).count()
    latest, _ = latest_two(actor)
    rows = []
    for w in found:
        teams = list(w.teams.all())
        rows.append(
            WaveRow(
                w,
                rollout.review(
                    size=len(teams),
                    has_coach=w.coach_id is not None,
                    coaching_capacity=latest.coaching_capacity if latest else None,
                    open_blockers=open_blockers,
                    pilots_before=sum(1 for d in choice_dates if d <= w.starts_on),
                    incomplete_trios=[t.name for t in teams if t.pk in incomplete],
                    active_teams=active_count,
                ),
            )
        )
    return rows


def objection_summary(actor: Membership) -> list[dict[str, Any]]:
    """Per kind of objection: how many, how many resolved, how many still open (one query)."""
    counts: dict[str, Any] = {
        row["kind"]: row
        for row in Objection.objects.for_member(actor)
        .values("kind")
        .annotate(
            n=Count("id"),
            resolved=Count("id", filter=Q(status=ObjectionStatus.RESOLVED)),
            open=Count(
                "id", filter=Q(status__in=[ObjectionStatus.OPEN, ObjectionStatus.RESPONDING])
            ),
        )
    }
    return [
        {
            "kind": value,
            "label": label,
            "from": "teams" if value in FROM_TEAMS else "leaders and stakeholders",
            "n": counts.get(value, {}).get("n", 0),
            "resolved": counts.get(value, {}).get("resolved", 0),
            "open": counts.get(value, {}).get("open", 0),
        }
        for value, label in ObjectionKind.choices
    ]


def pulses(actor: Membership) -> QuerySet[ClarityPulse]:
    """The clarity pulses, newest first, each with how many were asked and answered."""
    return (
        ClarityPulse.objects.for_member(actor)
        .annotate(
            invited=Count("invites"),
            answered=Count("invites", filter=Q(invites__answered=True)),
        )
        .order_by("-opens_on", "-id")
    )
