"""Reads of the strategy pillar shared by pages, the API, the CLI and exports.

Each function runs a fixed number of queries however many bets, outcomes, check-ins and teams
there are: trees are assembled in Python from one flat read, and counts come from grouped queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from pom.accounts.models import Membership
from pom.core.validation import day_start
from pom.strategy import clarity
from pom.strategy.models import (
    DEFAULT_STALE_DAYS,
    BetStatus,
    CheckIn,
    CheckInStatus,
    Cycle,
    FundingAllocation,
    Level,
    Outcome,
    OutcomeCommitment,
    OutcomeStatus,
    Principle,
    StrategicBet,
    StrategySettings,
)
from pom.teams.models import Team
from pom.teams.queries import my_team_ids

# Above this many outcomes the map folds team-level outcomes into their parent, so it stays a
# picture one can read (and fast); "focus" unfolds one branch.
MAP_FULL_TREE_LIMIT = 200


def today() -> date:
    return timezone.localdate()


def strategy_settings(org_id: int) -> StrategySettings:
    """The organization's settings, or the defaults (unsaved) when it never changed them."""
    found = StrategySettings.objects.for_org(org_id).first()
    return found or StrategySettings(organization_id=org_id)


# --- Who works on what ----------------------------------------------------------------------


def member_team_ids(membership: Membership) -> set[int]:
    """Teams the member's own person record is on; remembered on the membership for the request."""
    cached = getattr(membership, "_pom_strategy_team_ids", None)
    if cached is None:
        cached = my_team_ids(membership)
        membership._pom_strategy_team_ids = cached  # type: ignore[attr-defined]
    return cached


def member_owns(membership: Membership, obj: Any) -> bool:
    """Whether ``obj`` (an outcome or a team) belongs to one of the member's teams."""
    team_id = obj.pk if isinstance(obj, Team) else getattr(obj, "owner_team_id", None)
    return team_id is not None and team_id in member_team_ids(membership)


def member_works_on(membership: Membership, outcome: Any) -> bool:
    """The member's team owns ``outcome`` or committed to it in some cycle."""
    mine = member_team_ids(membership)
    if not mine:
        return False
    if getattr(outcome, "owner_team_id", None) in mine:
        return True
    return (
        OutcomeCommitment.objects.for_org(membership.organization_id)
        .filter(outcome_id=outcome.pk, team_id__in=mine)
        .exists()
    )


# --- Bets -----------------------------------------------------------------------------------


def active_bets(org_id: int) -> QuerySet[StrategicBet]:
    return (
        StrategicBet.objects.for_org(org_id)
        .filter(status=BetStatus.ACTIVE)
        .select_related("owner")
        .order_by("rank", "id")
    )


def bets(org_id: int) -> QuerySet[StrategicBet]:
    return (
        StrategicBet.objects.for_org(org_id)
        .select_related("owner")
        .annotate(n_outcomes=Count("outcomes"))
        .order_by("status", "rank", "id")
    )


def portfolio_findings(
    org_id: int, settings: StrategySettings | None = None
) -> list[clarity.Finding]:
    """Bet-level findings across the organization (count, ranking, missing trade-offs)."""
    settings = settings or strategy_settings(org_id)
    drafts = [b.draft() for b in StrategicBet.objects.for_org(org_id)]
    findings = clarity.lint_portfolio(bets=drafts, limits=settings.limits)
    for d in drafts:
        if d.status == BetStatus.ACTIVE:
            findings.extend(clarity.lint_bet(d))
    return findings


# --- Outcomes -------------------------------------------------------------------------------


def outcomes(org_id: int) -> QuerySet[Outcome]:
    return Outcome.objects.for_org(org_id).select_related("owner_team", "bet", "parent")


def filter_outcomes(
    qs: QuerySet[Outcome], params: dict[str, Any], stale_days: int, *, org_id: int | None = None
) -> QuerySet[Outcome]:
    """Apply the list filters people use: text, status, level, team, bet, stale, and what needs
    attention (``attention=off_track`` or ``breached``, counted the same way as on the home)."""
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(
            Q(title__icontains=q) | Q(metric_name__icontains=q) | Q(segment__icontains=q)
        )
    if params.get("status") in OutcomeStatus.values:
        qs = qs.filter(status=params["status"])
    if params.get("level") in ("business", "product", "team"):
        qs = qs.filter(level=params["level"])
    team = params.get("team")
    if team:
        qs = (
            qs.filter(owner_team__slug=team)
            if not str(team).isdigit()
            else qs.filter(owner_team_id=int(team))
        )
    bet = params.get("bet")
    if bet and str(bet).isdigit():
        qs = qs.filter(bet_id=int(bet))
    if params.get("stale") in ("1", "true", True):
        qs = stale_filter(qs, stale_days)
    attention = params.get("attention")
    if org_id is not None and attention == "off_track":
        qs = qs.filter(off_track_q(org_id))
    elif org_id is not None and attention == "breached":
        qs = qs.filter(breached_q(org_id))
    return qs


