"""The DORA figures on small worked examples, each checked by hand against the definitions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from pom.delivery import figures as f

JAN = f.Window(date(2026, 1, 5), date(2026, 2, 1))  # Monday 5 January to Sunday 1 February: 4 weeks


def at(day: int, hour: int = 0, minute: int = 0, month: int = 1) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def test_the_window_is_cut_into_weeks_counted_back_from_its_end():
    assert JAN.days == 28
    assert JAN.periods(7) == [
        (date(2026, 1, 5), date(2026, 1, 11)),
        (date(2026, 1, 12), date(2026, 1, 18)),
        (date(2026, 1, 19), date(2026, 1, 25)),
        (date(2026, 1, 26), date(2026, 2, 1)),
    ]
    assert JAN.periods(30) == [(JAN.start, JAN.end)]  # shorter than a month: one period
    ten = f.Window(date(2026, 1, 1), date(2026, 1, 10))
    assert ten.periods(7) == [(date(2026, 1, 4), date(2026, 1, 10))]  # the leftover 3 days drop


def test_deployment_frequency_counts_days_not_deployments():
    # Week 1: Monday (twice) to Friday; week 2: Monday and Wednesday; week 3: nothing; week 4: Friday.
    days = [date(2026, 1, d) for d in (5, 5, 6, 7, 8, 9, 12, 14, 30)]
    freq = f.deployment_frequency(days, len(days), JAN)
    assert (freq.deployments, freq.deployment_days) == (9, 8)
    assert freq.median_days_per_week == 1.5  # median of 5, 2, 0, 1
    assert freq.band == f.Band.HIGH


@pytest.mark.parametrize(
    ("days", "band"),
    [
        (
            [date(2026, 1, 5) + timedelta(days=i) for i in range(28) if i % 7 < 5],
            f.Band.ELITE,
        ),  # 5 a week
        ([date(2026, 1, 5), date(2026, 1, 12), date(2026, 1, 19), date(2026, 1, 26)], f.Band.HIGH),
    ],
)
def test_deployment_frequency_bands(days, band):
    assert f.deployment_frequency(days, len(days), JAN).band == band


def test_monthly_deployers_are_medium_and_rarer_ones_low():
    quarter = f.Window(date(2026, 1, 1), date(2026, 3, 31))  # 90 days: three 30-day months
    monthly = [date(2026, 1, 15), date(2026, 2, 14), date(2026, 3, 16)]
    assert f.deployment_frequency(monthly, 3, quarter).median_days_per_week == 0
    assert f.deployment_frequency(monthly, 3, quarter).band == f.Band.MEDIUM
    assert f.deployment_frequency([date(2026, 2, 14)], 1, quarter).band == f.Band.LOW
    assert f.deployment_frequency([], 0, quarter).band is None


def test_lead_time_is_the_median_first_commit_to_production_with_its_split():
    rows = [
        (at(5, 9), at(5, 12), at(5, 15), at(5, 17)),  # 8 h: coding 3 h, review 3 h, deploy 2 h
        (at(6), at(7), at(8), at(9)),  # 3 days: a day each
        (
            at(1),
            None,
            at(10),
            at(12),
        ),  # 11 days; never opened as a pull request: deploy 2 days only
    ]
    lead = f.lead_time(rows)
    assert lead.changes == 3
    assert lead.median_seconds == 3 * f.DAY
    assert lead.coding_seconds == (3 * f.HOUR + f.DAY) / 2
    assert lead.review_seconds == (3 * f.HOUR + f.DAY) / 2
    assert lead.deploy_seconds == f.DAY
    assert lead.band == f.Band.HIGH


@pytest.mark.parametrize(
    ("hours", "band"),
    [(23, f.Band.ELITE), (24, f.Band.HIGH), (24 * 7, f.Band.MEDIUM), (24 * 30, f.Band.LOW)],
)
def test_lead_time_bands_at_their_edges(hours, band):
    assert f.lead_time([(at(1), None, None, at(1) + timedelta(hours=hours))]).band == band


@pytest.mark.parametrize(
    ("deployments", "failed", "rate", "band"),
    [
        (20, 1, 0.05, f.Band.ELITE),
        (9, 1, 1 / 9, f.Band.MEDIUM),
        (10, 1, 0.1, f.Band.HIGH),
        (4, 1, 0.25, f.Band.LOW),
    ],
)
def test_change_failure_rate_is_deployments_with_an_incident_over_deployments(
    deployments, failed, rate, band
):
    cfr = f.change_failure_rate(deployments, failed)
    assert cfr.rate == pytest.approx(rate) and cfr.band == band


def test_no_deployments_is_no_failure_rate_rather_than_zero():
    assert f.change_failure_rate(0, 0).rate is None and f.change_failure_rate(0, 0).band is None


def test_time_to_restore_runs_from_the_deployment_to_the_resolution():
    rows = [(at(5, 10), at(5, 10, 30)), (at(6, 10), at(6, 12)), (at(7, 10), at(7, 15))]
    restore = f.time_to_restore(rows)
    assert restore.median_seconds == 2 * f.HOUR and restore.band == f.Band.HIGH
    assert f.time_to_restore([(at(5, 10), at(5, 10, 20))]).band == f.Band.ELITE
    assert (
        f.time_to_restore([(at(5, 10), at(5, 11))]).band == f.Band.HIGH
    )  # exactly one hour is not "less"
    assert f.time_to_restore([(at(5), at(13))]).band == f.Band.LOW


def test_batch_size_and_release_cadence():
    batch = f.batch_size([(2, 100), (1, 40), (0, 0)])
    assert (batch.median_changes, batch.median_lines) == (1, 40)
    cadence = f.release_cadence([at(15), at(5), at(8)], JAN)
    assert cadence.per_week == 0.75 and cadence.median_days_between == 5


def test_durations_read_as_people_say_them():
    assert f.duration(45 * 60) == "45 min"
    assert f.duration(5.2 * f.HOUR) == "5.2 h"
    assert f.duration(3.1 * f.DAY) == "3.1 days"
    assert f.duration(None) == "—"
