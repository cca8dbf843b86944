"""Pilot-team selection: the five criteria, the score, the ranking and the recommended number of
pilots. Pure functions over plain values; ``queries.pilot_candidates`` gathers the inputs for
every team in a fixed number of aggregate queries; ``score`` ranks every team on numbers alone,
and ``criteria`` words the reasons for the teams a page shows.

Each criterion scores from 0 to 1 (or is unknown), and says in words why. The total is the sum
(0–5, unknown counting 0) and ranks the teams; "meets" is the line a criterion has to cross for
the team to count as a good pilot on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pom.teams.figures import FAMILIAR_AFTER_DAYS
from pom.teams.models import TRIO_ROLES, LifecycleStage, TeamRole

# Share of the members who must have been on the team FAMILIAR_AFTER_DAYS or longer.
FAMILIAR_SHARE = 2 / 3
# A trio seat counts when someone holds it at this allocation or more.
TRIO_ALLOCATION = 50
# Customer access: weeks with a touchpoint in the last CADENCE_WEEKS; FULL_WEEKS of them score 1.
CADENCE_WEEKS = 8
FULL_WEEKS = 6
FLAG_BONUS = 0.25
ACCESS_MEETS = 0.75
HUNGER_MEETS = 4.0  # mean answer, 1–5
STAGE_SCORE = {
    LifecycleStage.EXPLORE: 1.0,
    LifecycleStage.INVEST: 1.0,
    LifecycleStage.SUSTAIN: 0.25,
    LifecycleStage.RETIRE: 0.0,
}
ROLE_LABELS = dict(TeamRole.choices)

CRITERIA: tuple[tuple[str, str], ...] = (
    ("familiar", "Familiar with each other"),
    ("hungry", "Hungry to learn"),
    ("cross_functional", "Fully cross-functional"),
    ("customer_access", "Reliable customer access"),
    ("stage", "Explore or invest stage"),
)


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    score: float | None  # 0–1; None when there is nothing to judge by yet
    meets: bool | None
    explanation: str
    source: str  # "data" (from the records) or "asked" (the team's self-assessment)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class TeamInputs:
    """What the records say about one team, gathered by the queries."""

    members: int = 0
    familiar_members: int = 0
    dated_members: int = 0
    trio_allocation: dict[str, int] = field(default_factory=dict)  # trio role -> highest allocation
    flag: bool = False
    weeks_with_touchpoints: int = 0
    stage: str = LifecycleStage.INVEST
    hunger_mean: float | None = None
    hunger_answers: int = 0


# Each criterion's score and whether it meets the line, as numbers only: the ranking reads these
# for every team, and the worded ``Criterion`` (below) only for the teams a page shows.
Scored = tuple[float | None, bool | None]


def _familiar(i: TeamInputs) -> Scored:
    if i.members == 0:
        return 0.0, False
    if i.dated_members == 0:
        return None, None
    share = i.familiar_members / i.members
    return round(share, 3), share >= FAMILIAR_SHARE


def _hungry(i: TeamInputs) -> Scored:
    if not i.hunger_answers or i.hunger_mean is None:
        return None, None
    return round((i.hunger_mean - 1) / 4, 3), i.hunger_mean >= HUNGER_MEETS


def _seated(i: TeamInputs) -> int:
    return sum(1 for r in TRIO_ROLES if i.trio_allocation.get(r, 0) >= TRIO_ALLOCATION)


def _cross_functional(i: TeamInputs) -> Scored:
    seated = _seated(i)
    return round(seated / len(TRIO_ROLES), 3), seated == len(TRIO_ROLES)


def _customer_access(i: TeamInputs) -> Scored:
    weeks = min(i.weeks_with_touchpoints, CADENCE_WEEKS)
    score = min(1.0, weeks / FULL_WEEKS + (FLAG_BONUS if i.flag else 0.0))
    return round(score, 3), score >= ACCESS_MEETS


def _stage(i: TeamInputs) -> Scored:
    value = LifecycleStage(i.stage)
    return STAGE_SCORE[value], value in (LifecycleStage.EXPLORE, LifecycleStage.INVEST)


# In the order of CRITERIA.
_SCORES = (_familiar, _hungry, _cross_functional, _customer_access, _stage)


def score(i: TeamInputs) -> tuple[float, int]:
    """The total (as ``total(criteria(i))``) and how many criteria are met, without the words."""
    parts = [f(i) for f in _SCORES]
    return round(sum(s or 0.0 for s, _ in parts), 2), sum(1 for _, meets in parts if meets)


def familiar(i: TeamInputs) -> Criterion:
    label = CRITERIA[0][1]
    value, meets = _familiar(i)
    if i.members == 0:
        return Criterion("familiar", label, value, meets, "Nobody is on the team yet.", "data")
    if value is None:
        return Criterion(
            "familiar",
            label,
            None,
            None,
            "Unknown: neither the team's formation date nor when its members joined is recorded.",
            "data",
        )
    months = FAMILIAR_AFTER_DAYS // 30
    return Criterion(
        "familiar",
        label,
        value,
        meets,
        f"{i.familiar_members} of {i.members} member{'' if i.members == 1 else 's'} "
        f"{'has' if i.familiar_members == 1 else 'have'} worked on the team for {months} "
        f"month{'' if months == 1 else 's'} or more.",
        "data",
    )


def cross_functional(i: TeamInputs) -> Criterion:
    label = CRITERIA[2][1]
    value, meets = _cross_functional(i)
    thin = [r for r in TRIO_ROLES if 0 < i.trio_allocation.get(r, 0) < TRIO_ALLOCATION]
    missing = [r for r in TRIO_ROLES if r not in i.trio_allocation]
    if meets:
        text = f"Product manager, designer and tech lead, each at {TRIO_ALLOCATION} % or more."
    else:
        parts = []
        if missing:
            parts.append("no " + ", no ".join(ROLE_LABELS[r].lower() for r in missing))
        if thin:
            parts.append(
                ", ".join(ROLE_LABELS[r].lower() for r in thin)
                + f" under {TRIO_ALLOCATION} % allocated"
            )
        text = "Trio incomplete: " + "; ".join(parts) + "."
    return Criterion("cross_functional", label, value, meets, text, "data")


def customer_access(i: TeamInputs) -> Criterion:
    label = CRITERIA[3][1]
    value, meets = _customer_access(i)
    weeks = min(i.weeks_with_touchpoints, CADENCE_WEEKS)
    flag = (
        "the team can reach customers without asking"
        if i.flag
        else "the team is not marked as able to reach customers without asking"
    )
    return Criterion(
        "customer_access",
        label,
        value,
        meets,
        f"Customer touchpoints in {weeks} of the last {CADENCE_WEEKS} weeks; {flag}.",
        "data",
    )


def stage(i: TeamInputs) -> Criterion:
    label = CRITERIA[4][1]
    value, good = _stage(i)
    name = LifecycleStage(i.stage).label.lower()
    text = (
        f"The product is in the {name} stage: there is room to discover."
        if good
        else f"The product is in the {name} stage: little room to show what discovery can do."
    )
    return Criterion("stage", label, value, good, text, "data")


def hungry(i: TeamInputs) -> Criterion:
    label = CRITERIA[1][1]
    value, meets = _hungry(i)
    if value is None or i.hunger_mean is None:
        return Criterion(
            "hungry",
            label,
            None,
            None,
            "Not asked yet: hunger to learn is not in the records; ask the team's members (three statements, one minute).",
            "asked",
        )
    mean = i.hunger_mean
    return Criterion(
        "hungry",
        label,
        value,
        meets,
        f"{i.hunger_answers} member{'s' if i.hunger_answers != 1 else ''} answered; {mean:.1f} of 5 on average.",
        "asked",
    )


def criteria(i: TeamInputs) -> tuple[Criterion, ...]:
    return (familiar(i), hungry(i), cross_functional(i), customer_access(i), stage(i))


def total(found: tuple[Criterion, ...]) -> float:
    return round(sum(c.score or 0.0 for c in found), 2)


def summary(found: tuple[Criterion, ...]) -> str:
    """One sentence a leader reads before choosing: what is strong, what is missing."""
    good = [c.label.lower() for c in found if c.meets]
    weak = [c.label.lower() for c in found if c.meets is False]
    unknown = [c.label.lower() for c in found if c.meets is None]
    parts = []
    if good:
        parts.append("Strong: " + ", ".join(good) + ".")
    if weak:
        parts.append("Short of: " + ", ".join(weak) + ".")
    if unknown:
        parts.append("Not known yet: " + ", ".join(unknown) + ".")
    return " ".join(parts)


# --- How many pilots --------------------------------------------------------------------------

SMALL_UP_TO = 10  # teams
MID_UP_TO = 50


@dataclass(frozen=True)
class Recommendation:
    teams: int
    size: str  # "small", "mid-size", "large"
    low: int
    high: int
    recommended: int
    coaching_capacity: int | None
    explanation: str

    def warnings(self, count: int) -> list[str]:
        """Why ``count`` pilots is outside the advice (an empty list when it is inside)."""
        found = []
        if count > self.high:
            found.append(
                f"{count} pilots is more than the {self._range()} advised for a {self.size} "
                f"organization of {self.teams} teams: coaching and leadership attention spread "
                "thin, and the pilots' results come slower and weaker."
            )
        elif 0 < count < self.low:
            found.append(
                f"{count} pilot{'s' if count != 1 else ''} is fewer than the {self._range()} advised "
                f"for a {self.size} organization of {self.teams} teams: one pilot alone is easy "
                "to dismiss as a special case."
            )
        if self.coaching_capacity is not None and count > self.coaching_capacity:
            found.append(
                f"{count} pilots is more than the coaches can support at once "
                f"({self.coaching_capacity}, from the latest readiness assessment)."
            )
        return found

    def _range(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"


def recommend(teams: int, coaching_capacity: int | None) -> Recommendation:
    """The seeds: one pilot for a small organization, two to four mid-size, up to five large."""
    if teams <= SMALL_UP_TO:
        size, low, high, base = "small", 1, 1, 1
    elif teams <= MID_UP_TO:
        size, low, high = "mid-size", 2, 4
        base = 2 if teams <= 20 else 3 if teams <= 35 else 4
    else:
        size, low, high, base = "large", 2, 5, 5
    base = min(base, teams) if teams else 0
    text = (
        f"{teams} active team{'s' if teams != 1 else ''}: a {size} organization, where the seeds "
        f"advise {'one pilot' if high == 1 else f'{low} to {high} pilots'}."
    )
    recommended = base
    if coaching_capacity is not None:
        if coaching_capacity == 0:
            text += " The latest readiness assessment found no coaching capacity: find a coach before the first pilot starts."
        elif coaching_capacity < base:
            recommended = max(1, coaching_capacity)
            text += f" The coaches can support {coaching_capacity} team{'s' if coaching_capacity != 1 else ''} at once, so start with {recommended}."
    else:
        text += " Take the readiness assessment to check the coaching capacity against it."
    return Recommendation(teams, size, low, high, recommended, coaching_capacity, text)