ATTENTION = (("off_track", "Off track"), ("breached", "Guardrail breached"))
IN_PLAY = (OutcomeStatus.DRAFT, OutcomeStatus.COMMITTED)  # what a check-in can still change


def off_track_q(org_id: int) -> Q:
    """Open outcomes that are off track: the latest check-in says so, or the metric's forecast."""
    from pom.metrics.queries import off_track_forecasts

    forecast = Exists(off_track_forecasts(org_id).filter(outcome_id=OuterRef("pk")))
    return Q(status__in=IN_PLAY) & (Q(last_status=CheckInStatus.OFF_TRACK) | Q(forecast))


def breached_q(org_id: int) -> Q:
    """Open outcomes with a guardrail breached: at the latest check-in, or by its bound metric."""
    from pom.metrics.queries import breached_guardrails

    metric = Exists(breached_guardrails(org_id).filter(outcome_id=OuterRef("pk")))
    return Q(status__in=IN_PLAY) & (Q(breached_guardrails__gt=0) | Q(metric))


def stale_filter(qs: QuerySet[Outcome], stale_days: int) -> QuerySet[Outcome]:
    cutoff = today() - timedelta(days=stale_days)
    return qs.filter(status__in=(OutcomeStatus.DRAFT, OutcomeStatus.COMMITTED)).filter(
        Q(last_check_in_on__lt=cutoff)
        | Q(last_check_in_on__isnull=True, created_at__lt=day_start(cutoff))
    )


def would_cycle(outcome: Outcome | None, parent: Outcome) -> bool:
    """Whether making ``parent`` the parent of ``outcome`` closes a loop in the tree."""
    if outcome is None or outcome.pk is None:
        return False
    seen: set[int] = set()
    node_id: int | None = parent.pk
    parents = dict(
        Outcome.objects.for_org(parent.organization_id)
        .filter(parent__isnull=False)
        .values_list("id", "parent_id")
    )
    while node_id is not None and node_id not in seen:
        if node_id == outcome.pk:
            return True
        seen.add(node_id)
        node_id = parents.get(node_id)
    return False


def outcome_lint(outcome: Outcome, *, cycle: Cycle | None = None) -> list[clarity.Finding]:
    team = outcome.owner_team.name if outcome.owner_team_id and outcome.owner_team else ""
    return clarity.lint_outcome(
        outcome.draft(owner_team=team), today=today(), cycle=cycle.window if cycle else None
    )


def lint_form(
    actor: Membership,
    post: Mapping[str, str],
    guardrails: list[dict[str, Any]],
    guardrail_problem: str | None = None,
) -> list[clarity.Finding]:
    """What the linter says of an outcome form as it stands, tolerating half-typed numbers and dates.

    ``guardrails`` are the form's lines already parsed, and ``guardrail_problem`` what was wrong
    with them (shown as finding O143), so the text is read once per request.
    """
    data: dict[str, Any] = {
        "title": post.get("title", ""),
        "level": post.get("level", "team"),
        "metric": post.get("metric_name", ""),
        "segment": post.get("segment", ""),
        "direction": post.get("direction", ""),
        "tradeoffs": post.get("tradeoffs", ""),
        "status": post.get("status", "draft"),
        "guardrails": guardrails,
    }
    for name in ("baseline_value", "target_value", "baseline_date", "deadline"):
        value = post.get(name, "").strip()
        try:
            clarity.outcome_from_mapping({name: value})
        except ValueError:
            value = ""
        data[name] = value
    team_id = post.get("owner_team", "")
    team = (
        Team.objects.for_member(actor).filter(pk=team_id).only("name").first()
        if team_id.isdigit()
        else None
    )
    data["owner_team"] = team.name if team else ""
    findings = clarity.lint_outcome(clarity.outcome_from_mapping(data), today=today())
    if guardrail_problem:
        findings.append(
            clarity.Finding(
                "O143",
                clarity.ERROR,
                "guardrails",
                guardrail_problem,
                "Fix the line, or remove it.",
            )
        )
    return findings


