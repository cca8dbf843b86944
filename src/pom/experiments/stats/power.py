"""Power and sample size for a planned experiment.

* Conversions: the normal-approximation formula of Fleiss (as R's ``power.prop.test`` and
  ``statsmodels.stats.proportion.samplesize_proportions_2indep_onetail``): pooled variance
  under the null, unpooled under the alternative, generalised to an unequal split.
* Means: the exact power of the two-sample t-test from the noncentral t distribution (as R's
  ``power.t.test`` and ``statsmodels.stats.power.TTestIndPower``).

With more than one treatment, α is split across the comparisons (Bonferroni), matching the
correction the analysis applies to its intervals.

statsmodels computes the same figures (the tests check against it) but is not a runtime
dependency: it would bring pandas and patsy (~80 MB) for two formulas that fit in this module.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from scipy import optimize, special

from .frequentist import normal_cdf, z_quantile
from .types import MetricKind, StatsInputError, check_probability

MAX_USERS = 10**12


@dataclass(frozen=True, slots=True)
class SampleSizePlan:
    """How many users each arm needs to detect the minimum detectable effect."""

    metric: MetricKind
    baseline: float
    sd: float | None
    mde_absolute: float
    mde_relative: float | None
    alpha: float
    comparison_alpha: float
    power: float
    treatments: int
    treatment_ratio: float
    control_users: int
    treatment_users: int
    total_users: int
    days: int | None

    def to_dict(self) -> dict[str, object]:
        return {f: getattr(self, f) for f in self.__dataclass_fields__}


def _check_positive(field: str, value: object) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value <= 0
    ):
        raise StatsInputError(field, f"must be a positive number, got {value!r}")
    return float(value)


def power_proportions(
    baseline: float, target: float, control_users: float, ratio: float = 1.0, alpha: float = 0.05
) -> float:
    """Power of the two-sided two-proportion z-test (other tail ignored, as is conventional)."""
    n1, n2 = control_users, control_users * ratio
    delta = abs(target - baseline)
    pbar = (baseline * n1 + target * n2) / (n1 + n2)
    se0 = math.sqrt(pbar * (1 - pbar) * (1 / n1 + 1 / n2))
    se1 = math.sqrt(baseline * (1 - baseline) / n1 + target * (1 - target) / n2)
    return normal_cdf((delta - z_quantile(1 - alpha / 2) * se0) / se1)


def power_means(
    effect_size: float, control_n: float, ratio: float = 1.0, alpha: float = 0.05
) -> float:
    """Exact power of the two-sided two-sample t-test (equal variances), noncentral t."""
    n1, n2 = control_n, control_n * ratio
    df = n1 + n2 - 2.0
    ncp = abs(effect_size) * math.sqrt(n1 * n2 / (n1 + n2))
    crit = float(special.stdtrit(df, 1 - alpha / 2))
    below_upper = float(special.nctdtr(df, ncp, crit))
    lower = float(special.nctdtr(df, ncp, -crit))
    # Far in the tail scipy's noncentral t can return NaN for a probability that is ~0.
    if not math.isfinite(below_upper):
        below_upper = 0.0 if ncp > crit else 1.0
    if not math.isfinite(lower):
        lower = 0.0
    return 1.0 - below_upper + lower


def sample_size(
    *,
    metric: MetricKind,
    baseline: float,
    mde: float,
    relative: bool = True,
    sd: float | None = None,
    alpha: float = 0.05,
    power: float = 0.8,
    treatments: int = 1,
    treatment_ratio: float = 1.0,
    daily_users: int | None = None,
) -> SampleSizePlan:
    """Users per arm for a two-sided test to detect ``mde`` with the given α and power.

    ``baseline`` is the control's conversion rate (binary) or mean (continuous); ``mde`` is
    relative (0.05 = 5 % lift) or absolute; ``sd`` is the metric's standard deviation
    (continuous only); ``treatment_ratio`` is users per treatment arm per control user.
    """
    alpha = check_probability("alpha", alpha)
    power = check_probability("power", power)
    mde = _check_positive("mde", mde)
    treatment_ratio = _check_positive("treatment_ratio", treatment_ratio)
    if isinstance(treatments, bool) or not isinstance(treatments, int) or treatments < 1:
        raise StatsInputError("treatments", "must be a whole number ≥ 1")
    if daily_users is not None and (
        isinstance(daily_users, bool) or not isinstance(daily_users, int) or daily_users < 1
    ):
        raise StatsInputError("daily_users", "must be a whole number ≥ 1")
    comparison_alpha = alpha / treatments
    if metric == "binary":
        baseline = check_probability("baseline", baseline)
        delta = baseline * mde if relative else mde
        target = baseline + delta
        if not 0 < target < 1:
            raise StatsInputError(
                "mde", f"a lift of {delta:.4g} takes the {baseline:.4g} baseline outside (0, 1)"
            )
        n_control = _proportions_n(baseline, target, treatment_ratio, comparison_alpha, power)
    elif metric == "continuous":
        if (
            isinstance(baseline, bool)
            or not isinstance(baseline, int | float)
            or not math.isfinite(baseline)
        ):
            raise StatsInputError("baseline", "must be a finite number")
        sd = _check_positive("sd", sd)
        if relative and baseline == 0:
            raise StatsInputError("mde", "a relative effect needs a non-zero baseline mean")
        delta = abs(baseline) * mde if relative else mde
        n_control = _means_n(delta / sd, treatment_ratio, comparison_alpha, power)
    else:
        raise StatsInputError("metric", "must be 'binary' or 'continuous'")
    n_treatment = math.ceil(n_control * treatment_ratio - 1e-9)
    total = n_control + treatments * n_treatment
    days = math.ceil(total / daily_users) if daily_users else None
    return SampleSizePlan(
        metric=metric,
        baseline=float(baseline),
        sd=sd if metric == "continuous" else None,
        mde_absolute=float(delta),
        mde_relative=(delta / abs(baseline)) if baseline else None,
        alpha=alpha,
        comparison_alpha=comparison_alpha,
        power=power,
        treatments=treatments,
        treatment_ratio=treatment_ratio,
        control_users=n_control,
        treatment_users=n_treatment,
        total_users=total,
        days=days,
    )


def _proportions_n(p1: float, p2: float, ratio: float, alpha: float, power: float) -> int:
    k = ratio
    delta = abs(p2 - p1)
    pbar = (p1 + k * p2) / (1 + k)
    za, zb = z_quantile(1 - alpha / 2), z_quantile(power)
    root = za * math.sqrt(pbar * (1 - pbar) * (1 + 1 / k)) + zb * math.sqrt(
        p1 * (1 - p1) + p2 * (1 - p2) / k
    )
    n = root**2 / delta**2
    return _ceil_users(n)


def _means_n(effect: float, ratio: float, alpha: float, power: float) -> int:
    za, zb = z_quantile(1 - alpha / 2), z_quantile(power)
    guess = (za + zb) ** 2 * (1 + 1 / ratio) / effect**2  # the normal approximation
    if guess > 1e7:  # t and normal agree to far below one user here
        return _ceil_users(guess)

    def gap(n: float) -> float:
        return power_means(effect, n, ratio, alpha) - power

    low = 2.0  # the smallest arm a t-test can use
    if gap(low) >= 0:
        return 2
    high = max(4.0, guess * 2 + 10)
    while gap(high) < 0:
        high *= 2
    n = optimize.brentq(gap, low, high, xtol=1e-10)
    return _ceil_users(n)


def _ceil_users(n: float) -> int:
    if not math.isfinite(n) or n > MAX_USERS:
        raise StatsInputError("mde", "is too small to detect with any realistic number of users")
    return max(2, math.ceil(n - 1e-9))


def minimum_detectable_effect(
    *,
    metric: MetricKind,
    baseline: float,
    control_users: int,
    sd: float | None = None,
    alpha: float = 0.05,
    power: float = 0.8,
    treatment_ratio: float = 1.0,
    direction: Literal["increase", "decrease"] = "increase",
) -> float:
    """Smallest absolute effect detectable with ``control_users`` per control arm."""
    alpha = check_probability("alpha", alpha)
    power = check_probability("power", power)
    if control_users < 2:
        raise StatsInputError("control_users", "must be at least 2")
    sign = 1.0 if direction == "increase" else -1.0
    if metric == "binary":
        baseline = check_probability("baseline", baseline)
        limit = (1 - baseline) if sign > 0 else baseline

        def gap(d: float) -> float:
            return (
                power_proportions(
                    baseline, baseline + sign * d, control_users, treatment_ratio, alpha
                )
                - power
            )

        if gap(limit * (1 - 1e-9)) < 0:
            raise StatsInputError(
                "control_users", "too few users to reach this power at any effect"
            )
        return float(optimize.brentq(gap, 1e-12, limit * (1 - 1e-9), xtol=1e-12))
    sd = _check_positive("sd", sd)

    def gap_t(d: float) -> float:
        return power_means(d / sd, control_users, treatment_ratio, alpha) - power

    high = sd
    while gap_t(high) < 0:
        high *= 2
    return float(optimize.brentq(gap_t, 1e-12 * sd, high, xtol=1e-12 * sd))
