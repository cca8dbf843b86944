"""The before/after read of a release (pure): worked series with a known answer, and the edge
cases that must say "not enough data" or "can't tell" instead of a confident number."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from statsmodels.regression.linear_model import OLS

from pom.delivery.impact import Verdict, design, period_of, read_impact

RELEASED = date(2026, 6, 1)


def daily(
    values: list[float], start: date = RELEASED - timedelta(days=28)
) -> list[tuple[date, float]]:
    return [(start + timedelta(days=i), v) for i, v in enumerate(values)]


def around(before: list[float], after: list[float]) -> list[tuple[date, float]]:
    """``before`` ends the day before the release, ``after`` starts the day after it; the release
    day itself has a value far off, which the read must ignore."""
    start = RELEASED - timedelta(days=len(before))
    return daily([*before, 9999.0, *after], start)


def noise(n: int, seed: int, sd: float = 1.0) -> list[float]:
    return list(np.random.default_rng(seed).normal(0, sd, n))


def test_a_clear_step_up_reads_as_moved_with_an_interval_around_the_step() -> None:
    before = [100 + e for e in noise(28, 1)]
    after = [110 + e for e in noise(28, 2)]
    impact = read_impact(around(before, after), released=RELEASED, grain="day", wanted="up")
    assert impact.status == Verdict.MOVED
    assert impact.label == "Moved"
    assert impact.direction == "up" and impact.good is True
    assert impact.lower is not None and impact.upper is not None
    assert 0 < impact.lower < 10 < impact.upper
    assert impact.relative == pytest.approx(0.10, abs=0.03)
    assert (impact.before, impact.after) == (28, 28)
    assert "moved up" in impact.reason and "the way the outcome wants" in impact.reason


def test_a_move_against_the_outcome_is_called_the_wrong_way() -> None:
    before = [50 + e for e in noise(28, 3)]
    after = [44 + e for e in noise(28, 4)]
    impact = read_impact(around(before, after), released=RELEASED, grain="day", wanted="up")
    assert impact.status == Verdict.MOVED and impact.direction == "down"
    assert impact.good is False and "the wrong way" in impact.reason


def test_noise_without_a_step_is_no_detectable_change() -> None:
    values = [100 + e for e in noise(57, 5, sd=3)]
    impact = read_impact(around(values[:28], values[29:]), released=RELEASED, grain="day")
    assert impact.status == Verdict.NO_CHANGE
    assert impact.label == "No detectable change"
    assert impact.lower is not None and impact.upper is not None
    assert impact.lower < 0 < impact.upper
    assert impact.direction == "" and impact.good is None


def test_a_flat_series_is_no_change_with_a_zero_width_interval() -> None:
    impact = read_impact(around([7.0] * 28, [7.0] * 28), released=RELEASED, grain="day")
    assert impact.status == Verdict.NO_CHANGE
    assert (impact.effect, impact.lower, impact.upper) == (0.0, 0.0, 0.0)


def test_a_steady_trend_carrying_on_through_the_release_is_no_change() -> None:
    # 20 + d, the metrics pillar's test series: the trend explains the after window exactly.
    points = daily([20.0 + d for d in range(57)])
    impact = read_impact(points, released=RELEASED, grain="day")
    assert impact.status == Verdict.NO_CHANGE
    assert impact.effect == pytest.approx(0.0, abs=1e-9)


def test_a_flat_series_that_steps_is_moved_by_exactly_the_step() -> None:
    impact = read_impact(around([5.0] * 28, [8.0] * 28), released=RELEASED, grain="day")
    assert impact.status == Verdict.MOVED
    assert impact.effect == pytest.approx(3.0)
    assert impact.lower == pytest.approx(3.0) and impact.upper == pytest.approx(3.0)


def test_no_data_yet_after_the_release_is_not_enough_data_and_says_when() -> None:
    impact = read_impact(around([10.0] * 28, [10.0] * 3), released=RELEASED, grain="day")
    assert impact.status == Verdict.NOT_ENOUGH_DATA
    assert impact.effect is None and impact.lower is None
    assert "3 days of the metric since the release" in impact.reason
    assert "at least 7" in impact.reason and str(RELEASED + timedelta(days=8)) in impact.reason
    nothing_after = read_impact(around([10.0] * 28, []), released=RELEASED, grain="day")
    assert nothing_after.status == Verdict.NOT_ENOUGH_DATA and nothing_after.after == 0


def test_too_little_history_before_the_release_is_not_enough_data() -> None:
    impact = read_impact(around([10.0] * 5, [12.0] * 20), released=RELEASED, grain="day")
    assert impact.status == Verdict.NOT_ENOUGH_DATA
    assert "5 days of the metric before the release" in impact.reason


def test_no_metric_means_no_points_and_not_enough_data() -> None:
    impact = read_impact([], released=RELEASED, grain="day")
    assert impact.status == Verdict.NOT_ENOUGH_DATA
    assert (impact.before, impact.after) == (0, 0)


def test_another_release_inside_the_windows_makes_it_cant_tell_but_keeps_the_estimate() -> None:
    before = [100 + e for e in noise(28, 1)]
    after = [110 + e for e in noise(28, 2)]
    other = RELEASED + timedelta(days=9)
    far = RELEASED + timedelta(days=90)
    impact = read_impact(
        around(before, after), released=RELEASED, grain="day", others=[far, other, RELEASED]
    )
    assert impact.status == Verdict.CANT_TELL
    assert impact.label == "Can't tell"
    assert impact.overlapping == [other]
    assert impact.effect == pytest.approx(10, abs=2)
    assert "1 other release serving this outcome" in impact.reason
    assert "cannot be put down to this release alone" in impact.reason


def test_a_release_far_outside_the_windows_does_not_confound() -> None:
    points = around([5.0] * 28, [8.0] * 28)
    impact = read_impact(
        points, released=RELEASED, grain="day", others=[RELEASED - timedelta(days=60)]
    )
    assert impact.status == Verdict.MOVED and impact.overlapping == []


def test_a_weekly_pattern_is_fitted_not_mistaken_for_a_move() -> None:
    # Weekends are low; the release lands mid-week. Without day-of-week effects the weekend dips
    # would be noise; with them the read stays quiet and says so in its method.
    def week(d: date) -> float:
        return 40.0 if d.weekday() >= 5 else 100.0

    start = RELEASED - timedelta(days=28)
    days = [start + timedelta(days=i) for i in range(57)]
    rng = np.random.default_rng(9)
    points = [(d, week(d) + float(rng.normal(0, 1))) for d in days]
    impact = read_impact(points, released=RELEASED, grain="day")
    assert impact.status == Verdict.NO_CHANGE
    assert "day-of-week" in impact.method
    assert impact.upper is not None and impact.lower is not None
    assert impact.upper - impact.lower < 4


def test_weekly_series_use_the_week_the_release_shipped_in() -> None:
    assert period_of(date(2026, 6, 3), "week") == date(2026, 6, 1)  # a Wednesday → its Monday
    assert period_of(date(2026, 6, 3), "month") == date(2026, 6, 1)
    weeks = [(date(2026, 1, 5) + timedelta(weeks=i), 10.0 if i < 20 else 14.0) for i in range(30)]
    impact = read_impact(weeks, released=date(2026, 5, 27), grain="week")  # week of 25 May = i 20
    assert impact.status == Verdict.MOVED
    assert impact.effect == pytest.approx(4.0)
    assert (impact.before, impact.after) == (13, 9)
    assert "Interrupted time series" in impact.method and "weeks" in impact.method


def test_the_fit_is_ordinary_least_squares_as_statsmodels_computes_it() -> None:
    rng = np.random.default_rng(11)
    start = RELEASED - timedelta(days=28)
    points = [
        (start + timedelta(days=i), 50 + 0.3 * i + float(rng.normal(0, 2))) for i in range(57)
    ]
    before = [p for p in points if p[0] < RELEASED]
    after = [p for p in points if p[0] > RELEASED]
    x, y, seasonal = design(before, after, RELEASED, "day")
    assert seasonal and x.shape == (56, 10)
    ols = OLS(y, x).fit()
    impact = read_impact(points, released=RELEASED, grain="day")
    contrast = np.zeros(x.shape[1])
    contrast[2], contrast[3] = 1.0, x[x[:, 2] == 1, 1].mean()
    assert impact.effect == pytest.approx(float(contrast @ ols.params))
    # The interval is at least as wide as OLS's own (autocorrelation only ever widens it).
    lo, hi = ols.t_test(contrast).conf_int(alpha=0.05)[0]
    assert impact.lower is not None and impact.upper is not None
    assert impact.lower <= lo + 1e-9 and impact.upper >= hi - 1e-9
