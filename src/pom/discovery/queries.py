"""Reads of discovery shared by pages, the API and other pillars, each in a fixed number of queries."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import (
    Count,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from pom.accounts.models import Membership
from pom.core.web import Capped
from pom.discovery import figures
from pom.discovery.models import (
    OPEN_STATUSES,
    Comparison,
    Decision,
    Insight,
    Opportunity,
    Solution,
    StakeholderInput,
    Touchpoint,
    Triage,
)
from pom.discovery.tree import Node, nest
from pom.strategy.models import Outcome
from pom.teams.models import Person, Team, TeamMember

MAX_TERMS = 8


def evidence_count() -> Coalesce:
    """How many insights back each opportunity, as a subquery of each row: an aggregate over the
    join (``Count("insights")``) counts the evidence of every opportunity of the organization
    before a page of them is cut (72 ms for a page of 50 at 1,000 teams; this, 2 ms)."""
    links = Opportunity.insights.through.objects.filter(opportunity_id=OuterRef("pk")).order_by()
    n = links.values(n=Func("pk", function="COUNT"))
    return Coalesce(Subquery(n, output_field=IntegerField()), 0)


def today() -> date:
    return timezone.localdate()


def validity_days() -> int:
    """How long evidence stays fresh: ``POM_EVIDENCE_VALIDITY_DAYS`` (default 180)."""
    return int(getattr(settings, "POM_EVIDENCE_VALIDITY_DAYS", figures.DEFAULT_VALIDITY_DAYS))


# --- Insights -----------------------------------------------------------------------------------


def search_terms(query: str) -> list[str]:
    """The words of a search, lower-cased; punctuation and operators are not special."""
    return re.findall(r"\w+", (query or "").lower())[:MAX_TERMS]


SEARCH_CAP = 1_000


def capped(queryset: QuerySet[Insight], query: str) -> QuerySet[Insight] | Capped:
    """What a list shows: searches capped at ``SEARCH_CAP`` (see ``pom.core.web.Capped``), so
    counting a word found in half a million insights costs no more than a rare one; plain lists
    as they are."""
    return Capped(queryset, SEARCH_CAP) if search_terms(query) else queryset


def search_insights(qs: QuerySet[Insight], query: str, organization_id: int) -> QuerySet[Insight]:
    """Insights containing every word of ``query`` (as a word or the start of one).

    PostgreSQL matches the ``search_vector`` column through its GIN index (or, for a common word,
    walks the newest rows and stops at the first page); SQLite matches the
    ``discovery_insight_fts`` FTS5 table, whose ``org`` column keeps the search inside the
    organization and which hands rows back newest first. Both tokenize into words without
    stemming, so both databases return the same insights, most recently recorded first.
    """
    terms = search_terms(query)
    if not terms:
        return qs
    if connection.vendor == "postgresql":
        return qs.filter(id__in=_postgres_search_ids(organization_id, terms))
    if connection.vendor == "sqlite":
        words = " AND ".join(f'"{term}"*' for term in terms)
        expression = (
            f'org : "o{int(organization_id)}" AND {{text tags customer company source}} : ({words})'
        )
        # Only the newest matches can ever be shown (see ``capped``): the index stops there.
        ids = RawSQL(
            "SELECT rowid FROM discovery_insight_fts WHERE discovery_insight_fts MATCH %s"
            " ORDER BY rowid DESC LIMIT %s",
            [expression, SEARCH_CAP + 1],
        )
        return qs.filter(id__in=ids)
    condition = Q()
    for term in terms:
        condition &= Q(text__icontains=term) | Q(tags__icontains=term)
    return qs.filter(condition)


PROBE_ROWS = 20_000


def _postgres_search_ids(organization_id: int, terms: list[str]) -> list[int]:
    """The newest ``SEARCH_CAP + 1`` matching ids, choosing the plan by how common the words are.

    The planner cannot estimate prefix searches, and guessing wrong costs a whole-table read.
    So: look for the matches among the newest rows first (a primary-key walk; enough for a common
    word); if they are not there, the words are rare and the GIN index finds them all cheaply.
    """
    tsquery = " & ".join(f"{term}:*" for term in terms)
    limit = SEARCH_CAP + 1
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM (SELECT id, search_vector FROM discovery_insight"
            " WHERE organization_id = %s ORDER BY id DESC LIMIT %s) AS recent"
            " WHERE search_vector @@ to_tsquery('simple', %s) ORDER BY id DESC LIMIT %s",
            [organization_id, PROBE_ROWS, tsquery, limit],
        )
        ids = [row[0] for row in cursor.fetchall()]
        if len(ids) == limit:
            return ids
        # "id + 0" keeps the planner off the primary-key order: the GIN index answers.
        cursor.execute(
            "SELECT id FROM discovery_insight WHERE organization_id = %s"
            " AND search_vector @@ to_tsquery('simple', %s) ORDER BY id + 0 DESC LIMIT %s",
            [organization_id, tsquery, limit],
        )
        return [row[0] for row in cursor.fetchall()]


def insights_for(
    membership: Membership,
    *,
    query: str = "",
    tags: list[str] | None = None,
    team: int | None = None,
    opportunity: int | None = None,
    unlinked: bool = False,
) -> QuerySet[Insight]:
    qs = Insight.objects.for_member(membership).select_related("team", "touchpoint")
    if team:
        qs = qs.filter(team_id=team)
    for tag in tags or []:
        qs = qs.filter(tags__contains=f",{tag.strip().lower()},")
    if opportunity:
        qs = qs.filter(opportunities__id=opportunity)
    if unlinked:
        qs = qs.filter(opportunities__isnull=True)
    if search_terms(query):
        # Search results come newest recorded first, the order the index keeps them in.
        return search_insights(qs, query, membership.organization_id).order_by("-id")
    return qs.order_by("-observed_on", "-id")


def popular_tags(membership: Membership, team: int | None = None, limit: int = 20) -> list[str]:
    """The most used tags among the latest 2,000 insights: enough for filter chips, cheap to read."""
    qs = Insight.objects.for_member(membership).exclude(tags="")
    if team:
        qs = qs.filter(team_id=team)
    counts: dict[str, int] = defaultdict(int)
    for tags in qs.order_by("-observed_on", "-id").values_list("tags", flat=True)[:2000]:
        for tag in tags.split(","):
            if tag:
                counts[tag] += 1
    return [tag for tag, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]


# --- Touchpoints --------------------------------------------------------------------------------


def touchpoints_for(membership: Membership, *, team: int | None = None) -> QuerySet[Touchpoint]:
    qs = (
        Touchpoint.objects.for_member(membership)
        .select_related("team")
        .prefetch_related("attendees")
        .order_by("-happened_on", "-id")
    )
    return qs.filter(team_id=team) if team else qs


def count_insights(membership: Membership, touchpoints: list[Touchpoint]) -> list[Touchpoint]:
    """Set ``insight_count`` on a page of touchpoints (one query for the page). Counted on the
    whole list instead, the insights of every touchpoint were grouped before a page was taken
    (360 ms at 1,000 teams)."""
    counts = dict(
        Insight.objects.for_member(membership)
        .filter(touchpoint_id__in=[t.pk for t in touchpoints])
        .order_by()
        .values("touchpoint_id")
        .annotate(n=Count("id"))
        .values_list("touchpoint_id", "n")
    )
    for touchpoint in touchpoints:
        touchpoint.insight_count = counts.get(touchpoint.pk, 0)  # type: ignore[attr-defined]
    return touchpoints


# --- The opportunity solution tree --------------------------------------------------------------


def opportunity_nodes(membership: Membership, outcome_id: int) -> QuerySet[Opportunity]:
    return (
        Opportunity.objects.for_member(membership)
        .filter(outcome_id=outcome_id)
        .annotate(evidence_count=Count("insights"), evidence_newest=Max("insights__observed_on"))
        .order_by("position", "id")
    )


def outcome_tree(
    membership: Membership,
    outcome: Any,
    validity: int | None = None,
) -> Node:
    """The whole tree of one outcome in five queries: opportunities (with the evidence aggregate
    inside), solutions, and the assumptions under them with their tests (the fourth level)."""
    day = today()
    opps = list(opportunity_nodes(membership, outcome.pk))
    sols = list(
        Solution.objects.for_member(membership)
        .filter(opportunity__outcome_id=outcome.pk)
        .order_by("position", "id")
        .values("id", "opportunity_id", "title", "status", "origin", "team_id")
    )
    root = Node(
        "outcome",
        outcome.pk,
        outcome.title,
        {"team_id": getattr(outcome, "owner_team_id", None)},
    )
    opportunity_rows = []
    for opp in opps:
        ev = figures.evidence_from_summary(
            opp.evidence_count,  # type: ignore[attr-defined]
            opp.evidence_newest,  # type: ignore[attr-defined]
            day,
            validity or validity_days(),
        )
        node = Node(
            "opportunity",
            opp.pk,
            opp.title,
            {
                "parent_id": opp.parent_id,
                "team_id": opp.team_id,
                "stage": opp.stage,
                "stage_label": opp.get_stage_display(),
                "targeted": opp.targeted,
                "reach": opp.reach,
                "frequency": opp.frequency,
                "severity": opp.severity,
                "size": opp.size,
                "evidence_count": ev.count,
                "evidence_newest": ev.newest.isoformat() if ev.newest else None,
                "evidence_stale": ev.stale,
                "evidence_label": ev.label,
            },
        )
        opportunity_rows.append((opp.pk, opp.parent_id, node))
    # The fourth level: the assumption tests under each solution (experiments reads them).
    from pom.experiments.queries import tree_level

    level = tree_level(membership, outcome.pk, day)
    solution_rows = []
    for sol in sols:
        below = level.get(sol["id"], {})
        node = Node(
            "solution",
            sol["id"],
            sol["title"],
            {
                "status": sol["status"],
                "origin": sol["origin"],
                "team_id": sol["team_id"],
                "assumption_count": below.get("assumptions", 0),
                "untested_count": below.get("untested", 0),
            },
        )
        node.children = [
            Node(
                "test",
                t["id"],
                t["title"],
                {**_without(t, "id", "title"), "solution_id": sol["id"]},
            )
            for t in below.get("tests", [])
        ]
        solution_rows.append((sol["opportunity_id"], node))
    return nest(root, opportunity_rows, solution_rows)


def _without(row: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in keys}


# --- Team discovery page ------------------------------------------------------------------------


@dataclass
class TeamDiscovery:
    team: Team
    cadence: figures.Cadence
    trio: tuple[figures.TrioSeat, ...]
    trio_people: dict[str, list[Person]]
    recent_insights: list[Insight]
    targeted: list[Opportunity]
    open_inputs: int
    health: figures.PortfolioHealth


def team_discovery(
    membership: Membership, team: Team, weeks: int = figures.DEFAULT_WEEKS
) -> TeamDiscovery:
    day = today()
    since = figures.week_start(day) - timedelta(weeks=weeks - 1)
    # The streak may reach further back than the heatmap: read only the dates, a year at most.
    dates = list(
        Touchpoint.objects.for_member(membership)
        .filter(team=team, happened_on__gte=day - timedelta(days=366), happened_on__lte=day)
        .values_list("happened_on", flat=True)
    )
    recent_tps = list(
        Touchpoint.objects.for_member(membership)
        .filter(team=team, happened_on__gte=since, happened_on__lte=day)
        .prefetch_related("attendees")
    )
    members = list(
        TeamMember.objects.for_member(membership).filter(team=team).select_related("person")
    )
    trio_people: dict[str, list[Person]] = defaultdict(list)
    for m in members:
        trio_people[m.role].append(m.person)
    trio = figures.trio_attendance(
        [[p.pk for p in tp.attendees.all()] for tp in recent_tps],
        {role: [p.pk for p in people] for role, people in trio_people.items()},
    )
    opps = list(
        Opportunity.objects.for_member(membership)
        .filter(team=team)
        .annotate(evidence_count=Count("insights"), evidence_newest=Max("insights__observed_on"))
        .select_related("outcome")
    )
    evidences = [
        figures.evidence_from_summary(o.evidence_count, o.evidence_newest, day, validity_days())  # type: ignore[attr-defined]
        for o in opps
    ]
    for opp, ev in zip(opps, evidences, strict=True):
        opp.evidence = ev  # type: ignore[attr-defined]
    solutions = list(
        Solution.objects.for_member(membership)
        .filter(team=team)
        .values_list("opportunity_id", "origin")
    )
    decisions = [
        (kind, bool(opp or sol or subject))
        for kind, opp, sol, subject in Decision.objects.for_member(membership)
        .filter(team=team)
        .values_list("kind", "opportunity_id", "solution_id", "subject_type_id")
    ]
    return TeamDiscovery(
        team=team,
        cadence=figures.cadence(dates, day, weeks),
        trio=trio,
        trio_people=dict(trio_people),
        recent_insights=list(
            Insight.objects.for_member(membership)
            .filter(team=team)
            .select_related("touchpoint")
            .order_by("-observed_on", "-id")[:8]
        ),
        targeted=[o for o in opps if o.targeted],
        open_inputs=StakeholderInput.objects.for_member(membership)
        .filter(team=team, triage=Triage.NEW)
        .count(),
        health=figures.portfolio_health(
            solution_rows=solutions, opportunity_evidence=evidences, decision_rows=decisions
        ),
    )


TREES_SHOWN = 100


def largest_trees(membership: Membership, limit: int = TREES_SHOWN) -> list[Outcome]:
    """The outcomes with the most opportunities under them (``n_opportunities`` set), then, to
    fill ``limit``, outcomes with none yet, by title: for the discovery index.

    The opportunities are counted by their outcome index alone (10 ms for 46,000 of them), not by
    joining every outcome to them, which cost half a second at 1,000 teams.
    """
    counts = dict(
        Opportunity.objects.for_member(membership)
        .values("outcome_id")
        .annotate(n=Count("id"))
        .order_by("-n", "outcome_id")
        .values_list("outcome_id", "n")[:limit]
    )
    found = {
        o.pk: o
        for o in Outcome.objects.for_member(membership)
        .filter(pk__in=list(counts))
        .select_related("owner_team")
    }
    trees = [found[pk] for pk in counts if pk in found]
    if len(trees) < limit:
        trees += list(
            Outcome.objects.for_member(membership)
            .exclude(opportunities__isnull=False)
            .select_related("owner_team")
            .order_by("title", "id")[: limit - len(trees)]
        )
    for outcome in trees:
        outcome.n_opportunities = counts.get(outcome.pk, 0)  # type: ignore[attr-defined]
    return trees


def teams_overview(
    membership: Membership, teams: Sequence[Team] | None = None
) -> list[dict[str, Any]]:
    """Each of ``teams`` (default: every active team) with its cadence and new input, in two
    queries more: for the discovery index, which passes one page of teams."""
    day = today()
    if teams is None:
        teams = list(Team.objects.for_member(membership).filter(archived_at__isnull=True))
    ids = [t.pk for t in teams]
    per_team: dict[int, list[date]] = defaultdict(list)
    for team_id, happened_on in (
        Touchpoint.objects.for_member(membership)
        .filter(team_id__in=ids, happened_on__gte=day - timedelta(days=366), happened_on__lte=day)
        # In the team-and-day index's order, so SQLite reads that index team by team (4 ms for a
        # page of teams) instead of every touchpoint of the year by day (60 ms at 1,000 teams).
        .order_by("team_id", "happened_on")
        .values_list("team_id", "happened_on")
    ):
        per_team[team_id].append(happened_on)
    inbox = dict(
        StakeholderInput.objects.for_member(membership)
        .filter(triage=Triage.NEW, team_id__in=ids)
        .values_list("team_id")
        .annotate(n=Count("id"))
        .values_list("team_id", "n")
    )
    return [
        {
            "team": t,
            "cadence": figures.cadence(per_team.get(t.pk, []), day),
            "inbox": inbox.get(t.pk, 0),
        }
        for t in teams
    ]


def inputs_for(
    membership: Membership, *, triage: str = "", team: int | None = None
) -> QuerySet[StakeholderInput]:
    qs = (
        StakeholderInput.objects.for_member(membership)
        .select_related(
            "team", "from_person", "outcome", "opportunity", "duplicate_of", "submitted_by"
        )
        .order_by("-created_at", "-id")
    )
    if triage:
        qs = qs.filter(triage=triage)
    if team:
        qs = qs.filter(team_id=team)
    return qs


def due_for_revisit(today: date) -> Q:
    """``revisit.Revisit.due`` as a filter: open, and its date has come or its metric crossed
    the line on a point newer than the last review that kept it."""
    crossed = Q(
        revisit_comparison=Comparison.BELOW,
        revisit_metric__latest_value__lt=F("revisit_threshold"),
    ) | Q(
        revisit_comparison=Comparison.ABOVE,
        revisit_metric__latest_value__gt=F("revisit_threshold"),
    )
    fresh = Q(reviewed_through__isnull=True) | Q(
        revisit_metric__latest_period__gt=F("reviewed_through")
    )
    return Q(status__in=OPEN_STATUSES) & (Q(revisit_on__lte=today) | (crossed & fresh))


def decisions_for(
    membership: Membership,
    *,
    kind: str = "",
    team: int | None = None,
    status: str = "",
    due: bool = False,
    principle: int | None = None,
    today: date | None = None,
) -> QuerySet[Decision]:
    """The decision log, newest first, with what each row shows loaded in a fixed few queries."""
    qs = (
        Decision.objects.for_member(membership)
        .select_related(
            "team",
            "outcome",
            "opportunity",
            "solution",
            "recorded_by",
            "subject_type",
            "revisit_metric",
            "superseded_by",
        )
        .prefetch_related(
            Prefetch("principles", queryset=_principle_model().objects.order_by("position", "id"))
        )
        .order_by("-decided_on", "-id")
    )
    if kind:
        qs = qs.filter(kind=kind)
    if team:
        qs = qs.filter(team_id=team)
    if status:
        qs = qs.filter(status=status)
    if due:
        qs = qs.filter(due_for_revisit(today or timezone.localdate()))
    if principle:
        qs = qs.filter(principles__id=principle)
    return qs


def _principle_model() -> Any:
    from django.apps import apps

    return apps.get_model("strategy", "Principle")
