"""The delivery figures read from the database: each a fixed number of grouped queries, whatever
the number of teams or rows, then computed by ``figures`` (pure, tested on worked examples)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, DateTimeField, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from pom.delivery import figures as f
from pom.delivery.models import Change, Deployment, DeploymentResult, Environment, Incident, Release

ORG = 0  # the key of the organization's own figures
PRODUCTION = Q(environment=Environment.PRODUCTION, result=DeploymentResult.SUCCESS)
DEFAULT_DAYS = 90
MAX_DAYS = 3 * 366


def per_deployment(aggregate: Any) -> Coalesce:
    """``aggregate`` over the changes the outer deployment carries (0 without any): a subquery on
    the link table, run for the rows the outer query returns."""
    links = (
        Deployment.changes.through.objects.filter(deployment_id=OuterRef("pk"))
        .order_by()
        .values("deployment_id")
        .annotate(n=aggregate)
    )
    return Coalesce(Subquery(links.values("n")), 0)  # type: ignore[misc]


def first_deployed() -> Subquery:
    """When the first successful production deployment carrying the outer change finished (of
    any team; None if none did): a subquery on the link table, run per change of the outer query."""
    first = (
        Deployment.changes.through.objects.filter(
            change_id=OuterRef("pk"),
            deployment__environment=Environment.PRODUCTION,
            deployment__result=DeploymentResult.SUCCESS,
        )
        .order_by("deployment__finished_at")
        .values("deployment__finished_at")[:1]
    )
    return Subquery(first, output_field=DateTimeField())


def window(
    start: date | None = None, end: date | None = None, days: int = DEFAULT_DAYS
) -> f.Window:
    end = end or timezone.localdate()
    return f.Window(start or end - timedelta(days=days - 1), end)


def _bounds(w: f.Window) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(w.start, time.min, tzinfo=tz),
        datetime.combine(w.end + timedelta(days=1), time.min, tzinfo=tz),
    )


def figures_for(
    org_id: int, w: f.Window, team_ids: list[int] | None = None
) -> dict[int, f.Figures]:
    """Figures per team in ``team_ids`` (key: team id), or for the whole organization (key ``ORG``)."""
    lo, hi = _bounds(w)
    per_team = team_ids is not None
    keys = list(team_ids) if team_ids is not None else [ORG]

    def scoped(qs: Any, team_field: str = "team_id") -> Any:
        return qs.filter(**{f"{team_field}__in": keys}) if per_team else qs

    def key(value: int | None) -> int:
        return int(value) if per_team and value is not None else ORG

    deployments = scoped(
        Deployment.objects.for_org(org_id).filter(
            PRODUCTION, finished_at__gte=lo, finished_at__lt=hi
        )
    )
    # Grouped by team only when figures per team are wanted; the organization's read groups by
    # day alone (a row a day, not a row per team and day).
    group = ["team_id"] if per_team else []
    days: dict[int, list[date]] = defaultdict(list)
    counts: dict[int, int] = defaultdict(int)
    rows = (
        deployments.annotate(day=TruncDate("finished_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values(*group, "day")
        .annotate(n=Count("id"))
    )
    for row in rows:
        days[key(row.get("team_id"))].append(row["day"])
        counts[key(row.get("team_id"))] += row["n"]

    failed: dict[int, int] = defaultdict(int)
    caused = Incident.objects.for_org(org_id).filter(deployment_id=OuterRef("pk"))
    for row in (
        deployments.filter(Exists(caused))
        .order_by()
        .values(*group)
        .annotate(n=Count("id"))
        .values_list(*group, "n")
    ):
        failed[key(row[0] if per_team else None)] += row[-1]

    # Batch sizes as histograms read in the database — (team, changes, lines, how many
    # deployments) — counted per deployment by subqueries over the window's deployments only.
    batches: dict[int, list[tuple[int, int]]] = defaultdict(list)
    sized = (
        deployments.annotate(
            n_changes=per_deployment(Count("change_id")),
            lines=per_deployment(Sum(F("change__additions") + F("change__deletions"))),
        )
        .order_by()
        .values(*group, "n_changes", "lines")
        .annotate(n=Count("id"))
        .values_list(*group, "n_changes", "lines", "n")
    )
    for row in sized:
        batches[key(row[0] if per_team else None)].extend([(row[-3], row[-2])] * row[-1])

    # Lead time: the (team's) changes whose first successful production deployment — of any
    # team — finished in the window; the first is read by a subquery per change of the team.
    leads: dict[int, list[Any]] = defaultdict(list)
    shipped = (
        scoped(Change.objects.for_org(org_id))
        .annotate(deployed=first_deployed())
        .filter(deployed__gte=lo, deployed__lt=hi)
        .order_by()  # no sort: an ordering would steer SQLite to the wrong index
        .values_list("team_id", "first_commit_at", "opened_at", "merged_at", "deployed")
    )
    for team_id, first_commit, opened, merged, deployed in shipped:
        leads[key(team_id)].append((first_commit, opened, merged, deployed))

    restores: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    # The incidents of the window's deployments (of the teams asked for), read from those
    # deployments through the incident's deployment index, not by joining every incident.
    window_deployments = scoped(
        Deployment.objects.for_org(org_id).filter(finished_at__gte=lo, finished_at__lt=hi)
    ).values("pk")
    resolved = (
        Incident.objects.for_org(org_id)
        .filter(resolved_at__isnull=False, deployment__in=window_deployments)
        .order_by()
        .values_list("deployment__team_id", "deployment__finished_at", "resolved_at")
    )
    for team_id, finished, when in resolved:
        if when is not None:  # filtered above; the check tells the type checker
            restores[key(team_id)].append((finished, when))

    releases: dict[int, list[datetime]] = defaultdict(list)
    for team_id, when in (
        scoped(Release.objects.for_org(org_id).filter(shipped_at__gte=lo, shipped_at__lt=hi))
        .order_by()
        .values_list("team_id", "shipped_at")
    ):
        releases[key(team_id)].append(when)

    return {
        k: f.Figures(
            window=w,
            frequency=f.deployment_frequency(days[k], counts[k], w),
            lead_time=f.lead_time(leads[k]),
            failure_rate=f.change_failure_rate(counts[k], failed[k]),
            restore=f.time_to_restore(restores[k]),
            batch=f.batch_size(batches[k]),
            cadence=f.release_cadence(releases[k], w),
        )
        for k in keys
    }


def weekly_days(org_id: int, team_ids: list[int] | None, weeks: int = 12) -> dict[int, list[int]]:
    """Deployment days in each of the last ``weeks`` weeks (oldest first): the sparkline's points."""
    w = window(days=weeks * 7)
    lo, hi = _bounds(w)
    per_team = team_ids is not None
    qs = Deployment.objects.for_org(org_id).filter(
        PRODUCTION, finished_at__gte=lo, finished_at__lt=hi
    )
    if team_ids is not None:
        qs = qs.filter(team_id__in=team_ids)
    keys = list(team_ids) if team_ids is not None else [ORG]
    result = {k: [0] * weeks for k in keys}
    rows = (
        qs.annotate(day=TruncDate("finished_at", tzinfo=timezone.get_current_timezone()))
        .values_list("team_id", "day")
        .distinct()
    )
    for team_id, day in rows:
        k = int(team_id) if per_team and team_id is not None else ORG
        if k in result:
            result[k][min(weeks - 1, (day - w.start).days // 7)] += 1
    return result