@dataclass
class OutcomePage:
    outcome: Outcome
    children: list[Outcome]
    check_ins: list[CheckIn]
    commitments: list[OutcomeCommitment]
    funding: list[FundingAllocation]
    findings: list[clarity.Finding]
    stale: bool
    stale_days: int
    chart: dict[str, Any]


CHECK_IN_HISTORY = 104  # two years of weekly check-ins on the chart


def outcome_page(outcome: Outcome) -> OutcomePage:
    """Everything the outcome page shows, in a fixed number of queries."""
    org_id = outcome.organization_id
    settings = strategy_settings(org_id)
    children = list(
        Outcome.objects.for_org(org_id)
        .filter(parent_id=outcome.pk)
        .select_related("owner_team")
        .order_by("title")
    )
    check_ins = list(
        CheckIn.objects.for_org(org_id)
        .filter(outcome_id=outcome.pk)
        .select_related("author")
        .order_by("-date", "-id")[:CHECK_IN_HISTORY]
    )
    commitments = list(
        OutcomeCommitment.objects.for_org(org_id)
        .filter(outcome_id=outcome.pk)
        .select_related("team", "cycle")
        .order_by("-cycle__start", "team__name")
    )
    funding = list(
        FundingAllocation.objects.for_org(org_id)
        .filter(outcome_id=outcome.pk)
        .select_related("cycle")
        .order_by("-cycle__start")
    )
    current_cycle = next((c.cycle for c in commitments if c.cycle.contains(today())), None)
    history = list(reversed(check_ins))
    chart = {
        "labels": [c.date.isoformat() for c in history],
        "values": [c.value for c in history],
        "confidence": [c.confidence for c in history],
        "baseline": outcome.baseline_value,
        "target": outcome.target_value,
        "unit": outcome.metric_unit,
        "metric": outcome.metric_name,
    }
    return OutcomePage(
        outcome=outcome,
        children=children,
        check_ins=check_ins,
        commitments=commitments,
        funding=funding,
        findings=outcome_lint(outcome, cycle=current_cycle),
        stale=outcome.is_stale(today(), settings.stale_after_days),
        stale_days=settings.stale_after_days,
        chart=chart,
    )


# --- The strategy map -----------------------------------------------------------------------


@dataclass
class MapNode:
    outcome: Outcome
    children: list[MapNode] = field(default_factory=list)
    folded: int = 0  # team-level outcomes folded into this node
    folded_teams: int = 0
    folded_stale: int = 0
    stale: bool = False


@dataclass
class MapBet:
    bet: StrategicBet | None
    roots: list[MapNode] = field(default_factory=list)

    @property
    def teams(self) -> list[Team]:
        seen: dict[int, Team] = {}

        def walk(nodes: list[MapNode]) -> None:
            for n in nodes:
                if n.outcome.owner_team_id and n.outcome.owner_team:
                    seen[n.outcome.owner_team_id] = n.outcome.owner_team
                walk(n.children)

        walk(self.roots)
        return sorted(seen.values(), key=lambda t: t.name)


@dataclass
class StrategyMap:
    bets: list[MapBet]
    total: int
    folded: bool
    stale_days: int
    focus: Outcome | None = None


OPEN = (OutcomeStatus.DRAFT, OutcomeStatus.COMMITTED, OutcomeStatus.ACHIEVED)


MAP_COLUMNS = (
    "id",
    "title",
    "level",
    "parent_id",
    "bet_id",
    "owner_team_id",
    "owner_team__name",
    "owner_team__slug",
    "status",
    "current_value",
    "baseline_value",
    "target_value",
    "direction",
    "last_check_in_on",
    "last_confidence",
    "created_at",
    "metric_unit",
    "organization_id",
)


def stale_q(stale_days: int) -> Q:
    cutoff = today() - timedelta(days=stale_days)
    return Q(status__in=(OutcomeStatus.DRAFT, OutcomeStatus.COMMITTED)) & (
        Q(last_check_in_on__lt=cutoff)
        | Q(last_check_in_on__isnull=True, created_at__lt=day_start(cutoff))
    )


