"""Reads the delivery pages and the API share, each with a fixed number of queries.

``trace`` walks a release up the chain (solution → opportunity → outcome → bet);
``releases_for_outcome`` / ``releases_for_bet`` walk it down again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When

from pom.accounts.models import Membership
from pom.core.filters import search
from pom.delivery.models import Change, Deployment, Incident, IngestSource, Release, Repository
from pom.discovery.models import Solution, SolutionStatus
from pom.strategy.models import Outcome, StrategicBet

SEARCH_LIMIT = 20
CHAIN = (
    "opportunity",
    "opportunity__outcome",
    "opportunity__outcome__bet",
    "opportunity__outcome__parent__bet",
)


def _chain_solutions() -> Prefetch:
    return Prefetch(
        "solutions",
        queryset=Solution.objects.unscoped().select_related(*CHAIN).order_by("title", "id"),
    )


def releases(
    actor: Membership,
    *,
    team: int | None = None,
    kind: str | None = None,
    linked: bool | None = None,
    q: str = "",
) -> QuerySet[Release]:
    """Releases of the actor's organization, newest first, with their team and solution chain."""
    qs: QuerySet[Release] = (
        Release.objects.for_member(actor)
        .select_related("team")
        .annotate(n_solutions=Count("solutions", distinct=True))
        .prefetch_related(_chain_solutions())
    )
    if team:
        qs = qs.filter(team_id=team)
    if kind:
        qs = qs.filter(kind=kind)
    if linked is not None:
        qs = serving(qs, linked)
    return search(qs, q, "title", "flag_key", "notes").order_by("-shipped_at", "-id")


def serving(qs: QuerySet[Release], serves: bool = True) -> QuerySet[Release]:
    """Releases that serve an outcome (at least one linked solution sits under one), or the rest."""
    ids = (
        Release.objects.unscoped()
        .filter(solutions__opportunity__outcome__isnull=False)
        .values("pk")
    )
    return qs.filter(pk__in=ids) if serves else qs.exclude(pk__in=ids)


def release(actor: Membership, pk: Any) -> QuerySet[Release]:
    """The queryset to fetch one release from, with everything its page shows."""
    return (
        Release.objects.for_member(actor)
        .filter(pk=pk)
        .select_related("team", "created_by")
        .prefetch_related(_chain_solutions())
    )


def search_solutions(
    actor: Membership, q: str, *, exclude: list[int] | None = None
) -> list[Solution]:
    """Solutions whose title, opportunity or outcome matches ``q`` — for the release form's picker.

    Open and shipped solutions come before discarded ones; at most ``SEARCH_LIMIT``.
    """
    q = (q or "").strip()
    qs = Solution.objects.for_member(actor).select_related("team", *CHAIN[:2])
    if q:
        qs = qs.filter(
            Q(title__icontains=q)
            | Q(opportunity__title__icontains=q)
            | Q(opportunity__outcome__title__icontains=q)
            | Q(team__name__icontains=q)
        )
    if exclude:
        qs = qs.exclude(pk__in=exclude)
    discarded = Q(status=SolutionStatus.DISCARDED)
    qs = qs.annotate(
        _discarded=Case(
            When(discarded, then=Value(1)), default=Value(0), output_field=IntegerField()
        )
    )
    return list(qs.order_by("_discarded", "title", "id")[:SEARCH_LIMIT])


def chosen_solutions(actor: Membership, ids: list[int]) -> list[Solution]:
    """The solutions with ``ids`` (of this organization), in the order given."""
    found = {
        s.pk: s
        for s in Solution.objects.for_member(actor)
        .filter(pk__in=ids)
        .select_related("team", *CHAIN[:2])
    }
    return [found[pk] for pk in ids if pk in found]


# --- The chain -----------------------------------------------------------------------------------


@dataclass
class Link:
    """One solution a release ships, with what stands above it in the chain (any may be missing)."""

    solution: Solution
    opportunity: Any = None
    outcome: Outcome | None = None
    bet: StrategicBet | None = None


@dataclass
class Trace:
    links: list[Link] = field(default_factory=list)

    @property
    def outcomes(self) -> list[Outcome]:
        seen: dict[int, Outcome] = {}
        for link in self.links:
            if link.outcome is not None:
                seen.setdefault(link.outcome.pk, link.outcome)
        return list(seen.values())

    @property
    def bets(self) -> list[StrategicBet]:
        seen: dict[int, StrategicBet] = {}
        for link in self.links:
            if link.bet is not None:
                seen.setdefault(link.bet.pk, link.bet)
        return list(seen.values())

    @property
    def serves_outcome(self) -> bool:
        return bool(self.outcomes)


def bet_of(outcome: Outcome | None) -> StrategicBet | None:
    """The bet an outcome hangs off: its own, or its parent outcome's (team outcomes under product ones)."""
    if outcome is None:
        return None
    if outcome.bet_id:
        return outcome.bet
    parent = outcome.parent if outcome.parent_id else None
    return parent.bet if parent is not None and parent.bet_id else None


def trace(release: Release) -> Trace:
    """Up the chain from a release whose solutions were prefetched with ``_chain_solutions``."""
    links = []
    for solution in release.solutions.all():
        opportunity = solution.opportunity
        outcome = opportunity.outcome if opportunity is not None else None
        links.append(Link(solution, opportunity, outcome, bet_of(outcome)))
    return Trace(links)


# --- Ingest --------------------------------------------------------------------------------------


def sources(actor: Membership) -> list[IngestSource]:
    return list(IngestSource.objects.for_member(actor).select_related("team"))


def repositories(actor: Membership) -> QuerySet[Repository]:
    """Repositories, unmapped first, then by name."""
    return (
        Repository.objects.for_member(actor)
        .select_related("team")
        .order_by(F("team_id").asc(nulls_first=True), "name", "id")
    )


def deployments(actor: Membership, *, team: int | None = None) -> QuerySet[Deployment]:
    qs = (
        Deployment.objects.for_member(actor)
        .select_related("team")
        .annotate(n_changes=Count("changes", distinct=True))
    )
    return qs.filter(team_id=team) if team else qs


def changes(actor: Membership, *, team: int | None = None) -> QuerySet[Change]:
    qs = Change.objects.for_member(actor).select_related("team")
    return qs.filter(team_id=team) if team else qs


def incidents(actor: Membership, *, team: int | None = None) -> QuerySet[Incident]:
    qs = Incident.objects.for_member(actor).select_related("team", "deployment")
    return qs.filter(team_id=team) if team else qs


@dataclass
class Linked:
    total: int
    serving: int

    @property
    def unlinked(self) -> int:
        return self.total - self.serving


def linked_share(actor: Membership, team_id: int, window: Any) -> Linked:
    """How many of the team's releases in ``window`` serve an outcome, of how many."""
    from pom.delivery.dora import _bounds

    lo, hi = _bounds(window)
    qs = Release.objects.for_member(actor).filter(
        team_id=team_id, shipped_at__gte=lo, shipped_at__lt=hi
    )
    return Linked(total=qs.count(), serving=serving(qs).count())
