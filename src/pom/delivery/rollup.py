"""The daily rollup (``DeliveryDay``): what each team's pipeline did each day, summed, so that the
organization's figures over any window are a sum of at most a row a day.

**Kept current in the writing transaction.** Every service that writes deployments, changes,
incidents or releases (the webhooks, CSV imports, forms, mapping a repository) says which teams
and days it touched (``touch``, ``touch_releases``); those team rows are computed again from the
rows themselves — so a replayed delivery writes the same rollup again — and the organization's
row of each day moves by the difference. Refreshes of one organization are serialized by a lock
on its row (PostgreSQL; SQLite writes one at a time anyway). ``rebuild`` computes everything
again (``pom delivery_rollup``, ``pom seed``, and after ``migrate`` for an organization that has
deployments but no rollup yet).

**Read**: ``org_figures`` (the overview's header, ``GET /api/v1/delivery/figures``) and
``team_rows`` (the overview's rows). Counts — deployments, deployment days, failed deployments,
changes, incidents, releases — are exact, and so are deployment frequency, change failure rate,
release cadence per week and the median changes per deployment. Lead time and its split, time to
restore, lines per deployment and the days between releases are medians read from the
histograms of ``pom.delivery.buckets`` (within ±2.5 %): ``Figures.estimated`` says so. A team's
own page computes its figures exactly from its rows (``pom.delivery.dora``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, Sum
from django.utils import timezone

from pom.accounts.models import Organization
from pom.delivery import buckets as b
from pom.delivery import figures as f
from pom.delivery.dora import first_deployed, per_deployment
from pom.delivery.models import (
    Change,
    DeliveryDay,
    Deployment,
    DeploymentResult,
    Environment,
    Incident,
    Release,
)

PRODUCTION = Q(environment=Environment.PRODUCTION, result=DeploymentResult.SUCCESS)
COUNTS = ("deployments", "failed", "carried", "lines", "shipped", "restored", "restore_seconds")
HISTS = {  # histogram field → its unit (None: whole numbers, kept exactly)
    "lead": b.SECONDS,
    "coding": b.SECONDS,
    "review": b.SECONDS,
    "waiting": b.SECONDS,
    "restore": b.SECONDS,
    "batch": None,
    "batch_lines": b.LINES,
}
REBUILD_TEAMS = 25  # teams computed at a time by ``rebuild``
DAY, WEEK = 1, 7  # what a row spans: a day, or the week from Monday ``day``

Key = tuple[int | None, date]  # (team id, or None for unmapped repositories; site date)


def day_of(moment: datetime) -> date:
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def _seconds(a: datetime | None, z: datetime | None) -> float | None:
    return (z - a).total_seconds() if a is not None and z is not None and z >= a else None


@dataclass
class Day:
    """One team's (or the organization's) sums for one day or one week, as a rollup row holds
    them; ``mask``: which days of a week had a deployment (bit 0 Monday)."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    hists: dict[str, b.Hist] = field(default_factory=lambda: {name: {} for name in HISTS})
    releases: int = 0
    gaps: b.Hist = field(default_factory=dict)
    mask: int = 0

    def empty(self) -> bool:
        return not self.releases and not self.gaps and not any(self.counts.values())

    def add(self, other: Day, sign: int = 1) -> None:
        for name in COUNTS:
            self.counts[name] += sign * other.counts[name]
        for name in HISTS:
            b.add(self.hists[name], other.hists[name], sign)
        b.add(self.gaps, other.gaps, sign)
        self.releases += sign * other.releases

    def put(self, name: str, value: float | None) -> None:
        if value is not None:
            unit = HISTS[name]
            b.add(self.hists[name], {int(value) if unit is None else b.bucket(value, unit): 1})

    @classmethod
    def of(cls, row: dict[str, Any]) -> Day:
        """From a row read with ``.values(*FIELDS)``."""
        return cls(
            counts={name: row[name] for name in COUNTS},
            hists={name: b.load(row[name]) for name in HISTS},
            releases=row["releases"],
            gaps=b.load(row["gaps"]),
            mask=row["deploy_days"],
        )

    def row(
        self, org_id: int, team_id: int | None, on: date, whole: bool = False, span: int = 1
    ) -> DeliveryDay:
        return DeliveryDay(
            organization_id=org_id,
            team_id=team_id,
            day=on,
            whole=whole,
            span=span,
            deploy_days=self.mask if span == WEEK else int(self.counts["deployments"] > 0),
            releases=self.releases,
            gaps=self.gaps,
            **self.counts,
            **self.hists,
        )


