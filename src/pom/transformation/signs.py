"""The five signs that the product model is working, computed from the other pillars' records.

Each sign is one or more measures: a share (0–1) for the organization, for the pilot teams and
for the rest side by side (the comparison is the proof the pilots are meant to produce), with
its trend per cycle where the records carry dates, the records behind it one click away, and
— where a pillar that would feed it is not in pom yet — a plain sentence saying what it waits
for. Reads are aggregate queries grouped by team, folded here into pilots and the rest; a fixed
number however many teams. The whole set is kept for ``CACHE_SECONDS`` and says when it was
computed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone

from pom.accounts.models import Membership
from pom.core.validation import day_start, today
from pom.delivery.models import Release
from pom.discovery.figures import week_start
from pom.discovery.models import (
    Decision,
    DecisionKind,
    InputKind,
    Opportunity,
    Origin,
    Solution,
    StakeholderInput,
    Triage,
)
from pom.metrics.models import BindingRole, Grain, MetricPoint, OutcomeMetric
from pom.strategy.models import Cycle, FundingAllocation, Outcome, OutcomeStatus
from pom.strategy.queries import outcome_lint
from pom.teams.models import PilotStatus, Team
from pom.transformation.models import PilotChoice

WINDOW_DAYS = 90  # "lately": the measures that are not per cycle read the last 90 days
TREND_CYCLES = 4
CACHE_SECONDS = 600
ACTIVE_OUTCOMES = (OutcomeStatus.DRAFT, OutcomeStatus.COMMITTED)


def share(part: float, whole: float) -> float | None:
    return round(part / whole, 3) if whole else None


@dataclass
class Measure:
    key: str
    label: str
    definition: str
    org: float | None = None
    pilots: float | None = None
    rest: float | None = None
    n: int = 0
    detail: str = ""
    trend: list[tuple[str, float | None]] = field(default_factory=list)
    evidence: str = ""
    waits: str = ""


@dataclass
class Sign:
    letter: str
    title: str
    measures: list[Measure]


@dataclass
class Signs:
    signs: list[Sign]
    computed_at: datetime
    pilot_teams: int
    window_days: int = WINDOW_DAYS


class _Groups:
    """Per-team counts folded into the organization, the pilot teams and the rest."""

    def __init__(self, pilot_ids: set[int]) -> None:
        self.pilot_ids = pilot_ids

    def fold(self, rows: Iterable[tuple[int | None, float, float]], m: Measure) -> Measure:
        tot = [0.0, 0.0]
        pil = [0.0, 0.0]
        res = [0.0, 0.0]
        for team_id, part, whole in rows:
            part, whole = float(part or 0), float(whole or 0)
            tot[0] += part
            tot[1] += whole
            bucket = pil if team_id in self.pilot_ids else res
            bucket[0] += part
            bucket[1] += whole
        m.org, m.pilots, m.rest, m.n = share(*tot), share(*pil), share(*res), int(tot[1])
        return m


def _cycles(actor: Membership, day: date) -> list[Cycle]:
    found = list(
        Cycle.objects.for_member(actor).filter(start__lte=day).order_by("-start")[:TREND_CYCLES]
    )
    return list(reversed(found))


def _trend(
    qs: Any, date_field: str, part: Q, cycles: list[Cycle]
) -> list[tuple[str, float | None]]:
    """One query: for each cycle, the share of rows dated in it that match ``part``."""
    if not cycles:
        return []
    agg: dict[str, Any] = {}
    for i, c in enumerate(cycles):
        span = Q(**{f"{date_field}__gte": c.start, f"{date_field}__lte": c.end})
        agg[f"all{i}"] = Count("id", filter=span, distinct=True)
        agg[f"hit{i}"] = Count("id", filter=span & part, distinct=True)
    row = qs.aggregate(**agg)
    return [(c.name, share(row[f"hit{i}"], row[f"all{i}"])) for i, c in enumerate(cycles)]


def _funding(actor: Membership, cycles: list[Cycle]) -> Measure:
    m = Measure(
        "funding",
        "Funding to teams and outcomes",
        "Share of a cycle's funding (amount; headcount where no amount is given) allocated to teams or outcomes rather than projects. Projects have no team, so this sign is read for the whole organization.",
    )
    rows = {
        r["cycle_id"]: r
        for r in FundingAllocation.objects.for_member(actor)
        .filter(cycle__in=cycles)
        .values("cycle_id")
        .annotate(
            prod_amt=Sum("amount", filter=Q(project__isnull=True)),
            all_amt=Sum("amount"),
            prod_hc=Sum("headcount", filter=Q(project__isnull=True)),
            all_hc=Sum("headcount"),
        )
        .order_by()
    }
    for c in cycles:
        r = rows.get(c.pk)
        value = None
        if r:
            value = (
                share(r["prod_amt"] or 0, r["all_amt"])
                if r["all_amt"]
                else share(r["prod_hc"] or 0, r["all_hc"] or 0)
            )
        m.trend.append((c.name, value))
    latest = next(((name, v) for name, v in reversed(m.trend) if v is not None), None)
    if latest:
        m.org = latest[1]
        m.detail = f"In {latest[0]}."
        m.evidence = reverse("strategy:cycles")
    else:
        m.waits = "No funding is recorded for any cycle yet: record it on the cycle planning pages."
    return m


def _outcomes_clear(actor: Membership, groups: _Groups) -> Measure:
    m = Measure(
        "clear_outcomes",
        "Outcomes that pass the clarity linter",
        "Share of draft and committed outcomes with no error from the clarity linter (an outcome, not an output; metric, segment, target and deadline present).",
        evidence=reverse("strategy:outcomes"),
    )
    outcomes = list(
        Outcome.objects.for_member(actor)
        .filter(status__in=ACTIVE_OUTCOMES)
        .select_related("owner_team")
    )
    rows = [
        (o.owner_team_id, 0 if any(f.is_error for f in outcome_lint(o)) else 1, 1) for o in outcomes
    ]
    return groups.fold(rows, m)


def _releases_linked(
    actor: Membership, groups: _Groups, since: date, cycles: list[Cycle]
) -> Measure:
    m = Measure(
        "linked_releases",
        "Releases that serve an outcome",
        f"Share of releases shipped in the last {WINDOW_DAYS} days with at least one linked solution under an outcome.",
        evidence=reverse("delivery:releases") + "?linked=no",
    )
    linked = Q(solutions__opportunity__outcome__isnull=False)
    qs = Release.objects.for_member(actor)
    rows = (
        qs.filter(shipped_at__gte=day_start(since))
        .values("team_id")
        .annotate(hit=Count("id", filter=linked, distinct=True), n=Count("id", distinct=True))
        .order_by()
        .values_list("team_id", "hit", "n")
    )
    groups.fold(rows, m)
    m.trend = _trend(qs, "shipped_at__date", linked, cycles)
    if not m.n:
        m.waits = "No release is recorded in the window yet (delivery pillar)."
    return m


def _decisions(actor: Membership, groups: _Groups, since: date, cycles: list[Cycle]) -> Measure:
    m = Measure(
        "team_decisions",
        "Decisions taken by the team",
        f"Share of decisions logged in the last {WINDOW_DAYS} days that were the team's call rather than leadership's.",
        evidence=reverse("discovery:decisions"),
    )
    qs = Decision.objects.for_member(actor)
    mine = Q(kind=DecisionKind.TEAM)
    rows = (
        qs.filter(decided_on__gte=since)
        .values("team_id")
        .annotate(hit=Count("id", filter=mine), n=Count("id"))
        .order_by()
        .values_list("team_id", "hit", "n")
    )
    groups.fold(rows, m)
    m.trend = _trend(qs, "decided_on", mine, cycles)
    return m


def _solutions(actor: Membership, groups: _Groups, since: date) -> Measure:
    m = Measure(
        "discovered_solutions",
        "Solutions that came from discovery",
        f"Share of solutions added in the last {WINDOW_DAYS} days that came from the team's discovery rather than a stakeholder's request.",
        evidence=reverse("discovery:index"),
    )
    rows = (
        Solution.objects.for_member(actor)
        .filter(created_at__gte=day_start(since))
        .values("team_id")
        .annotate(hit=Count("id", filter=Q(origin=Origin.TEAM)), n=Count("id"))
        .order_by()
        .values_list("team_id", "hit", "n")
    )
    return groups.fold(rows, m)


def _trees(actor: Membership, groups: _Groups, since: date, team_ids: list[int]) -> Measure:
    m = Measure(
        "trees_in_use",
        "Opportunity trees in use",
        f"Share of active teams that added or changed an opportunity under an outcome in the last {WINDOW_DAYS} days.",
        evidence=reverse("discovery:index"),
    )
    using = set(
        Opportunity.objects.for_member(actor)
        .filter(updated_at__gte=day_start(since))
        .values_list("team_id", flat=True)
        .distinct()
    )
    return groups.fold(((t, int(t in using), 1) for t in team_ids), m)


def _inputs(actor: Membership, groups: _Groups, since: date, cycles: list[Cycle]) -> Measure:
    m = Measure(
        "input_not_solutions",
        "Stakeholder input as context or constraint",
        f"Share of stakeholder input received in the last {WINDOW_DAYS} days typed as context or constraint, rather than a suggested or decided solution.",
        evidence=reverse("discovery:inbox") + "?triage=",
    )
    qs = StakeholderInput.objects.for_member(actor)
    good = Q(kind__in=[InputKind.CONTEXT, InputKind.CONSTRAINT])
    recent = qs.filter(created_at__gte=day_start(since))
    rows = (
        recent.values("team_id")
        .annotate(hit=Count("id", filter=good), n=Count("id"))
        .order_by()
        .values_list("team_id", "hit", "n")
    )
    groups.fold(rows, m)
    m.trend = _trend(qs, "created_at__date", good, cycles)
    dictated = dict(
        recent.filter(kind=InputKind.DECISION)
        .values("triage")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("triage", "n")
    )
    if dictated:
        labels = dict(Triage.choices)
        m.detail = (
            "Dictated solutions, by triage: "
            + ", ".join(f"{labels[k].lower()} {v}" for k, v in sorted(dictated.items()))
            + "."
        )
    return m


def _toward(baseline: float | None, target: float | None, value: float | None) -> int:
    """1 when ``value`` has moved from the baseline toward the target, else 0."""
    if baseline is None or target is None:
        return 0
    wanted = float(target) - float(baseline)
    return int(value is not None and wanted != 0 and (float(value) - float(baseline)) * wanted > 0)


def _period(day: date, grain: str) -> date:
    """The period of a ``grain`` metric that ``day`` falls in (how the metrics store points)."""
    if grain == Grain.WEEK:
        return week_start(day)
    if grain == Grain.MONTH:
        return day.replace(day=1)
    return day


def _metric_moving(actor: Membership, groups: _Groups, cycles: list[Cycle], day: date) -> Measure:
    """Outcomes bound to a metric whose series has moved from the baseline toward the target.

    Two queries: the bindings (with the metric's latest value), and the points at the end of
    each cycle of the trend, read for the bound metrics only."""
    m = Measure(
        "metrics_moving",
        "Bound outcomes whose metric moves toward the target",
        "Share of draft and committed outcomes bound to a metric (Metrics), with a baseline and a target, whose metric's latest value has moved from the baseline toward the target. The trend reads the metric's value at the end of each cycle.",
        evidence=reverse("metrics:index"),
    )
    bound = list(
        OutcomeMetric.objects.for_member(actor)
        .filter(
            role=BindingRole.PRIMARY,
            outcome__status__in=ACTIVE_OUTCOMES,
            outcome__baseline_value__isnull=False,
            outcome__target_value__isnull=False,
        )
        .values_list(
            "outcome__owner_team_id",
            "outcome__baseline_value",
            "outcome__target_value",
            "metric_id",
            "metric__grain",
            "metric__latest_value",
        )
    )
    if not bound:
        m.waits = (
            "No draft or committed outcome with a baseline and a target is bound to a metric yet: "
            "bind outcomes to metric series (Metrics) for this sign to read the numbers from data."
        )
        return m
    groups.fold(
        [(team, _toward(base, target, latest), 1) for team, base, target, _, _, latest in bound],
        m,
    )
    ends = [min(c.end, day) for c in cycles]
    wanted = {_period(end, grain) for end in ends for grain in Grain.values}
    values = {
        (metric_id, period): value
        for metric_id, period, value in MetricPoint.objects.filter(
            metric_id__in={row[3] for row in bound}, period__in=sorted(wanted)
        ).values_list("metric_id", "period", "value")
    }
    for c, end in zip(cycles, ends, strict=True):
        read = [
            _toward(base, target, values[(metric_id, _period(end, grain))])
            for _, base, target, metric_id, grain, _ in bound
            if (metric_id, _period(end, grain)) in values
        ]
        m.trend.append((c.name, share(sum(read), len(read))))
    return m


def _moving(actor: Membership, groups: _Groups) -> Measure:
    m = Measure(
        "outcomes_moving",
        "Outcomes moving toward their target, by their check-ins",
        "Share of draft and committed outcomes with a baseline, a target and a current value whose current value (the last check-in, or the bound metric's latest value) has moved from the baseline toward the target.",
        evidence=reverse("strategy:outcomes"),
    )
    rows = []
    for team_id, baseline, target, current in (
        Outcome.objects.for_member(actor)
        .filter(
            status__in=ACTIVE_OUTCOMES,
            baseline_value__isnull=False,
            target_value__isnull=False,
            current_value__isnull=False,
        )
        .values_list("owner_team_id", "baseline_value", "target_value", "current_value")
    ):
        rows.append((team_id, _toward(baseline, target, current), 1))
    if not rows:
        m.waits = "No open outcome has a baseline, a target and a current value yet."
    return groups.fold(rows, m)


def compute(actor: Membership, day: date | None = None) -> Signs:
    day = day or today()
    since = day - timedelta(days=WINDOW_DAYS)
    team_ids = list(
        Team.objects.for_member(actor).filter(archived_at__isnull=True).values_list("pk", flat=True)
    )
    pilot_ids = set(
        PilotChoice.objects.for_member(actor)
        .filter(ended_on__isnull=True)
        .values_list("team_id", flat=True)
    ) | set(
        Team.objects.for_member(actor)
        .filter(pilot_status__in=[PilotStatus.PILOT, PilotStatus.GRADUATED])
        .values_list("pk", flat=True)
    )
    groups = _Groups(pilot_ids)
    cycles = _cycles(actor, day)
    return Signs(
        [
            Sign(
                "a", "Funding goes to teams and outcomes, not projects", [_funding(actor, cycles)]
            ),
            Sign(
                "b",
                "Outcomes over outputs",
                [_outcomes_clear(actor, groups), _releases_linked(actor, groups, since, cycles)],
            ),
            Sign(
                "c",
                "Teams are empowered to solve problems",
                [
                    _decisions(actor, groups, since, cycles),
                    _solutions(actor, groups, since),
                    _trees(actor, groups, since, team_ids),
                ],
            ),
            Sign(
                "d",
                "Stakeholders give input, not solutions",
                [_inputs(actor, groups, since, cycles)],
            ),
            Sign(
                "e",
                "Outcome metrics improve over time",
                [_metric_moving(actor, groups, cycles, day), _moving(actor, groups)],
            ),
        ],
        timezone.now(),
        len(pilot_ids & set(team_ids)),
    )


def cached(actor: Membership, refresh: bool = False) -> Signs:
    """The signs as computed at most ``CACHE_SECONDS`` ago (or now, when asked to refresh)."""
    key = f"pom:transformation:signs:{actor.organization_id}"
    found = None if refresh else cache.get(key)
    if found is None:
        found = compute(actor)
        cache.set(key, found, CACHE_SECONDS)
    return found  # type: ignore[no-any-return]
