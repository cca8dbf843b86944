"""Reads the delivery pages and the API share, each with a fixed number of queries.

``trace`` walks a release up the chain (solution → opportunity → outcome → bet);
``releases_for_outcome`` / ``releases_for_bet`` walk it down again. ``release_impacts`` and
``outcome_release_impacts`` read whether releases moved their outcomes' metrics (the numbers
come from ``pom.metrics.queries``, the read from the pure ``pom.delivery.impact``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone

from pom.accounts.models import Membership
from pom.core.filters import search
from pom.core.validation import day_start
from pom.delivery.dora import per_deployment
from pom.delivery.impact import WINDOW, Impact, Verdict, read_impact
from pom.delivery.models import Change, Deployment, Incident, IngestSource, Release, Repository
from pom.discovery.models import Solution
from pom.experiments.models import AssumptionTest, TestMethod
from pom.metrics import queries as metrics
from pom.strategy.models import Outcome, StrategicBet

CHAIN = (
    "opportunity",
    "opportunity__outcome",
    "opportunity__outcome__bet",
    "opportunity__outcome__parent__bet",
)


# What a list of releases shows of each one's chain: the titles and the links up it. A list of 500
# releases reads ~1,000 solutions with their opportunity, outcome, parent outcome and bets; making
# models of every column of each was ~40% of the 500-row API page (148 -> 119 ms in-process).
BRIEF_CHAIN = (
    "title",
    "status",
    *CHAIN,
    "opportunity__title",
    "opportunity__outcome__title",
    "opportunity__outcome__bet__title",
    "opportunity__outcome__parent__bet__title",
)


def _chain_solutions(*, brief: bool = False) -> Prefetch:
    qs = Solution.objects.select_related(*CHAIN)
    if brief:
        qs = qs.only(*BRIEF_CHAIN)
    return Prefetch("solutions", queryset=qs.order_by("title", "id"))


def releases(
    actor: Membership,
    *,
    team: int | None = None,
    kind: str | None = None,
    linked: bool | None = None,
    q: str = "",
    brief: bool = False,
) -> QuerySet[Release]:
    """Releases of the actor's organization, newest first, with their team and solution chain.

    ``brief`` loads only what a list shows of the chain (ids and titles; ``BRIEF_CHAIN``)."""
    qs: QuerySet[Release] = (
        Release.objects.for_member(actor)
        .select_related("team")
        .prefetch_related(_chain_solutions(brief=brief))
    )
    if team:
        qs = qs.filter(team_id=team)
    if kind:
        qs = qs.filter(kind=kind)
    if linked is not None:
        qs = serving(qs, linked)
    return search_releases(qs, q).order_by("-shipped_at", "-id")


TRIGRAM = 3  # the shortest text SQLite's trigram index can find


def search_releases(qs: QuerySet[Release], q: str) -> QuerySet[Release]:
    """Releases whose title, flag key or notes contain ``q`` (case-insensitive).

    On SQLite a text of three or more characters is found through the ``delivery_release_fts``
    trigram index (migration ``0007_release_search``), which matches it anywhere inside a word
    as ``icontains`` does; shorter text, and PostgreSQL, filter the columns themselves.
    """
    text = (q or "").strip()
    if connection.vendor != "sqlite" or len(text) < TRIGRAM:
        return search(qs, text, "title", "flag_key", "notes")
    phrase = '"' + text.replace('"', '""') + '"'
    ids = RawSQL(
        "SELECT rowid FROM delivery_release_fts WHERE delivery_release_fts MATCH %s",
        ["{title flag_key notes} : " + phrase],
    )
    return qs.filter(id__in=ids)


def serving(qs: QuerySet[Release], serves: bool = True) -> QuerySet[Release]:
    """Releases that serve an outcome (at least one linked solution sits under one), or the rest."""
    # Correlated to the outer (scoped) release through the plain many-to-many table, so it reads
    # only links of the releases ``qs`` already chose.
    linked = Exists(
        Release.solutions.through.objects.filter(
            release_id=OuterRef("pk"), solution__opportunity__outcome__isnull=False
        )
    )
    return qs.filter(linked) if serves else qs.filter(~linked)


def release(actor: Membership, pk: Any) -> QuerySet[Release]:
    """The queryset to fetch one release from, with everything its page shows."""
    return (
        Release.objects.for_member(actor)
        .filter(pk=pk)
        .select_related("team", "created_by")
        .prefetch_related(_chain_solutions())
    )


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
    """Newest first. The changes each carries are counted by a subquery per row returned (a page),
    not by grouping every deployment of the organization before the page is cut."""
    qs = Deployment.objects.for_member(actor).annotate(n_changes=per_deployment(Count("change_id")))
    qs = qs.filter(team_id=team) if team else qs
    return qs.order_by("-finished_at", "-id")


def changes(actor: Membership, *, team: int | None = None) -> QuerySet[Change]:
    qs = Change.objects.for_member(actor)
    qs = qs.filter(team_id=team) if team else qs
    return qs.order_by("-first_commit_at", "-id")


def incidents(actor: Membership, *, team: int | None = None) -> QuerySet[Incident]:
    qs = Incident.objects.for_member(actor)
    qs = qs.filter(team_id=team) if team else qs
    return qs.order_by("-opened_at", "-id")


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


# --- Release impact ------------------------------------------------------------------------------

NO_METRIC = (
    "No metric is bound to this outcome yet, so there is nothing to read the release against: "
    "bind one on the metrics pages."
)
REACH = {"day": 1, "week": 7, "month": 31}  # days per period, rounded up


@dataclass
class OutcomeImpact:
    """One outcome a release serves, the metric it reads, and the before/after read."""

    outcome: Outcome
    metric: Any  # pom.metrics.models.Metric, or None
    impact: Impact


def links_under(actor: Membership, outcomes: Q) -> QuerySet[Any]:
    """The release–solution links of the actor's organization whose solution serves one of the
    outcomes ``outcomes`` selects.

    It walks down from the outcomes (→ opportunities → solutions → release links), each step
    through an index. Filtering the releases by their solutions' outcome instead (``Q(solutions__
    opportunity__outcome_id__in=…) | Q(…__parent_id__in=…)``) makes SQLite read every release of
    the organization and join it four ways: the one-second outcome pages at 1,000 teams.
    """
    family = Outcome.objects.for_member(actor).filter(outcomes).values("pk")
    solutions = Solution.objects.for_member(actor).filter(opportunity__outcome_id__in=family)
    return Release.solutions.through.objects.filter(
        solution_id__in=solutions.values("pk"), release__organization_id=actor.organization_id
    )


def shipping_under(actor: Membership, outcomes: Q) -> QuerySet[Any]:
    """The ids (``release_id``) of the releases serving the outcomes ``outcomes`` selects, as a
    subquery to filter ``pk__in`` by (see ``links_under``)."""
    return links_under(actor, outcomes).values("release_id")


def served_between(
    actor: Membership, outcome_ids: Sequence[int], since: datetime, until: datetime
) -> QuerySet[Any]:
    """``(release id, shipped at, outcome id, its parent's id)`` for each solution under the
    outcomes ``outcome_ids`` (or their child outcomes) that a release shipped in ``[since, until)``.

    Read from the links, not the releases: joining every release shipped in a year to its
    solutions first made PostgreSQL hash-join 58,000 releases for the 60 it kept (50 ms).
    """
    return (
        links_under(actor, in_family(outcome_ids))
        .filter(release__shipped_at__gte=since, release__shipped_at__lt=until)
        .values_list(
            "release_id",
            "release__shipped_at",
            "solution__opportunity__outcome_id",
            "solution__opportunity__outcome__parent_id",
        )
    )


def in_family(outcome_ids: Sequence[int]) -> Q:
    """The outcomes ``outcome_ids`` and their child outcomes (for ``shipping_under``)."""
    return Q(pk__in=outcome_ids) | Q(parent_id__in=outcome_ids)


def releases_serving(actor: Membership, outcome_id: int) -> QuerySet[Release]:
    """Releases shipping a solution under the outcome or under one of its child outcomes."""
    return Release.objects.for_member(actor).filter(
        pk__in=shipping_under(actor, in_family([outcome_id]))
    )


def shipped_day(release: Release) -> date:
    return timezone.localtime(release.shipped_at).date()


def _wanted(outcome: Outcome) -> str:
    return {"increase": "up", "decrease": "down"}.get(outcome.direction, "")


def _shipped_near(
    actor: Membership, outcome_ids: list[int], lo: date, hi: date
) -> dict[int, list[tuple[int, date]]]:
    """(release id, day shipped) of the releases serving each outcome (or a child of it) between
    ``lo`` and ``hi``, keyed by outcome id (one query)."""
    rows = served_between(actor, outcome_ids, day_start(lo), day_start(hi + timedelta(days=1)))
    wanted = set(outcome_ids)
    found: dict[int, set[tuple[int, date]]] = {}
    for pk, at, outcome_id, parent_id in rows:
        for oid in (outcome_id, parent_id):
            if oid in wanted:
                found.setdefault(oid, set()).add((pk, timezone.localtime(at).date()))
    return {oid: sorted(pairs) for oid, pairs in found.items()}


def read_impacts(
    actor: Membership, outcomes: Sequence[Outcome], releases: Sequence[Release]
) -> tuple[dict[int, Any], dict[tuple[int, int], Impact]]:
    """Each outcome's metric, and the read of each release against each outcome's metric, keyed
    ``(outcome id, release id)`` — four queries however many outcomes and releases."""
    ids = [o.pk for o in outcomes]
    bound = metrics.metrics_for_outcomes(actor, ids) if ids and releases else {}
    reads = {
        (o.pk, r.pk): Impact(Verdict.NOT_ENOUGH_DATA, NO_METRIC)
        for o in outcomes
        if o.pk not in bound
        for r in releases
    }
    if not bound:
        return bound, reads
    days = {r.pk: shipped_day(r) for r in releases}
    reach = timedelta(days=max(WINDOW[m.grain] * REACH[m.grain] for m in bound.values()) + 31)
    lo, hi = min(days.values()) - reach, max(days.values()) + reach
    series = metrics.series_for_outcomes(actor, list(bound), since=lo)
    near = _shipped_near(actor, list(bound), lo, hi)
    for outcome in outcomes:
        metric = bound.get(outcome.pk)
        if metric is None:
            continue
        points = [(p.period, p.value) for p in series.get(outcome.pk, [])]
        for r in releases:
            reads[(outcome.pk, r.pk)] = read_impact(
                points,
                released=days[r.pk],
                grain=metric.grain,
                others=[day for pk, day in near.get(outcome.pk, []) if pk != r.pk],
                wanted=_wanted(outcome),
            )
    return bound, reads


def release_impacts(actor: Membership, release: Release, trace: Trace) -> list[OutcomeImpact]:
    """Whether ``release`` moved the metric of each outcome it serves (four queries)."""
    bound, reads = read_impacts(actor, trace.outcomes, [release])
    return [OutcomeImpact(o, bound.get(o.pk), reads[(o.pk, release.pk)]) for o in trace.outcomes]


def experiments_covering(actor: Membership, release: Release) -> list[AssumptionTest]:
    """A/B experiments testing an assumption of a solution the release ships: stronger evidence
    than any before/after read."""
    solution_ids = [s.pk for s in release.solutions.all()]
    if not solution_ids:
        return []
    return list(
        AssumptionTest.objects.for_member(actor)
        .filter(method=TestMethod.AB, assumptions__solution_id__in=solution_ids)
        .distinct()
        .order_by("-id")
    )


class OutcomeReleases:
    """The releases serving an outcome, newest first, each with its read against the outcome's
    metric — sliced like a queryset (``[:10]``, the API's pages), read for the slice only.

    ``metric`` is set once a slice has been read.
    """

    def __init__(self, actor: Membership, outcome: Outcome) -> None:
        self.actor, self.outcome = actor, outcome
        self.metric: Any = None
        self._qs = releases(actor).filter(pk__in=releases_serving(actor, outcome.pk).values("pk"))

    def all(self) -> OutcomeReleases:
        return self

    def count(self) -> int:
        return self._qs.count()

    def __getitem__(self, window: slice) -> list[tuple[Release, Impact]]:
        page = list(self._qs[window])
        bound, reads = read_impacts(self.actor, [self.outcome], page)
        self.metric = bound.get(self.outcome.pk)
        return [(r, reads[(self.outcome.pk, r.pk)]) for r in page]

    def __iter__(self) -> Iterator[tuple[Release, Impact]]:
        return iter(self[:])