FIELDS = ["team_id", "day", "whole", "releases", "deploy_days", "gaps", *COUNTS, *HISTS]


def monday(on: date) -> date:
    return on - timedelta(days=on.weekday())


# --- Keeping it current --------------------------------------------------------------------------


def _spans(keys: Iterable[tuple[int | None, datetime | date | None]]) -> dict[int | None, Any]:
    """Per team, the first and last day touched (a span is computed again as a whole)."""
    spans: dict[int | None, tuple[date, date]] = {}
    for team_id, when in keys:
        if when is None:
            continue
        on = when if not isinstance(when, datetime) else day_of(when)
        lo, hi = spans.get(team_id, (on, on))
        spans[team_id] = (min(lo, on), max(hi, on))
    return spans


def _team_q(spans: dict[int | None, tuple[date, date]], team: str, moment: str | None) -> Q:
    """Rows of any span: ``team`` is the span's team (or empty) and ``moment`` lies in its days.
    Teams with the same days share one ``IN`` (a rebuild's spans are all alike)."""
    alike: dict[tuple[date, date], list[int]] = defaultdict(list)
    where = Q(pk__in=[])
    for team_id, days in spans.items():
        if team_id is None:
            where |= Q(**{f"{team}__isnull": True}) & _days_q(days, moment)
        else:
            alike[days].append(team_id)
    for days, ids in alike.items():
        where |= Q(**{f"{team}__in": ids}) & _days_q(days, moment)
    return where


def _days_q(days: tuple[date, date], moment: str | None) -> Q:
    if moment is None:
        return Q()
    lo, hi = days
    return Q(**{f"{moment}__gte": _start(lo), f"{moment}__lt": _start(hi + timedelta(1))})


def _compute(org_id: int, spans: dict[int | None, tuple[date, date]]) -> dict[Key, Day]:
    """The team rows of ``spans``, from the deployments, changes, incidents and releases (five
    queries however many teams and days)."""
    found: dict[Key, Day] = defaultdict(Day)
    caused = Incident.objects.for_org(org_id).filter(deployment_id=OuterRef("pk"))
    for team_id, finished, failed, n, size in (
        Deployment.objects.for_org(org_id)
        .filter(PRODUCTION, _team_q(spans, "team_id", "finished_at"))
        .annotate(
            failed=Exists(caused),
            n=per_deployment(Count("change_id")),
            size=per_deployment(Sum(F("change__additions") + F("change__deletions"))),
        )
        .order_by()  # no sort: an ordering would steer SQLite to the wrong index
        .values_list("team_id", "finished_at", "failed", "n", "size")
    ):
        day = found[(team_id, day_of(finished))]
        day.counts["deployments"] += 1
        day.counts["failed"] += bool(failed)
        day.counts["carried"] += n or 0
        day.counts["lines"] += size or 0
        day.put("batch", n or 0)
        day.put("batch_lines", size or 0)
    for team_id, finished, resolved in (
        Incident.objects.for_org(org_id)
        .filter(
            _team_q(spans, "deployment__team_id", "deployment__finished_at"),
            resolved_at__isnull=False,
        )
        .order_by()  # no sort: an ordering would steer SQLite to the wrong index
        .values_list("deployment__team_id", "deployment__finished_at", "resolved_at")
    ):
        seconds = _seconds(finished, resolved)
        if seconds is not None:
            day = found[(team_id, day_of(finished))]
            day.counts["restored"] += 1
            day.counts["restore_seconds"] += int(seconds)
            day.put("restore", seconds)
    for team_id, first_commit, opened, merged, deployed in (
        Change.objects.for_org(org_id)
        .filter(_team_q(spans, "team_id", None))
        .annotate(deployed=first_deployed())
        .filter(_team_q(spans, "team_id", "deployed"))
        .order_by()  # no sort: an ordering would steer SQLite to the wrong index
        .values_list("team_id", "first_commit_at", "opened_at", "merged_at", "deployed")
    ):
        # As ``figures.lead_time`` does: a change deployed before its first commit (clocks
        # disagree) has no lead time, but its coding and review times still count.
        lead = _seconds(first_commit, deployed)
        day = found[(team_id, day_of(deployed))]
        day.counts["shipped"] += lead is not None
        day.put("lead", lead)
        day.put("coding", _seconds(first_commit, opened))
        day.put("review", _seconds(opened, merged))
        day.put("waiting", _seconds(merged, deployed))
    for team_id, shipped_at in (
        Release.objects.for_org(org_id)
        .filter(_team_q(spans, "team_id", "shipped_at"))
        .order_by()  # no sort: an ordering would steer SQLite to the wrong index
        .values_list("team_id", "shipped_at")
    ):
        found[(team_id, day_of(shipped_at))].releases += 1
    return found


