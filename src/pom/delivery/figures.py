"""The DORA figures, batch size and release cadence, from plain rows — no database here.

Definitions follow Apache DevLake's (v1.0) and the bands the 2023 Accelerate State of DevOps
report (DORA, Google) gives, with DevLake's own criteria where the report's bands overlap:

- **Deployment frequency**: deployment *days*, not deployments — days (site time zone) with at
  least one successful production deployment. The window is cut into weeks (7-day periods
  counted back from its end) and months (30-day periods, likewise); a leftover period shorter
  than a week (a month) at the start is dropped unless the window is shorter than one. Elite:
  median deployment days per week ≥ 5 ("on demand"); high: ≥ 1; medium: median deployment days
  per month ≥ 1; low: fewer.
- **Lead time for changes**: for each change first carried to production by a successful
  deployment that finished in the window, deploy finished − first commit; the median. Its split:
  coding (first commit → opened), review (opened → merged), deploy (merged → deployed), each the
  median over the changes that have both ends. Elite < 1 day; high < 1 week; medium < 30 days;
  low ≥ 30 days.
- **Change failure rate**: successful production deployments in the window with at least one
  incident attributed to them ÷ all of them. Elite ≤ 5 %; high ≤ 10 %; medium ≤ 15 %; low > 15 %.
- **Time to restore** (DevLake's "failed deployment recovery time"): for each resolved incident
  caused by a deployment that finished in the window, resolved − deployment finished; the
  median. Elite < 1 hour; high < 1 day; medium < 1 week; low ≥ 1 week.
- **Batch size**: changes per production deployment, and lines changed (added + removed) per
  deployment; medians over the window's successful production deployments.
- **Release cadence**: releases logged in the window per week, and the median days between
  consecutive releases.

No data is not a band: a figure with nothing to measure is ``None`` and says so.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from statistics import median
from typing import Any

REPORT = "2023 Accelerate State of DevOps report (DORA), with Apache DevLake's criteria"
HOUR, DAY, WEEK, MONTH = 3600.0, 86400.0, 7 * 86400.0, 30 * 86400.0


class Band(StrEnum):
    ELITE = "elite"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def label(self) -> str:
        return self.value.title()


@dataclass(frozen=True)
class Window:
    """``start`` to ``end``, both days included (site dates)."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def periods(self, length: int) -> list[tuple[date, date]]:
        """Consecutive ``length``-day periods counted back from ``end``; see the module docstring."""
        if self.days < length:
            return [(self.start, self.end)]
        found = []
        stop = self.end
        while (stop - self.start).days + 1 >= length:
            first = stop - timedelta(days=length - 1)
            found.append((first, stop))
            stop = first - timedelta(days=1)
        return list(reversed(found))


def _median(values: list[float]) -> float | None:
    return float(median(values)) if values else None


def _per_period(days: set[date], periods: list[tuple[date, date]]) -> float:
    ordered = sorted(days)
    return float(median([bisect_right(ordered, b) - bisect_left(ordered, a) for a, b in periods]))


@dataclass
class Frequency:
    deployments: int
    deployment_days: int
    median_days_per_week: float
    median_days_per_month: float
    band: Band | None

    @property
    def text(self) -> str:
        if not self.deployments:
            return "No production deployments"
        return f"{self.median_days_per_week:g} deployment days a week (median)"


def deployment_frequency(days: list[date], deployments: int, window: Window) -> Frequency:
    """``days``: the site dates of the successful production deployments (repeats allowed)."""
    unique = {d for d in days if window.start <= d <= window.end}
    weekly = _per_period(unique, window.periods(7))
    monthly = _per_period(unique, window.periods(30))
    if not deployments:
        band = None
    elif weekly >= 5:
        band = Band.ELITE
    elif weekly >= 1:
        band = Band.HIGH
    elif monthly >= 1:
        band = Band.MEDIUM
    else:
        band = Band.LOW
    return Frequency(deployments, len(unique), weekly, monthly, band)