def strategy_map(
    org_id: int, *, bet_id: int | None = None, focus_id: int | None = None, full: bool = False
) -> StrategyMap:
    """Bets → outcome tree → owning teams, in a fixed number of queries.

    Large organizations get team-level outcomes folded into their parents: counted in one grouped
    query rather than read and drawn. ``focus_id`` draws one branch in full.
    """
    settings = strategy_settings(org_id)
    now = today()
    bet_list = list(active_bets(org_id))
    if bet_id:
        bet_list = [b for b in bet_list if b.pk == bet_id]
    base = Outcome.objects.for_org(org_id).filter(status__in=OPEN)
    total = base.count()
    fold = not full and total > MAP_FULL_TREE_LIMIT
    columns = base.select_related("owner_team").only(*MAP_COLUMNS).order_by("title", "id")
    if not fold:
        rows = list(columns)
    else:
        rows = list(columns.filter(~Q(level=Level.TEAM) | Q(parent__isnull=True)))
    by_id = {o.pk: o for o in rows}
    focus: Outcome | None = None
    branch: set[int] = set()
    if focus_id:
        focus = by_id.get(focus_id) or columns.filter(pk=focus_id).first()
        if focus is not None:
            by_id.setdefault(focus.pk, focus)
            if focus not in rows:
                rows.append(focus)
            kids: dict[int, list[int]] = defaultdict(list)
            for o in rows:
                if o.parent_id:
                    kids[o.parent_id].append(o.pk)
            stack = [focus.pk]
            while stack:
                pk = stack.pop()
                branch.add(pk)
                stack.extend(kids.get(pk, ()))
            if fold:
                extra = [
                    o
                    for o in columns.filter(level=Level.TEAM, parent_id__in=branch)
                    if o.pk not in by_id
                ]
                rows.extend(extra)
                by_id.update((o.pk, o) for o in extra)
                branch.update(o.pk for o in extra)
    nodes = {o.pk: MapNode(o, stale=o.is_stale(now, settings.stale_after_days)) for o in rows}
    if fold:
        folded = (
            base.filter(level=Level.TEAM, parent__isnull=False)
            .exclude(parent_id__in=branch)
            .order_by()
            .values("parent_id")
            .annotate(
                n=Count("id"),
                teams=Count("owner_team_id", distinct=True),
                stale=Count("id", filter=stale_q(settings.stale_after_days)),
            )
        )
        for row in folded:
            node = nodes.get(row["parent_id"])
            if node is not None:
                node.folded, node.folded_teams, node.folded_stale = (
                    row["n"],
                    row["teams"],
                    row["stale"],
                )
    roots_by_bet: dict[int | None, list[MapNode]] = defaultdict(list)
    for o in rows:
        node = nodes[o.pk]
        parent = nodes.get(o.parent_id) if o.parent_id else None
        if parent is not None:
            parent.children.append(node)
        else:
            roots_by_bet[o.bet_id].append(node)
    active_ids = {b.pk for b in bet_list}
    result = [MapBet(b, roots_by_bet.get(b.pk, [])) for b in bet_list]
    if not bet_id:
        unlinked = [n for key, ns in roots_by_bet.items() if key not in active_ids for n in ns]
        if unlinked:
            result.append(MapBet(None, unlinked))
    return StrategyMap(
        bets=result, total=total, folded=fold, stale_days=settings.stale_after_days, focus=focus
    )


def map_as_data(smap: StrategyMap) -> list[dict[str, Any]]:
    """The map as nested plain data for the API."""

    def node(n: MapNode) -> dict[str, Any]:
        o = n.outcome
        return {
            "id": o.pk,
            "title": o.title,
            "level": o.level,
            "status": o.status,
            "owner_team": (
                {"id": o.owner_team_id, "name": o.owner_team.name, "slug": o.owner_team.slug}
                if o.owner_team_id and o.owner_team
                else None
            ),
            "progress": o.progress,
            "confidence": o.last_confidence,
            "stale": n.stale,
            "folded_children": n.folded,
            "children": [node(c) for c in n.children],
        }

    return [
        {
            "bet": (
                {
                    "id": b.bet.pk,
                    "title": b.bet.title,
                    "rank": b.bet.rank,
                    "tradeoffs": b.bet.tradeoffs,
                }
                if b.bet
                else None
            ),
            "outcomes": [node(n) for n in b.roots],
        }
        for b in smap.bets
    ]


# --- Cycle planning -------------------------------------------------------------------------