def _lock(org_id: int) -> None:
    """Serialize refreshes of one organization (a no-op on SQLite, which writes one at a time)."""
    list(Organization.objects.select_for_update().filter(pk=org_id).values_list("pk"))


def touch(org_id: int, keys: Iterable[tuple[int | None, datetime | date | None]]) -> None:
    """Compute again the team rows of the days ``keys`` name (per team, from its first to its
    last day named) and move the organization's rows by the difference."""
    spans = _spans(keys)
    if not spans:
        return
    with transaction.atomic():
        _lock(org_id)
        _replace(org_id, spans, _compute(org_id, spans))


def _replace(
    org_id: int, spans: dict[int | None, tuple[date, date]], fresh: dict[Key, Day]
) -> None:
    rows = DeliveryDay.objects.for_org(org_id).filter(whole=False, span=DAY)
    where = Q(pk__in=[])
    for team_id, (lo, hi) in spans.items():
        team = Q(team__isnull=True) if team_id is None else Q(team_id=team_id)
        where |= team & Q(day__gte=lo, day__lte=hi)
    delta: dict[date, Day] = defaultdict(Day)
    for row in rows.filter(where).values(*FIELDS):
        delta[row["day"]].add(Day.of(row), -1)
    for (_, on), day in fresh.items():
        delta[on].add(day)
    _delete(rows.filter(where))
    DeliveryDay.objects.bulk_create(
        [day.row(org_id, team_id, on) for (team_id, on), day in fresh.items() if not day.empty()],
        batch_size=500,
    )
    _move_org(org_id, delta)
    _weeks(org_id, spans, set(delta))


def _move_org(org_id: int, delta: dict[date, Day], gaps: dict[date, b.Hist] | None = None) -> None:
    """Add ``delta`` to the organization's rows of its days (and set ``gaps`` where given)."""
    days = set(delta) | set(gaps or {})
    if not days:
        return
    rows = DeliveryDay.objects.for_org(org_id).filter(whole=True, span=DAY, day__in=days)
    held = {row["day"]: Day.of(row) for row in rows.values(*FIELDS)}
    fresh = []
    for on in days:
        day = held.get(on) or Day()
        day.add(delta.get(on, Day()))
        if gaps is not None and on in gaps:
            day.gaps = gaps[on]
        if not day.empty():
            fresh.append(day.row(org_id, None, on, whole=True))
    _delete(rows)
    DeliveryDay.objects.bulk_create(fresh, batch_size=500)


def _weeks(org_id: int, spans: dict[int | None, tuple[date, date]], whole_days: set[date]) -> None:
    """Sum the day rows of the weeks touched — of ``spans``' teams, and of the organization on
    ``whole_days`` — into their week rows (two reads, one delete, one insert)."""
    where = Q(pk__in=[])
    for team_id, (lo, hi) in spans.items():
        team = Q(team__isnull=True) if team_id is None else Q(team_id=team_id)
        where |= Q(whole=False) & team & Q(day__gte=monday(lo), day__lte=monday(hi) + timedelta(6))
    if whole_days:
        lo, hi = monday(min(whole_days)), monday(max(whole_days)) + timedelta(6)
        where |= Q(whole=True, day__gte=lo, day__lte=hi)
    rows = DeliveryDay.objects.for_org(org_id).filter(where)
    sums: dict[tuple[bool, int | None, date], Day] = defaultdict(Day)
    for row in rows.filter(span=DAY).values(*FIELDS):
        week = sums[(row["whole"], row["team_id"], monday(row["day"]))]
        week.add(Day.of(row))
        if row["deployments"]:
            week.mask |= 1 << row["day"].weekday()
    _delete(rows.filter(span=WEEK))
    DeliveryDay.objects.bulk_create(
        [
            day.row(org_id, team_id, on, whole=whole, span=WEEK)
            for (whole, team_id, on), day in sums.items()
            if not day.empty()
        ],
        batch_size=500,
    )


def _delete(rows: Any) -> None:
    """One DELETE, without reading the rows first for per-row signals (a rollup row is no one's
    change; the audit log does not follow it)."""
    rows._raw_delete(rows.db)


