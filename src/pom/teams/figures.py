"""The figures the product model cares about for a team, computed in one place.

Pure functions over plain values: the queries in ``queries.py`` gather the inputs (role counts,
sizes, over-allocated people) in a fixed number of queries, and every page, the API and the
organization map show what ``team_figures`` returns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import ngettext

from pom.teams.models import TRIO_ROLES, OperatingMode, TeamRole

ROLE_LABELS = dict(TeamRole.choices)
# Short names for the trio, used in badges where space is tight.
TRIO_SHORT = {
    TeamRole.PRODUCT_MANAGER: "PM",
    TeamRole.PRODUCT_DESIGNER: "designer",
    TeamRole.TECH_LEAD: "tech lead",
}
# A team that has worked together this long has the familiarity the product model counts on.
FAMILIAR_AFTER_DAYS = 180


@dataclass(frozen=True)
class TeamFigures:
    """What a reader should notice about a team's composition at a glance."""

    size: int
    size_limit: int
    missing_trio: tuple[str, ...]
    has_coach: bool
    age_days: int | None
    project_mode: bool
    overallocated: tuple[str, ...] = field(default=())

    @property
    def trio_complete(self) -> bool:
        return not self.missing_trio

    @property
    def oversized(self) -> bool:
        return self.size > self.size_limit

    @property
    def missing_trio_labels(self) -> list[str]:
        return [ROLE_LABELS[r] for r in self.missing_trio]

    @property
    def missing_trio_short(self) -> str:
        return ", ".join(TRIO_SHORT[TeamRole(r)] for r in self.missing_trio)

    @property
    def familiar(self) -> bool:
        return self.age_days is not None and self.age_days >= FAMILIAR_AFTER_DAYS

    @property
    def age_label(self) -> str:
        if self.age_days is None:
            return "formation date unknown"
        if self.age_days < 0:
            return "forms in the future"
        if self.age_days < 60:
            days = self.age_days
            return ngettext("%(n)d day together", "%(n)d days together", days) % {"n": days}
        months = self.age_days // 30
        if months < 24:
            return ngettext("%(n)d month together", "%(n)d months together", months) % {"n": months}
        years = self.age_days // 365
        return ngettext("%(n)d year together", "%(n)d years together", years) % {"n": years}

    @property
    def gap_count(self) -> int:
        """How many things need attention: used to colour the organization map."""
        return (
            len(self.missing_trio)
            + int(self.oversized)
            + int(not self.has_coach)
            + int(bool(self.overallocated))
            + int(self.project_mode)
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "size": self.size,
            "size_limit": self.size_limit,
            "oversized": self.oversized,
            "trio_complete": self.trio_complete,
            "missing_trio": list(self.missing_trio),
            "has_coach": self.has_coach,
            "age_days": self.age_days,
            "familiar": self.familiar,
            "project_mode": self.project_mode,
            "overallocated_people": list(self.overallocated),
        }


def missing_trio(roles_present: Iterable[str]) -> tuple[str, ...]:
    present = set(roles_present)
    return tuple(str(role) for role in TRIO_ROLES if role not in present)


def team_figures(
    *,
    size: int,
    roles_present: Iterable[str],
    has_coach: bool,
    formed_on: date | None,
    operating_mode: str,
    size_limit: int,
    today: date,
    overallocated: Iterable[str] = (),
) -> TeamFigures:
    return TeamFigures(
        size=size,
        size_limit=size_limit,
        missing_trio=missing_trio(roles_present),
        has_coach=has_coach,
        age_days=(today - formed_on).days if formed_on else None,
        project_mode=operating_mode == OperatingMode.PROJECT,
        overallocated=tuple(sorted(overallocated)),
    )


def is_overallocated(total_allocation: int) -> bool:
    """More than a whole person's time across teams: someone is context-switching or overcommitted."""
    return total_allocation > 100


@dataclass(frozen=True)
class OrgSummary:
    """Counts across the organization, shown above the index and the map."""

    teams: int = 0
    incomplete_trio: int = 0
    oversized: int = 0
    without_coach: int = 0
    project_mode: int = 0
    with_overallocated: int = 0
    pilots: int = 0


def summarize(figures: Iterable[TeamFigures], pilots: int = 0) -> OrgSummary:
    items = list(figures)
    return OrgSummary(
        teams=len(items),
        incomplete_trio=sum(1 for f in items if not f.trio_complete),
        oversized=sum(1 for f in items if f.oversized),
        without_coach=sum(1 for f in items if not f.has_coach),
        project_mode=sum(1 for f in items if f.project_mode),
        with_overallocated=sum(1 for f in items if f.overallocated),
        pilots=pilots,
    )
