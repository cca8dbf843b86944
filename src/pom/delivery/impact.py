"""Did a release move its outcome's metric? A before/after read that says "can't tell" when so.

Method: an interrupted time series (segmented regression). Over the ``WINDOW`` periods before the
release and the ``WINDOW`` after it, least squares fits the metric as a level, a trend, a change
of level and a change of trend at the release, plus day-of-week effects on a daily series with
three weeks or more before the release (weekly seasonality; a weekly or monthly series is too short
for a yearly one). The **effect** is how far the periods after the release sit, on average, from
where the trend before it would have put them: ``level change + trend change × mean periods
since``. Its 95 % interval comes from the coefficients' covariance, widened for autocorrelated
residuals (lag-1 autocorrelation ρ inflates the variance by (1 + ρ)/(1 − ρ), as the forecast
does), read on Student's t.

The verdict, in this order:

- **not enough data** — no metric, fewer than ``MIN_BEFORE`` periods before the release or
  ``MIN_AFTER`` after it (a release from yesterday cannot be read yet; the reason says when it can);
- **can't tell** — another release serving the same outcome shipped inside the windows: the
  estimate (still shown) is of them together, not of this one;
- **moved** — the interval excludes zero (up or down, and whether that is the way the outcome
  wants);
- **no detectable change** — the interval includes zero: whatever changed is within the noise.

The period the release shipped in mixes before and after, so it belongs to neither window.
Correlation in time is not causation: a campaign, a price change or an outage in the same weeks
moves the number too; an A/B test covering the release is the stronger evidence.

Pure: points in, an :class:`Impact` out (the tests check the fit against statsmodels' OLS).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from scipy import stats

CONFIDENCE = 0.95
WINDOW = {"day": 28, "week": 13, "month": 12}
MIN_BEFORE = {"day": 14, "week": 8, "month": 6}
MIN_AFTER = {"day": 7, "week": 4, "month": 3}
SEASONAL_FROM = 21  # daily periods before the release needed to fit day-of-week effects
MAX_RHO = 0.9
METHOD = (
    "Interrupted time series: least squares on {before} {grain}s before and {after} after the "
    "release (level, trend, and their change at the release{seasonal}), 95% interval widened for "
    "autocorrelation"
)


class Verdict:
    MOVED = "moved"
    NO_CHANGE = "no_change"
    NOT_ENOUGH_DATA = "not_enough_data"
    CANT_TELL = "cant_tell"

    LABELS = {
        "moved": "Moved",
        "no_change": "No detectable change",
        "not_enough_data": "Not enough data",
        "cant_tell": "Can't tell",
    }


@dataclass(frozen=True)
class Impact:
    """The read of one release against one outcome's metric."""

    status: str
    reason: str
    effect: float | None = None  # after − the trend before would have given, on average
    lower: float | None = None
    upper: float | None = None
    relative: float | None = None  # effect ÷ the counterfactual mean after, when that is not 0
    before: int = 0  # periods read before the release
    after: int = 0  # and after it
    direction: str = ""  # "up", "down" or "" (no detectable change)
    good: bool | None = None  # whether it moved the way the outcome wants (None: not known)
    overlapping: list[date] = field(default_factory=list)  # other releases inside the windows
    method: str = ""

    @property
    def label(self) -> str:
        return Verdict.LABELS[self.status]


def period_of(day: date, grain: str) -> date:
    """The first day of the period ``day`` falls in (weeks start on Monday, as the metrics do)."""
    if grain == "week":
        return day - timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    return day


def _step(grain: str) -> float:
    return {"day": 1.0, "week": 7.0, "month": 365.25 / 12}[grain]


def _plural(n: int, grain: str) -> str:
    return f"{n} {grain}{'' if n == 1 else 's'}"


def _fmt(x: float) -> str:
    if x == 0:
        return "0"
    return f"{x:+,.0f}" if abs(x) >= 100 else f"{x:+,.3g}"


