"""The forecast to the deadline: honest about uncertainty, and checked against statsmodels."""

from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np
import pytest

from pom.metrics.forecast import MIN_POINTS, Status, forecast

TODAY = date(2026, 4, 1)


def daily(values: list[float], end: date = TODAY) -> list[tuple[date, float]]:
    start = end - timedelta(days=len(values) - 1)
    return [(start + timedelta(days=i), v) for i, v in enumerate(values)]


def noisy_line(n: int, start: float, slope: float, noise: float, seed: int = 1) -> list[float]:
    rng = random.Random(seed)
    return [start + slope * i + rng.gauss(0, noise) for i in range(n)]


def test_three_points_are_not_enough_for_a_forecast() -> None:
    f = forecast(
        daily([1, 2, 3]),
        grain="day",
        target=10,
        deadline=TODAY + timedelta(days=30),
        increase=True,
        today=TODAY,
    )
    assert f.status == Status.NOT_ENOUGH_DATA
    assert f"at least {MIN_POINTS}" in f.reason and f.value is None


def test_a_deadline_far_beyond_the_data_is_not_forecast() -> None:
    f = forecast(
        daily(noisy_line(20, 10, 1, 0.5)),
        grain="day",
        target=500,
        deadline=TODAY + timedelta(days=365),
        increase=True,
        today=TODAY,
    )
    assert f.status == Status.NOT_ENOUGH_DATA
    assert "cannot say that much" in f.reason


def test_a_steady_climb_past_the_target_is_on_track() -> None:
    points = daily(noisy_line(60, 100, 1.0, 2.0))
    f = forecast(
        points,
        grain="day",
        target=150,
        deadline=TODAY + timedelta(days=30),
        increase=True,
        today=TODAY,
    )
    assert f.status == Status.ON_TRACK and f.probability is not None and f.probability > 0.95
    assert f.lower is not None and f.upper is not None and f.lower < f.value < f.upper  # type: ignore[operator]
    assert "chance of reaching it" in f.reason
    assert f.path[0][0] == TODAY and f.path[-1][0] == TODAY + timedelta(days=30)


def test_a_flat_noisy_series_near_the_target_is_at_risk_and_far_below_is_off_track() -> None:
    points = daily(noisy_line(60, 100, 0.0, 5.0))
    near = forecast(
        points,
        grain="day",
        target=100,
        deadline=TODAY + timedelta(days=20),
        increase=True,
        today=TODAY,
    )
    assert near.status == Status.AT_RISK
    far = forecast(
        points,
        grain="day",
        target=140,
        deadline=TODAY + timedelta(days=20),
        increase=True,
        today=TODAY,
    )
    assert far.status == Status.OFF_TRACK


def test_a_decrease_outcome_reads_the_band_the_other_way() -> None:
    points = daily(noisy_line(60, 10, -0.05, 0.2))
    f = forecast(
        points,
        grain="day",
        target=7,
        deadline=TODAY + timedelta(days=20),
        increase=False,
        today=TODAY,
    )
    assert f.status == Status.ON_TRACK


def test_a_passed_deadline_says_whether_the_target_was_met() -> None:
    points = daily(noisy_line(30, 100, 1.0, 0.1))
    f = forecast(
        points,
        grain="day",
        target=110,
        deadline=TODAY - timedelta(days=5),
        increase=True,
        today=TODAY,
    )
    assert f.status == Status.MET and "has passed" in f.reason


def test_without_target_or_deadline_there_is_nothing_to_forecast() -> None:
    f = forecast(
        daily([1.0] * 20), grain="day", target=None, deadline=None, increase=True, today=TODAY
    )
    assert f.status == Status.NO_TARGET


def test_the_band_matches_statsmodels_ols_prediction_interval_without_autocorrelation() -> None:
    sm = pytest.importorskip("statsmodels.api")
    # Alternating residuals have negative lag-1 autocorrelation, which the method clamps to 0:
    # then the band is exactly OLS's 80% prediction interval.
    values = [50 + 0.5 * i + (1.5 if i % 2 else -1.5) for i in range(40)]
    points = daily(values)
    horizon = 15
    f = forecast(
        points,
        grain="day",
        target=80,
        deadline=TODAY + timedelta(days=horizon),
        increase=True,
        today=TODAY,
    )
    x = np.arange(40, dtype=float)
    fit = sm.OLS(np.array(values), sm.add_constant(x)).fit()
    frame = fit.get_prediction(np.array([[1.0, 39.0 + horizon]])).summary_frame(alpha=0.2)
    assert f.value == pytest.approx(frame["mean"].iloc[0])
    assert f.lower == pytest.approx(frame["obs_ci_lower"].iloc[0])
    assert f.upper == pytest.approx(frame["obs_ci_upper"].iloc[0])


def test_autocorrelated_residuals_widen_the_band() -> None:
    rng = random.Random(3)
    wander, e = [], 0.0
    for _ in range(60):
        e = 0.8 * e + rng.gauss(0, 1)
        wander.append(e)
    smooth = daily([100 + 0.2 * i + w for i, w in enumerate(wander)])
    shuffled = list(wander)
    random.Random(4).shuffle(shuffled)
    iid = daily([100 + 0.2 * i + w for i, w in enumerate(shuffled)])
    kwargs = {
        "grain": "day",
        "target": 120,
        "deadline": TODAY + timedelta(days=30),
        "increase": True,
        "today": TODAY,
    }
    a, b = forecast(smooth, **kwargs), forecast(iid, **kwargs)  # type: ignore[arg-type]
    assert (a.upper - a.lower) > (b.upper - b.lower)  # type: ignore[operator]