@dataclass
class FundingMix:
    amount: dict[str, Decimal]
    headcount: dict[str, Decimal]

    def shares(self, kind: str) -> dict[str, float]:
        values = self.amount if kind == "amount" else self.headcount
        total = sum(values.values()) or Decimal(0)
        return {k: float(v / total) if total else 0.0 for k, v in values.items()}

    @property
    def amount_total(self) -> Decimal:
        return sum(self.amount.values()) or Decimal(0)

    @property
    def headcount_total(self) -> Decimal:
        return sum(self.headcount.values()) or Decimal(0)

    def as_rows(self) -> list[dict[str, Any]]:
        a, h = self.shares("amount"), self.shares("headcount")
        return [
            {
                "kind": kind,
                "amount": self.amount[kind],
                "headcount": self.headcount[kind],
                "amount_share": round(a[kind] * 100, 1),
                "headcount_share": round(h[kind] * 100, 1),
            }
            for kind in ("outcome", "team", "project")
        ]


def funding_mix(org_id: int, cycle_id: int) -> FundingMix:
    """Money and people funded to outcomes, to teams and to projects in one cycle: one query."""
    row = (
        FundingAllocation.objects.for_org(org_id)
        .filter(cycle_id=cycle_id)
        .aggregate(
            outcome_amount=Sum("amount", filter=Q(outcome__isnull=False)),
            team_amount=Sum("amount", filter=Q(team__isnull=False)),
            project_amount=Sum("amount", filter=Q(project__isnull=False)),
            outcome_headcount=Sum("headcount", filter=Q(outcome__isnull=False)),
            team_headcount=Sum("headcount", filter=Q(team__isnull=False)),
            project_headcount=Sum("headcount", filter=Q(project__isnull=False)),
        )
    )
    kinds = ("outcome", "team", "project")
    return FundingMix(
        amount={k: Decimal(row[f"{k}_amount"] or 0) for k in kinds},
        headcount={k: Decimal(row[f"{k}_headcount"] or 0) for k in kinds},
    )


def cycle_findings(
    org_id: int, cycle: Cycle, settings: StrategySettings, limit: int = 20
) -> list[clarity.Finding]:
    """Over-committed teams and outcomes shared by too many teams in ``cycle``: two grouped queries."""
    base = OutcomeCommitment.objects.for_org(org_id).filter(cycle_id=cycle.pk)
    busy = list(
        base.values("team_id", "team__name")
        .annotate(n=Count("outcome_id", distinct=True))
        .filter(n__gt=settings.max_outcomes_per_team)
        .order_by("-n", "team__name")[:limit]
    )
    shared = list(
        base.filter(outcome__children__isnull=True)
        .values("outcome_id", "outcome__title")
        .annotate(n=Count("team_id", distinct=True))
        .filter(n__gt=settings.max_teams_per_outcome)
        .order_by("-n", "outcome__title")[:limit]
    )
    commitments = [
        clarity.Commitment(row["team__name"], f"busy-{row['team_id']}-{i}", cycle.name)
        for row in busy
        for i in range(row["n"])
    ]
    for row in shared:
        commitments.extend(
            clarity.Commitment(f"team-{i}", str(row["outcome_id"]), cycle.name)
            for i in range(row["n"])
        )
    drafts = [
        clarity.OutcomeDraft(title=row["outcome__title"], key=str(row["outcome_id"]))
        for row in shared
    ]
    return clarity.lint_portfolio(outcomes=drafts, commitments=commitments, limits=settings.limits)


def cycles_with_counts(org_id: int) -> QuerySet[Cycle]:
    """Cycles, newest first, with how many commitments and allocations each has (subqueries, not joins)."""

    def counted(model: Any) -> Subquery:
        return Subquery(
            model.objects.filter(organization_id=org_id, cycle_id=OuterRef("pk"))
            .order_by()
            .values("cycle_id")
            .annotate(n=Count("id"))
            .values("n")[:1]
        )

    return (
        Cycle.objects.for_org(org_id)
        .annotate(
            n_commitments=Coalesce(counted(OutcomeCommitment), 0),
            n_funding=Coalesce(counted(FundingAllocation), 0),
        )
        .order_by("-start", "id")
    )


def stale_count(org_id: int, stale_days: int = DEFAULT_STALE_DAYS) -> int:
    return stale_filter(Outcome.objects.for_org(org_id), stale_days).count()


def principles_with_counts(membership: Membership) -> QuerySet[Principle]:
    """The organization's principles in order, each with how many decisions cite it (one query)."""
    return (
        Principle.objects.for_member(membership)
        .annotate(invoked=Count("decisions"))
        .order_by("position", "id")
    )