@dataclass
class LeadTime:
    changes: int
    median_seconds: float | None
    coding_seconds: float | None
    review_seconds: float | None
    deploy_seconds: float | None
    band: Band | None


def _seconds(a: datetime | None, b: datetime | None) -> float | None:
    return (b - a).total_seconds() if a is not None and b is not None and b >= a else None


def lead_time(rows: list[tuple[datetime, datetime | None, datetime | None, datetime]]) -> LeadTime:
    """``rows``: (first commit, opened, merged, first production deploy finished) per change."""
    total = [s for f, _, _, d in rows if (s := _seconds(f, d)) is not None]
    coding = [s for f, o, _, _ in rows if (s := _seconds(f, o)) is not None]
    review = [s for _, o, m, _ in rows if (s := _seconds(o, m)) is not None]
    deploy = [s for _, _, m, d in rows if (s := _seconds(m, d)) is not None]
    middle = _median(total)
    band = None if middle is None else lead_band(middle)
    return LeadTime(len(total), middle, _median(coding), _median(review), _median(deploy), band)


def lead_band(seconds: float) -> Band:
    return _band_below(seconds, DAY, WEEK, MONTH)


def restore_band(seconds: float) -> Band:
    return _band_below(seconds, HOUR, DAY, WEEK)


def _band_below(value: float, elite: float, high: float, medium: float) -> Band:
    if value < elite:
        return Band.ELITE
    if value < high:
        return Band.HIGH
    if value < medium:
        return Band.MEDIUM
    return Band.LOW


@dataclass
class FailureRate:
    deployments: int
    failed: int
    rate: float | None
    band: Band | None


def change_failure_rate(deployments: int, with_incident: int) -> FailureRate:
    if not deployments:
        return FailureRate(0, 0, None, None)
    rate = with_incident / deployments
    if rate <= 0.05:
        band = Band.ELITE
    elif rate <= 0.10:
        band = Band.HIGH
    elif rate <= 0.15:
        band = Band.MEDIUM
    else:
        band = Band.LOW
    return FailureRate(deployments, with_incident, rate, band)


@dataclass
class Restore:
    incidents: int
    median_seconds: float | None
    band: Band | None


def time_to_restore(rows: list[tuple[datetime, datetime]]) -> Restore:
    """``rows``: (deployment finished, incident resolved) per resolved incident."""
    values = [s for d, r in rows if (s := _seconds(d, r)) is not None]
    middle = _median(values)
    band = None if middle is None else restore_band(middle)
    return Restore(len(values), middle, band)


@dataclass
class Batch:
    deployments: int
    median_changes: float | None
    median_lines: float | None


def batch_size(rows: list[tuple[int, int]]) -> Batch:
    """``rows``: (changes, lines changed) per successful production deployment."""
    return Batch(
        len(rows), _median([float(c) for c, _ in rows]), _median([float(n) for _, n in rows])
    )


@dataclass
class Cadence:
    releases: int
    per_week: float
    median_days_between: float | None


def release_cadence(shipped: list[datetime], window: Window) -> Cadence:
    ordered = sorted(shipped)
    gaps = [(b - a).total_seconds() / DAY for a, b in itertools.pairwise(ordered)]
    return Cadence(len(ordered), len(ordered) / (window.days / 7), _median(gaps))


@dataclass
class Figures:
    """Every delivery figure of one team (or the organization) over one window.

    ``estimated``: the medians of durations and lines were read from the daily rollup's buckets
    (within ±2.5 %, see ``pom.delivery.buckets``) instead of from the rows themselves.
    """

    window: Window
    frequency: Frequency
    lead_time: LeadTime
    failure_rate: FailureRate
    restore: Restore
    batch: Batch
    cadence: Cadence
    report: str = REPORT
    estimated: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def duration(seconds: float | None) -> str:
    """A length of time as people say it: "45 min", "5.2 h", "3.1 days"."""
    if seconds is None:
        return "—"
    if seconds < HOUR:
        return f"{seconds / 60:.0f} min"
    if seconds < DAY:
        return f"{seconds / HOUR:.1f} h"
    return f"{seconds / DAY:.1f} days"
