"""The counts the anti-pattern rules read, in a fixed number of aggregate queries.

Every read is grouped by team (or aggregated for the organization), so the number of queries
does not grow with teams, outcomes or releases. The scan is kept for ``CACHE_SECONDS`` like the
signs and says when it was computed; leaders recompute it on demand.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import timezone

from pom.accounts.models import Membership
from pom.core.models import AuditEvent
from pom.core.validation import day_start, today
from pom.delivery.models import Deployment, DeploymentResult, Environment, Release
from pom.discovery.models import (
    Decision,
    DecisionKind,
    InputKind,
    Origin,
    Solution,
    SolutionStatus,
    StakeholderInput,
    Touchpoint,
)
from pom.experiments.models import AssumptionTest, TestDecision, TestStatus
from pom.experiments.queries import overdue_q
from pom.metrics.models import OutcomeMetric
from pom.strategy.models import BetStatus, FundingAllocation, Outcome, StrategicBet
from pom.teams.models import PilotStatus, Team, TeamMember
from pom.transformation import patterns
from pom.transformation.models import PilotChoice, Wave
from pom.transformation.signs import ACTIVE_OUTCOMES, WINDOW_DAYS

CACHE_SECONDS = 600
HOME_FINDINGS = 3


def _audit_type(model: type) -> str:
    return str(model._meta.verbose_name).title()  # type: ignore[attr-defined]


def _counts(rows: object) -> patterns.Counts:
    return {t: (int(h or 0), int(n or 0)) for t, h, n in rows}  # type: ignore[attr-defined]


def make_links(slugs: dict[int, str]) -> patterns.Links:
    """Where each finding's evidence is, for the organization (team None) or one team."""
    return lambda key, team: links(key, team, slugs)


def links(key: str, team: int | None, slugs: dict[int, str] | None = None) -> str:

    def url(name: str, **params: object) -> str:
        query = {k: v for k, v in params.items() if v not in (None, "")}
        return reverse(name) + (f"?{urlencode(query)}" if query else "")

    if key == "stale_outcomes":
        return url("strategy:outcomes", stale=1, team=team)
    if key == "unlinked_releases":
        return url("delivery:releases", linked="no", team=team)
    if key == "tests":
        return url("experiments:index")
    if key == "overdue_tests":
        return url("experiments:index", overdue=1, team=team)
    if key == "delivery":
        return url("delivery:overview")
    if key == "team_delivery" and team:
        return reverse("delivery:team", args=[team])
    if key == "member_changes":
        return url("core:audit_log", object_type=_audit_type(TeamMember))
    if key == "team" and team and slugs and team in slugs:
        return reverse("teams:team", args=[slugs[team]])
    if key == "bets":
        return url("strategy:index")
    if key == "funding":
        return url("strategy:cycles")
    if key == "leadership_decisions":
        return url("discovery:decisions", kind=DecisionKind.LEADERSHIP.value)
    if key == "inbox":
        return url("discovery:inbox", team=team)
    if key == "discovery_team":
        return reverse("discovery:team", args=[team]) if team else url("discovery:index")
    if key == "rollout":
        return url("transformation:rollout")
    if key == "wave" and team:
        return reverse("transformation:wave", args=[team])
    if key == "touchpoints":
        return url("discovery:touchpoints", team=team)
    return ""