def touch_releases(org_id: int, moments: Iterable[datetime | None]) -> None:
    """A release was logged, moved or removed at ``moments`` (its times before and after): compute
    the organization's gaps between releases again for those days and the day of the release
    next after each."""
    known = [m for m in moments if m is not None]
    if not known:
        return
    qs = Release.objects.for_org(org_id)
    days = {day_of(m) for m in known}
    for m in known:
        after = qs.filter(shipped_at__gt=m).order_by("shipped_at", "id").values_list("shipped_at")
        nxt = after.first()
        if nxt is not None:
            days.add(day_of(nxt[0]))
    with transaction.atomic():
        _lock(org_id)
        _move_org(org_id, {}, _gaps(org_id, min(days), max(days), days))
        _weeks(org_id, {}, days)


def _gaps(org_id: int, lo: date, hi: date, days: set[date] | None = None) -> dict[date, b.Hist]:
    """For each day from ``lo`` to ``hi`` (of ``days``, when given): the histogram of seconds from
    each release that day to the organization's release before it (by time, then id)."""
    qs = Release.objects.for_org(org_id).order_by("shipped_at", "id")
    before = qs.filter(shipped_at__lt=_start(lo)).order_by("-shipped_at", "-id")
    last = before.values_list("shipped_at", flat=True).first()
    found: dict[date, b.Hist] = {on: {} for on in days} if days is not None else {}
    window = qs.filter(shipped_at__gte=_start(lo), shipped_at__lt=_start(hi + timedelta(1)))
    for when in window.values_list("shipped_at", flat=True):
        on = day_of(when)
        if last is not None and (days is None or on in days):
            b.add(found.setdefault(on, {}), {b.bucket((when - last).total_seconds(), b.SECONDS): 1})
        last = when
    return found


@transaction.atomic
def rebuild(org_id: int) -> int:
    """Compute the whole rollup of an organization again; returns how many rows it holds."""
    _lock(org_id)
    _delete(DeliveryDay.objects.for_org(org_id))
    deployed = Deployment.objects.for_org(org_id).filter(PRODUCTION)
    first = deployed.order_by("finished_at").values_list("finished_at", flat=True).first()
    logged = Release.objects.for_org(org_id).order_by("shipped_at")
    first_release = logged.values_list("shipped_at", flat=True).first()
    starts = [m for m in (first, first_release) if m is not None]
    if not starts:
        return 0
    lo, hi = day_of(min(starts)), timezone.localdate() + timedelta(days=1)
    teams = sorted(
        set(deployed.values_list("team_id", flat=True).distinct())
        | set(Change.objects.for_org(org_id).values_list("team_id", flat=True).distinct())
        | set(logged.values_list("team_id", flat=True).distinct()),
        key=lambda t: (t is not None, t or 0),
    )
    totals: dict[Key, Day] = defaultdict(Day)  # the organization's days
    for i in range(0, len(teams), REBUILD_TEAMS):
        spans: dict[int | None, tuple[date, date]] = dict.fromkeys(
            teams[i : i + REBUILD_TEAMS], (lo, hi)
        )
        fresh = {key: day for key, day in _compute(org_id, spans).items() if not day.empty()}
        for (_, on), day in fresh.items():
            totals[(None, on)].add(day)
        _insert(org_id, fresh, whole=False)
    for on, hist in _gaps(org_id, lo, hi).items():
        totals[(None, on)].gaps = hist
    _insert(org_id, totals, whole=True)
    return DeliveryDay.objects.for_org(org_id).count()


def _insert(org_id: int, days: dict[Key, Day], *, whole: bool) -> None:
    """Insert day rows and the week rows that sum them (``rebuild``)."""
    weeks: dict[Key, Day] = defaultdict(Day)
    for (team_id, on), day in days.items():
        week = weeks[(team_id, monday(on))]
        week.add(day)
        if day.counts["deployments"]:
            week.mask |= 1 << on.weekday()
    DeliveryDay.objects.bulk_create(
        [day.row(org_id, t, on, whole=whole) for (t, on), day in days.items() if not day.empty()]
        + [
            day.row(org_id, t, on, whole=whole, span=WEEK)
            for (t, on), day in weeks.items()
            if not day.empty()
        ],
        batch_size=1000,
    )


# --- Reading -------------------------------------------------------------------------------------