def read_impact(
    points: Sequence[tuple[date, float]],
    *,
    released: date,
    grain: str,
    others: Sequence[date] = (),
    wanted: str = "",
) -> Impact:
    """Read ``points`` (oldest first) around a release shipped on ``released``.

    ``others`` are the days other releases serving the same outcome shipped; ``wanted`` is the
    way the outcome wants its metric to go ("up", "down", or "" when it only keeps it within).
    """
    window, need_before, need_after = WINDOW[grain], MIN_BEFORE[grain], MIN_AFTER[grain]
    at = period_of(released, grain)
    before = [(p, float(v)) for p, v in points if p < at][-window:]
    after = [(p, float(v)) for p, v in points if p > at][:window]
    if len(before) < need_before or len(after) < need_after:
        return Impact(
            Verdict.NOT_ENOUGH_DATA,
            _short(len(before), len(after), need_before, need_after, grain, at),
            before=len(before),
            after=len(after),
        )
    start, end = before[0][0], after[-1][0]
    overlapping = sorted(d for d in others if start <= period_of(d, grain) <= end and d != released)
    fit = _fit(before, after, at, grain)
    seasonal = ", and day-of-week effects" if fit.seasonal else ""
    method = METHOD.format(before=len(before), after=len(after), grain=grain, seasonal=seasonal)
    moved = fit.lower > 0 or fit.upper < 0
    direction = ("up" if fit.effect > 0 else "down") if moved else ""
    good = (direction == wanted) if moved and wanted in ("up", "down") else None
    interval = f"95% interval {_fmt(fit.lower)} to {_fmt(fit.upper)}"
    size = f"{_fmt(fit.effect)} a {grain} against the trend before it ({interval})"
    if overlapping:
        status = Verdict.CANT_TELL
        n = len(overlapping)
        reason = (
            f"{n} other release{'s' if n != 1 else ''} serving this outcome shipped between "
            f"{start} and {end}, so the change read here, {size}, is theirs together: it cannot "
            "be put down to this release alone."
        )
    elif moved:
        status = Verdict.MOVED
        way = (
            "" if good is None else (" — the way the outcome wants" if good else " — the wrong way")
        )
        reason = f"The metric moved {direction}: {size}{way}."
    else:
        status = Verdict.NO_CHANGE
        reason = (
            f"No change the noise could not explain: {size}. A small effect may still be there; "
            "this read cannot see it."
        )
    return Impact(
        status,
        reason,
        effect=fit.effect,
        lower=fit.lower,
        upper=fit.upper,
        relative=fit.relative,
        before=len(before),
        after=len(after),
        direction=direction,
        good=good,
        overlapping=overlapping,
        method=method,
    )


def _short(n_before: int, n_after: int, need_b: int, need_a: int, grain: str, at: date) -> str:
    if n_before < need_b:
        return (
            f"{_plural(n_before, grain)} of the metric before the release; the read needs at "
            f"least {need_b}."
        )
    ready = at + timedelta(days=math.ceil((need_a + 1) * _step(grain)))
    return (
        f"{_plural(n_after, grain)} of the metric since the release; the read needs at least "
        f"{need_a}, so around {ready}."
    )


@dataclass(frozen=True)
class Fit:
    effect: float
    lower: float
    upper: float
    relative: float | None
    seasonal: bool
    coefficients: list[float]


def design(
    before: Sequence[tuple[date, float]],
    after: Sequence[tuple[date, float]],
    at: date,
    grain: str,
) -> tuple[np.ndarray, np.ndarray, bool]:
    """The regression's columns: 1, t, after, (t − t₀)·after, then day-of-week dummies if fitted.

    ``t`` counts periods from the release's period (negative before it), so the level change is
    read at the release.
    """
    rows = [*before, *after]
    t = np.array([(p - at).days / _step(grain) for p, _ in rows], dtype=float)
    post = (t > 0).astype(float)
    columns = [np.ones_like(t), t, post, t * post]
    seasonal = grain == "day" and len(before) >= SEASONAL_FROM
    if seasonal:
        weekday = np.array([p.weekday() for p, _ in rows])
        for day in range(1, 7):
            column = (weekday == day).astype(float)
            if column.any() and not column.all():
                columns.append(column)
    x = np.column_stack(columns)
    y = np.array([v for _, v in rows], dtype=float)
    return x, y, seasonal


def _fit(
    before: Sequence[tuple[date, float]],
    after: Sequence[tuple[date, float]],
    at: date,
    grain: str,
) -> Fit:
    x, y, seasonal = design(before, after, at, grain)
    if np.linalg.matrix_rank(x) < x.shape[1]:
        x, seasonal = x[:, :4], False
    n, k = x.shape
    xtx_inv = np.linalg.pinv(x.T @ x)
    beta = xtx_inv @ x.T @ y
    residuals = y - x @ beta
    ss = float(residuals @ residuals)
    scale = max(1.0, float(np.abs(y).max()))
    if ss <= (1e-12 * scale) ** 2 * n:  # a perfect fit (a flat or exactly linear series)
        ss, rho = 0.0, 0.0
    else:
        rho = min(max(float(residuals[1:] @ residuals[:-1]) / ss, 0.0), MAX_RHO)
    dof = max(1, n - k)
    s2 = ss / dof
    inflation = (1 + rho) / (1 - rho)
    post_t = x[x[:, 2] == 1, 1]
    contrast = np.zeros(k)
    contrast[2], contrast[3] = 1.0, float(post_t.mean())
    effect = float(contrast @ beta)
    se = math.sqrt(max(0.0, s2 * inflation * float(contrast @ xtx_inv @ contrast)))
    q = float(stats.t(dof).ppf(0.5 + CONFIDENCE / 2))
    if abs(effect) <= 1e-9 * scale:
        effect = 0.0
    counterfactual = float((x[x[:, 2] == 1] @ beta).mean()) - effect
    relative = effect / counterfactual if abs(counterfactual) > 1e-9 * scale else None
    return Fit(
        effect=effect,
        lower=effect - q * se,
        upper=effect + q * se,
        relative=relative,
        seasonal=seasonal,
        coefficients=[float(b) for b in beta],
    )