def gather(actor: Membership, day: date | None = None) -> patterns.Facts:
    day = day or today()
    since = day - timedelta(days=WINDOW_DAYS)
    facts = patterns.Facts(WINDOW_DAYS)
    team_rows = list(
        Team.objects.for_member(actor)
        .filter(archived_at__isnull=True)
        .values_list("pk", "name", "pilot_status", "created_at", "formed_on", "slug")
    )
    facts.teams = {pk: name for pk, name, *_ in team_rows}
    facts.slugs = {row[0]: row[5] for row in team_rows}
    settled = {row[0] for row in team_rows if (row[4] or row[3].date()) < since}
    chosen = set(PilotChoice.objects.for_member(actor).values_list("team_id", flat=True))
    facts.pilot_ids = chosen | {
        pk
        for pk, _, status, *_ in team_rows
        if status in (PilotStatus.PILOT, PilotStatus.GRADUATED)
    }
    facts.pilots_ever = len(facts.pilot_ids)

    # Feature factory -------------------------------------------------------------------------
    bound = Exists(OutcomeMetric.objects.for_member(actor).filter(outcome_id=OuterRef("pk")))
    measured = Q(bound=True) | Q(last_check_in_on__gte=since)
    facts.unmeasured_outcomes = _counts(
        Outcome.objects.for_member(actor)
        .filter(status__in=ACTIVE_OUTCOMES)
        .annotate(bound=bound)
        .values("owner_team_id")
        .annotate(hit=Count("id", filter=~measured), n=Count("id"))
        .order_by()
        .values_list("owner_team_id", "hit", "n")
    )
    linked = Q(solutions__opportunity__outcome__isnull=False)
    facts.unlinked_releases = {
        t: (n - hit, n)
        for t, (hit, n) in _counts(
            Release.objects.for_member(actor)
            .filter(shipped_at__gte=day_start(since))
            .values("team_id")
            .annotate(hit=Count("id", filter=linked, distinct=True), n=Count("id", distinct=True))
            .order_by()
            .values_list("team_id", "hit", "n")
        ).items()
    }
    sol = Solution.objects.for_member(actor).aggregate(
        n=Count("id", filter=Q(updated_at__gte=day_start(since))),
        discarded=Count(
            "id", filter=Q(updated_at__gte=day_start(since), status=SolutionStatus.DISCARDED)
        ),
    )
    facts.solutions_in_window, facts.solutions_discarded = sol["n"], sol["discarded"]
    tests = AssumptionTest.objects.for_member(actor)
    concluded = tests.aggregate(
        n=Count("id", filter=Q(status=TestStatus.CONCLUDED, concluded_at__gte=day_start(since))),
        killed=Count(
            "id",
            filter=Q(
                status=TestStatus.CONCLUDED,
                concluded_at__gte=day_start(since),
                decision=TestDecision.KILL,
            ),
        ),
    )
    facts.tests_concluded, facts.tests_killed = concluded["n"], concluded["killed"]
    batches: dict[int, list[int]] = defaultdict(list)
    for team_id, n in (
        Deployment.objects.for_member(actor)
        .filter(
            environment=Environment.PRODUCTION,
            result=DeploymentResult.SUCCESS,
            finished_at__gte=day_start(since),
            team__isnull=False,
        )
        .annotate(n=Count("changes"))
        .filter(n__gt=0)
        .values_list("team_id", "n")
    ):
        batches[team_id].append(n)
    facts.batches = dict(batches)
    members = TeamMember.objects.for_member(actor).filter(team_id__in=settled)
    joined = Q(since__gte=since) | Q(since__isnull=True, created_at__gte=day_start(since))
    churn: dict[int, list[int]] = {
        t: [int(j), int(n)]
        for t, j, n in members.values("team_id")
        .annotate(j=Count("id", filter=joined), n=Count("id"))
        .order_by()
        .values_list("team_id", "j", "n")
    }
    left_ids = list(
        AuditEvent.objects.filter(
            organization_id=actor.organization_id,
            object_type=_audit_type(TeamMember),
            action=AuditEvent.Action.DELETE,
            created_at__gte=day_start(since),
        ).values_list("object_id", flat=True)[:5000]
    )
    for changes in AuditEvent.objects.filter(
        organization_id=actor.organization_id,
        object_type=_audit_type(TeamMember),
        action=AuditEvent.Action.CREATE,
        object_id__in=left_ids,
    ).values_list("changes", flat=True):
        pair = (changes or {}).get("team_id")
        left_team = pair[1] if isinstance(pair, list) and len(pair) == 2 else None
        if isinstance(left_team, int) and left_team in settled:
            churn.setdefault(left_team, [0, 0])[0] += 1
    facts.churn = {t: (moves, size) for t, (moves, size) in churn.items()}
    bets = StrategicBet.objects.for_member(actor).aggregate(
        n=Count("id"), active=Count("id", filter=Q(status=BetStatus.ACTIVE))
    )
    facts.bets_total, facts.bets_active = bets["n"], bets["active"]
    facts.bet_changes = sum(
        1
        for action, changes in AuditEvent.objects.filter(
            organization_id=actor.organization_id,
            object_type=_audit_type(StrategicBet),
            action__in=(AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE),
            created_at__gte=day_start(since),
        ).values_list("action", "changes")[:5000]
        if "status" in (changes or {})
        and (
            action == AuditEvent.Action.UPDATE
            or (changes["status"] or [None, None])[-1] == BetStatus.ACTIVE
        )
    )

    # Narrow transformation -------------------------------------------------------------------
    funded = (
        FundingAllocation.objects.for_member(actor)
        .filter(cycle__start__lte=day)
        .values("cycle__name", "cycle__start")
        .annotate(
            project_amt=Sum("amount", filter=Q(project__isnull=False)),
            all_amt=Sum("amount"),
            project_hc=Sum("headcount", filter=Q(project__isnull=False)),
            all_hc=Sum("headcount"),
        )
        .order_by("-cycle__start")
        .first()
    )
    if funded:  # by amount; by headcount where no amount is given (as the signs read it)
        if funded["all_amt"]:
            mix = float(funded["project_amt"] or 0) / float(funded["all_amt"])
            facts.funding = (funded["cycle__name"], round(mix, 3))
        elif funded["all_hc"]:
            mix = float(funded["project_hc"] or 0) / float(funded["all_hc"])
            facts.funding = (funded["cycle__name"], round(mix, 3))
    dec = Decision.objects.for_member(actor).aggregate(
        lead=Count("id", filter=Q(decided_on__gte=since, kind=DecisionKind.LEADERSHIP)),
        n=Count("id", filter=Q(decided_on__gte=since)),
    )
    facts.leadership_decisions = (dec["lead"], dec["n"])

    # Stakeholder-driven roadmaps and idea-first teams ----------------------------------------
    facts.dictated_inputs = _counts(
        StakeholderInput.objects.for_member(actor)
        .filter(created_at__gte=day_start(since))
        .values("team_id")
        .annotate(hit=Count("id", filter=Q(kind=InputKind.DECISION)), n=Count("id"))
        .order_by()
        .values_list("team_id", "hit", "n")
    )
    recent = Solution.objects.for_member(actor).filter(created_at__gte=day_start(since))
    facts.stakeholder_solutions = _counts(
        recent.values("team_id")
        .annotate(hit=Count("id", filter=Q(origin=Origin.STAKEHOLDER)), n=Count("id"))
        .order_by()
        .values_list("team_id", "hit", "n")
    )
    evidenced = Q(opportunity__isnull=False, opportunity__insights__isnull=False)
    facts.idea_first = {
        t: (n - hit, n)
        for t, (hit, n) in _counts(
            recent.exclude(status=SolutionStatus.DISCARDED)
            .values("team_id")
            .annotate(
                hit=Count("id", filter=evidenced, distinct=True), n=Count("id", distinct=True)
            )
            .order_by()
            .values_list("team_id", "hit", "n")
        ).items()
    }

    # Big-bang rollout ------------------------------------------------------------------------
    facts.waves = [
        (pk, name, n)
        for pk, name, n in Wave.objects.for_member(actor)
        .annotate(n=Count("teams", filter=Q(teams__archived_at__isnull=True)))
        .values_list("pk", "name", "n")
    ]

    # Discovery theatre -----------------------------------------------------------------------
    facts.empty_touchpoints = _counts(
        Touchpoint.objects.for_member(actor)
        .filter(happened_on__gte=since, happened_on__lte=day)
        .values("team_id")
        .annotate(
            hit=Count("id", filter=Q(insights__isnull=True), distinct=True),
            n=Count("id", distinct=True),
        )
        .order_by()
        .values_list("team_id", "hit", "n")
    )
    ended = overdue_q(day) | Q(status=TestStatus.CONCLUDED, concluded_at__gte=day_start(since))
    undecided = overdue_q(day) | Q(status=TestStatus.CONCLUDED, decision="")
    facts.undecided_tests = _counts(
        tests.filter(ended)
        .filter(Q(planned_end__gte=since) | Q(concluded_at__gte=day_start(since)))
        .values("team_id")
        .annotate(hit=Count("id", filter=undecided), n=Count("id"))
        .order_by()
        .values_list("team_id", "hit", "n")
    )
    return facts


