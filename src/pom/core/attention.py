"""The home page's to-do list: what in the operating model needs someone's attention today.

Each pillar registers its checks once, in its ``AppConfig.ready()``::

    from pom.core import attention
    attention.register("stale_outcomes", stale_outcomes, order=10, roles=attention.EVERYONE)

A check is ``check(scope) -> list[Item]``: it counts what needs doing in the scope with a fixed
number of aggregate queries (never one per team or per row), and links each item to the page
where it is fixed — the object itself when there is exactly one, a filtered list otherwise.
``roles`` says who sees the check: leaders and owners for the whole organization, members for
the teams they are on, stakeholders and viewers only what is theirs to follow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from pom.accounts.models import Role

if TYPE_CHECKING:
    from pom.accounts.models import Membership

LEADS = (Role.OWNER, Role.LEADER)
WORKERS = (Role.OWNER, Role.LEADER, Role.MEMBER)
EVERYONE = tuple(Role)


@dataclass(frozen=True)
class Scope:
    """Whose to-do list: the member, and the teams it covers (``None``: the whole organization)."""

    membership: Membership
    today: date
    team_ids: frozenset[int] | None

    @property
    def org_id(self) -> int:
        return self.membership.organization_id

    @property
    def whole_org(self) -> bool:
        return self.team_ids is None

    def teams(self, lookup: str) -> Q:
        """A filter keeping rows of the scope's teams (``lookup`` names the team field)."""
        return Q() if self.team_ids is None else Q(**{f"{lookup}__in": sorted(self.team_ids)})

    def one_team(self) -> int | None:
        """The scope's only team, for a list link narrowed to it; ``None`` for the organization."""
        if self.team_ids is not None and len(self.team_ids) == 1:
            return next(iter(self.team_ids))
        return None


@dataclass(frozen=True)
class Item:
    """One line of the to-do list: how many of something need doing, and where to do it."""

    key: str
    count: int
    singular: str  # "outcome with no check-in for 14 days"
    plural: str  # "outcomes with no check-in for 14 days"
    url: str
    action: str  # the link's words: "Check in", "Triage"
    pillar: str = ""

    @property
    def label(self) -> str:
        return self.singular if self.count == 1 else self.plural


Check = Callable[[Scope], list[Item]]


@dataclass(frozen=True)
class Registered:
    key: str
    check: Check
    order: int
    roles: tuple[str, ...] = field(default=EVERYONE)


# Filled at start-up by the pillars' AppConfig.ready(); never changed while serving requests.
CHECKS: dict[str, Registered] = {}


def register(key: str, check: Check, *, order: int = 50, roles: tuple[Any, ...] = EVERYONE) -> None:
    CHECKS[key] = Registered(key, check, order, tuple(str(r) for r in roles))


def scope_for(membership: Membership, today: date) -> Scope:
    """Leaders and owners act for the organization; members for their teams; the others follow."""
    if membership.role == Role.MEMBER:
        from pom.teams.queries import my_team_ids

        return Scope(membership, today, frozenset(my_team_ids(membership)))
    return Scope(membership, today, None)


@dataclass(frozen=True)
class TodoList:
    scope: Scope
    todo: list[Item]  # something to do, most urgent pillar first
    clear: list[Item]  # checked, nothing to do

    @property
    def total(self) -> int:
        return sum(i.count for i in self.todo)


def todo_for(membership: Membership, today: date) -> TodoList:
    """Every check the member's role sees, run over the member's scope."""
    scope = scope_for(membership, today)
    items: list[Item] = []
    if scope.team_ids is not None and not scope.team_ids:
        return TodoList(scope, [], [])  # a member on no team has nothing of a team's to do
    for reg in sorted(CHECKS.values(), key=lambda r: (r.order, r.key)):
        if str(membership.role) in reg.roles:
            items.extend(reg.check(scope))
    return TodoList(scope, [i for i in items if i.count > 0], [i for i in items if i.count <= 0])
