"""Reads the transformation's pages and API share, each in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Avg, Count, F, Max, Q, QuerySet
from django.db.models.functions import TruncWeek

from pom.accounts.models import Membership
from pom.core.validation import today
from pom.discovery.figures import week_start
from pom.discovery.models import Touchpoint
from pom.teams.figures import FAMILIAR_AFTER_DAYS
from pom.teams.models import TRIO_ROLES, Team, TeamMember
from pom.transformation import pilots
from pom.transformation.models import HungerAnswer, PilotChoice, ReadinessAssessment


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


@dataclass
class Candidate:
    """One team as a pilot candidate: its five criteria, score, rank and active pilot choice."""

    team: Team
    criteria: tuple[pilots.Criterion, ...]
    total: float
    rank: int = 0
    choice: PilotChoice | None = None

    @property
    def summary(self) -> str:
        return pilots.summary(self.criteria)

    @property
    def met(self) -> int:
        return sum(1 for c in self.criteria if c.meets)


@dataclass
class PilotBoard:
    candidates: list[Candidate]
    recommendation: pilots.Recommendation
    active: list[PilotChoice]
    readiness: ReadinessAssessment | None

    @property
    def warnings(self) -> list[str]:
        return self.recommendation.warnings(len(self.active))


def _inputs(actor: Membership, team_ids: list[int], day: date) -> dict[int, dict[str, Any]]:
    """The records behind the criteria, for every team at once: four aggregate queries."""
    found: dict[int, dict[str, Any]] = defaultdict(dict)
    cutoff = day - timedelta(days=FAMILIAR_AFTER_DAYS)
    members = (
        TeamMember.objects.for_member(actor)
        .filter(team_id__in=team_ids)
        .values("team_id")
        .annotate(
            n=Count("id"),
            dated=Count("id", filter=Q(since__isnull=False) | Q(team__formed_on__isnull=False)),
            familiar=Count(
                "id",
                filter=Q(since__lte=cutoff) | Q(since__isnull=True, team__formed_on__lte=cutoff),
            ),
        )
    )
    for row in members:
        found[row["team_id"]].update(
            members=row["n"], dated_members=row["dated"], familiar_members=row["familiar"]
        )
    trio = (
        TeamMember.objects.for_member(actor)
        .filter(team_id__in=team_ids, role__in=TRIO_ROLES)
        .values("team_id", "role")
        .annotate(top=Max("allocation"))
    )
    for t_row in trio:
        found[t_row["team_id"]].setdefault("trio_allocation", {})[t_row["role"]] = t_row["top"]
    since = week_start(day) - timedelta(weeks=pilots.CADENCE_WEEKS - 1)
    weeks = (
        Touchpoint.objects.for_member(actor)
        .filter(team_id__in=team_ids, happened_on__gte=since, happened_on__lte=day)
        .values("team_id")
        .annotate(weeks=Count(TruncWeek("happened_on"), distinct=True))
    )
    for w_row in weeks:
        found[w_row["team_id"]]["weeks_with_touchpoints"] = w_row["weeks"]
    hunger = (
        HungerAnswer.objects.for_member(actor)
        .filter(team_id__in=team_ids)
        .values("team_id")
        .annotate(
            n=Count("id"),
            mean=Avg((F("beginners") + F("time_to_learn") + F("feedback")) / 3.0),
        )
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


def pilot_board(actor: Membership, day: date | None = None) -> PilotBoard:
    """Every active team ranked as a pilot candidate, with the recommended number of pilots.

    Seven queries however many teams: the teams, four aggregates of their records, the active
    pilot choices and the latest readiness assessment (for the coaching capacity).
    """
    day = day or today()
    teams = list(
        Team.objects.for_member(actor)
        .filter(archived_at__isnull=True)
        .select_related("product_area")
        .order_by("name", "id")
    )
    records = _inputs(actor, [t.pk for t in teams], day)
    active = list(active_pilots(actor))
    by_team = {c.team_id: c for c in active}
    candidates = []
    for t in teams:
        found = pilots.criteria(
            pilots.TeamInputs(
                flag=t.reliable_customer_access, stage=t.lifecycle_stage, **records.get(t.pk, {})
            )
        )
        candidates.append(Candidate(t, found, pilots.total(found), choice=by_team.get(t.pk)))
    candidates.sort(key=lambda c: (-c.total, -c.met, c.team.name.lower(), c.team.pk))
    for n, c in enumerate(candidates, start=1):
        c.rank = n
    latest, _ = latest_two(actor)
    return PilotBoard(
        candidates,
        pilots.recommend(len(teams), latest.coaching_capacity if latest else None),
        active,
        latest,
    )


def candidate(board: PilotBoard, team: Team) -> Candidate:
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