def _figures(
    w: f.Window, days: list[date], day: Day, gaps: b.Hist | None, *, full: bool = True
) -> f.Figures:
    c, h = day.counts, day.hists
    lead = b.median(h["lead"], b.SECONDS)
    restore = b.median(h["restore"], b.SECONDS)
    middle_gap = b.median(gaps, b.SECONDS) if gaps is not None else None

    def more(name: str, unit: float | None) -> float | None:
        return b.median(h[name], unit) if full else None

    return f.Figures(
        window=w,
        frequency=f.deployment_frequency(days, c["deployments"], w),
        lead_time=f.LeadTime(
            b.total(h["lead"]),
            lead,
            more("coding", b.SECONDS),
            more("review", b.SECONDS),
            more("waiting", b.SECONDS),
            None if lead is None else f.lead_band(lead),
        ),
        failure_rate=f.change_failure_rate(c["deployments"], c["failed"]),
        restore=f.Restore(
            b.total(h["restore"]), restore, None if restore is None else f.restore_band(restore)
        ),
        batch=f.Batch(c["deployments"], b.median(h["batch"], None), more("batch_lines", b.LINES)),
        cadence=f.Cadence(
            day.releases,
            day.releases / (w.days / 7),
            None if middle_gap is None else middle_gap / f.DAY,
        ),
        estimated=True,
    )


def _pieces(w: f.Window) -> Q:
    """The rows that sum ``w`` without overlap: the weeks (Monday to Sunday) wholly inside it,
    and the days before the first and after the last of them."""
    first = w.start + timedelta(days=-w.start.weekday() % 7)  # the first Monday in the window
    last = w.end - timedelta(days=(w.end.weekday() + 1) % 7)  # the last Sunday in it
    days = Q(span=DAY, day__gte=w.start, day__lte=w.end)
    if last < first + timedelta(days=6):
        return days
    return (
        Q(span=WEEK, day__gte=first, day__lte=last - timedelta(days=6))
        | Q(span=DAY, day__gte=w.start, day__lt=first)
        | Q(span=DAY, day__gt=last, day__lte=w.end)
    )


def _deployment_days(on: date, span: int, mask: int) -> list[date]:
    if span == DAY:
        return [on] if mask else []
    return [on + timedelta(days=i) for i in range(7) if mask & (1 << i)]


def org_figures(org_id: int, w: f.Window) -> f.Figures:
    """The organization's figures over ``w``, from its rows of the rollup (at most ~20 rows for a
    quarter, ~60 for a year: its weeks, and days at the edges; three queries)."""
    total, days = Day(), []
    rows = DeliveryDay.objects.for_org(org_id).filter(_pieces(w), whole=True)
    for row in rows.values("span", *FIELDS):
        total.add(Day.of(row))
        days += _deployment_days(row["day"], row["span"], row["deploy_days"])
    # The first release of the window has a gap to a release before it, which is not the
    # window's: take it out again (the same bucket it was counted in).
    qs = Release.objects.for_org(org_id)
    start = _start(w.start)
    head = (
        qs.filter(shipped_at__gte=start, shipped_at__lt=_start(w.end + timedelta(1)))
        .order_by("shipped_at", "id")
        .values_list("shipped_at", flat=True)
        .first()
    )
    if head is not None:
        last = qs.filter(shipped_at__lt=start).order_by("-shipped_at", "-id")
        before = last.values_list("shipped_at", flat=True).first()
        if before is not None:
            b.add(total.gaps, {b.bucket((head - before).total_seconds(), b.SECONDS): 1}, -1)
    return _figures(w, days, total, total.gaps)


ROW_HISTS = ("lead", "restore", "batch")  # what a team's row on the overview shows


def team_rows(org_id: int, w: f.Window, team_ids: list[int]) -> dict[int, f.Figures]:
    """Each team's figures over ``w`` from its rows of the rollup (one query): what the overview
    lists — deployment frequency, lead time, change failure rate, time to restore, changes per
    deployment and releases a week. The other medians (the lead time's split, lines per
    deployment, days between releases) are not read here and are None; the team's page has them."""
    totals: dict[int, Day] = {t: Day() for t in team_ids}
    days: dict[int, list[date]] = {t: [] for t in team_ids}
    rows = DeliveryDay.objects.for_org(org_id).filter(_pieces(w), whole=False, team_id__in=team_ids)
    for team_id, on, span, mask, deployments, failed, releases, *hists in rows.values_list(
        "team_id", "day", "span", "deploy_days", "deployments", "failed", "releases", *ROW_HISTS
    ):
        day = totals[team_id]
        day.counts["deployments"] += deployments
        day.counts["failed"] += failed
        day.releases += releases
        for name, hist in zip(ROW_HISTS, hists, strict=True):
            into = day.hists[name]
            for k, n in hist.items():
                into[k] = into.get(k, 0) + n
        if mask:
            days[team_id] += _deployment_days(on, span, mask)
    for day in totals.values():  # JSON gave the buckets back as text
        day.hists = {name: b.load(h) for name, h in day.hists.items()}
    return {t: _figures(w, days[t], totals[t], None, full=False) for t in team_ids}


