"""An honest forecast of an outcome's metric at its deadline, with an uncertainty band.

Method: ordinary least squares on the recent part of the series (the last ``window`` periods),
and the classical prediction interval for one new observation at the deadline, widened for
autocorrelated residuals (lag-1 autocorrelation ρ shrinks the effective sample size by
(1 − ρ)/(1 + ρ)). From that predictive Student-t distribution comes the chance that the metric
is on the right side of the target at the deadline, and from the chance the status: on track
(≥ 70 %), at risk (30–70 %), off track (< 30 %). With fewer than ``MIN_POINTS`` periods, or a
deadline further ahead than ``MAX_HORIZON_RATIO`` times the span the trend was fitted on, the
answer is "not enough data" — never a confident line through three points.

Pure: numbers in, a ``Forecast`` out (the tests check it against statsmodels' OLS).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy import stats

MIN_POINTS = 8
WINDOW = {"day": 90, "week": 26, "month": 18}
MAX_HORIZON_RATIO = 2.0
BAND = 0.80
ON_TRACK, AT_RISK = 0.70, 0.30
METHOD = (
    "Linear trend (least squares) over the last {n} {grain}s, with an 80% prediction interval "
    "widened for autocorrelation"
)


class Status:
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NOT_ENOUGH_DATA = "not_enough_data"
    MET = "met"
    MISSED = "missed"
    NO_TARGET = "no_target"

    LABELS = {
        "on_track": "On track",
        "at_risk": "At risk",
        "off_track": "Off track",
        "not_enough_data": "Not enough data",
        "met": "Target met",
        "missed": "Target missed",
        "no_target": "No target to forecast",
    }


@dataclass(frozen=True)
class Forecast:
    status: str
    reason: str
    value: float | None = None
    lower: float | None = None
    upper: float | None = None
    probability: float | None = None
    method: str = ""
    # (period, expected, lower, upper) from the last observed period to the deadline.
    path: list[tuple[date, float, float, float]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return Status.LABELS[self.status]


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.3g}"


def _days(grain: str) -> float:
    return {"day": 1.0, "week": 7.0, "month": 365.25 / 12}[grain]


def forecast(
    points: list[tuple[date, float]],
    *,
    grain: str,
    target: float | None,
    deadline: date | None,
    increase: bool,
    today: date,
) -> Forecast:
    """Where ``points`` (oldest first) are heading by ``deadline``, against ``target``."""
    if target is None or deadline is None:
        return Forecast(
            Status.NO_TARGET, "The outcome has no target value and deadline to forecast against."
        )
    better = (lambda v: v >= target) if increase else (lambda v: v <= target)
    if deadline < today:
        if not points:
            return Forecast(
                Status.NOT_ENOUGH_DATA,
                f"The deadline {deadline} has passed and the metric has no values.",
            )
        before = [v for p, v in points if p <= deadline] or [points[0][1]]
        last = before[-1]
        verdict = Status.MET if better(last) else Status.MISSED
        return Forecast(
            verdict,
            f"The deadline {deadline} has passed; the value then was {_fmt(last)} against a "
            f"target of {_fmt(target)}.",
            value=last,
        )
    recent = points[-WINDOW[grain] :]
    n = len(recent)
    if n < MIN_POINTS:
        return Forecast(
            Status.NOT_ENOUGH_DATA,
            f"{n} {grain}{'s' if n != 1 else ''} of data; a forecast needs at least {MIN_POINTS}.",
        )
    origin = recent[0][0]
    x = np.array([(p - origin).days for p, _ in recent], dtype=float) / _days(grain)
    y = np.array([v for _, v in recent], dtype=float)
    x0 = (deadline - origin).days / _days(grain)
    span = x[-1] - x[0]
    if span <= 0 or (x0 - x[-1]) > MAX_HORIZON_RATIO * span:
        return Forecast(
            Status.NOT_ENOUGH_DATA,
            f"The deadline is {x0 - x[-1]:.0f} {grain}s ahead, more than {MAX_HORIZON_RATIO:g}× the "
            f"{span:.0f} {grain}s of data behind it; the trend cannot say that much.",
        )
    slope, intercept = np.polyfit(x, y, 1)
    residuals = y - (intercept + slope * x)
    dof = n - 2
    s2 = float(residuals @ residuals) / dof
    rho = 0.0
    if n > 3 and float(residuals @ residuals) > 0:
        rho = float(residuals[1:] @ residuals[:-1]) / float(residuals @ residuals)
        rho = min(max(rho, 0.0), 0.95)
    inflation = (1 + rho) / (1 - rho)
    xbar = x.mean()
    sxx = float(((x - xbar) ** 2).sum())
    eff_dof = max(2.0, (n * (1 - rho) / (1 + rho)) - 2)
    t = stats.t(eff_dof)
    q = float(t.ppf(0.5 + BAND / 2))

    def at(x_new: float) -> tuple[float, float]:
        mean = float(intercept + slope * x_new)
        se = math.sqrt(s2 * (1 + inflation * (1 / n + (x_new - xbar) ** 2 / sxx)))
        return mean, se

    mean, se = at(x0)
    if se == 0:
        probability = 1.0 if better(mean) else 0.0
    else:
        z = (mean - target) / se
        probability = float(t.cdf(z)) if increase else float(t.cdf(-z))
    lower, upper = mean - q * se, mean + q * se
    status = (
        Status.ON_TRACK
        if probability >= ON_TRACK
        else Status.AT_RISK
        if probability >= AT_RISK
        else Status.OFF_TRACK
    )
    steps = max(1, math.ceil(x0 - x[-1]))
    path = []
    for k in range(steps + 1):
        xk = x[-1] + (x0 - x[-1]) * k / steps
        m, s = at(xk)
        day = origin.fromordinal(origin.toordinal() + round(xk * _days(grain)))
        path.append((day, m, m - q * s, m + q * s))
    reason = (
        f"The trend of the last {n} {grain}s projects {_fmt(mean)} by {deadline} "
        f"(80% range {_fmt(lower)} to {_fmt(upper)}) against a target of {_fmt(target)}: "
        f"a {probability:.0%} chance of reaching it."
    )
    return Forecast(
        status,
        reason,
        value=mean,
        lower=lower,
        upper=upper,
        probability=probability,
        method=METHOD.format(n=n, grain=grain),
        path=path,
    )