def compute(actor: Membership, day: date | None = None) -> patterns.Scan:
    facts = gather(actor, day)
    found = patterns.evaluate(facts, make_links(facts.slugs))
    return patterns.Scan(found, timezone.now(), facts.window_days)


def _key(actor: Membership) -> str:
    return f"pom:transformation:patterns:{actor.organization_id}"


def cached(actor: Membership, refresh: bool = False) -> patterns.Scan:
    """The scan as computed at most ``CACHE_SECONDS`` ago (or now, when asked to refresh)."""
    found = None if refresh else cache.get(_key(actor))
    if found is None:
        found = compute(actor)
        cache.set(_key(actor), found, CACHE_SECONDS)
    return found  # type: ignore[no-any-return]


@dataclass
class HomeSummary:
    top: list[patterns.Finding]
    found: int
    no_data: int
    computed_at: datetime


def home_summary(actor: Membership) -> HomeSummary | None:
    """The top findings for the transformation home, from the cached scan only (no scan here:
    the home stays cheap; the patterns page runs the scan when none is cached)."""
    scan: patterns.Scan | None = cache.get(_key(actor))
    if scan is None:
        return None
    found = scan.found
    return HomeSummary(
        found[:HOME_FINDINGS], len(found), len(scan.not_enough_data), scan.computed_at
    )