def weekly_days(org_id: int, team_ids: list[int], weeks: int = 12) -> dict[int, list[int]]:
    """Deployment days in each of the last ``weeks`` weeks (oldest first): the sparklines."""
    end = timezone.localdate()
    start = end - timedelta(days=weeks * 7 - 1)
    result = {t: [0] * weeks for t in team_ids}
    for team_id, on in (
        DeliveryDay.objects.for_org(org_id)
        .filter(whole=False, span=DAY, team_id__in=team_ids, day__gte=start, day__lte=end)
        .filter(deployments__gt=0)
        .values_list("team_id", "day")
    ):
        result[team_id][min(weeks - 1, (on - start).days // 7)] += 1
    return result


# --- What a write touched ------------------------------------------------------------------------


def touch_deployments(
    org_id: int, ids: Iterable[int], before: Iterable[tuple[int | None, datetime]] = ()
) -> None:
    """Deployments ``ids`` were stored (``before``: the team and finish time they had): their
    days, and the days of every production deployment carrying a change they carry — whose first
    production deployment may have moved — for the changes' teams too."""
    ids = list(ids)
    keys: list[tuple[int | None, datetime]] = list(before)
    keys += (
        Deployment.objects.for_org(org_id).filter(pk__in=ids).values_list("team_id", "finished_at")
    )
    carried = Deployment.changes.through.objects.filter(deployment_id__in=ids).values("change_id")
    links = list(
        Deployment.changes.through.objects.filter(change_id__in=carried).values_list(
            "change__team_id", "deployment__finished_at"
        )
    )
    moments = [m for _, m in keys]
    keys += links
    if moments:
        keys += [(t, m) for t in {t for t, _ in links} for m in (min(moments), max(moments))]
    touch(org_id, keys)


def touch_changes(org_id: int, ids: Iterable[int], teams_before: Iterable[int | None] = ()) -> None:
    """Changes ``ids`` were stored (``teams_before``: teams they belonged to): the days of the
    deployments carrying them, for the deployments' teams and the changes' teams, then and now."""
    before = set(teams_before)
    keys: list[tuple[int | None, datetime]] = []
    for deployment_team, finished, change_team in Deployment.changes.through.objects.filter(
        change_id__in=list(ids)
    ).values_list("deployment__team_id", "deployment__finished_at", "change__team_id"):
        keys += [(t, finished) for t in {deployment_team, change_team} | before]
    touch(org_id, keys)


def touch_causes(org_id: int, deployment_ids: Iterable[int | None]) -> None:
    """Incidents caused by ``deployment_ids`` (before or after a write) changed: their days."""
    ids = [pk for pk in deployment_ids if pk]
    if ids:
        touch(
            org_id,
            Deployment.objects.for_org(org_id)
            .filter(pk__in=ids)
            .values_list("team_id", "finished_at"),
        )


def touch_release(org_id: int, *states: tuple[int | None, datetime | None]) -> None:
    """A release was logged, moved or removed: ``states`` are its (team, shipped at) before and
    after."""
    touch(org_id, [(t, m) for t, m in states if t is not None])
    touch_releases(org_id, [m for _, m in states])


def repository_span(org_id: int, repository: str) -> list[tuple[int | None, datetime]]:
    """Before a repository moves to another team: each team its rows count for now, over the
    span of the deployments of the repository and of those carrying its changes."""
    deployments = Deployment.objects.for_org(org_id).filter(repository=repository)
    changes = Change.objects.for_org(org_id).filter(repository=repository)
    teams = set(deployments.values_list("team_id", flat=True).distinct()) | set(
        changes.values_list("team_id", flat=True).distinct()
    )
    spans = [
        deployments.aggregate(lo=Min("finished_at"), hi=Max("finished_at")),
        Deployment.changes.through.objects.filter(change_id__in=changes.values("pk")).aggregate(
            lo=Min("deployment__finished_at"), hi=Max("deployment__finished_at")
        ),
    ]
    moments = [m for span in spans for m in span.values() if m is not None]
    if not moments:
        return []
    lo, hi = min(moments), max(moments)
    return [(t, m) for t in teams for m in (lo, hi)]
