"""Fixed-horizon tests: two-proportion z-test and Welch's t-test, with lift intervals.

Conventions: "lift" is treatment minus control (absolute) or treatment / control − 1
(relative). Intervals are two-sided at level ``1 − alpha``.

* Proportions: the test statistic uses the pooled rate under the null (the classic
  two-proportion z-test, as ``statsmodels.stats.proportion.proportions_ztest``); the interval
  for the absolute difference is Agresti–Caffo (add one success and one failure to each arm),
  which keeps honest width at 0 % and 100 % and covers better than Wald in small samples.
* Means: Welch's unequal-variance t-test with Welch–Satterthwaite degrees of freedom, the
  statistic and p-value from ``scipy.stats.ttest_ind_from_stats``.
* Relative lift: the delta method, Var(T/C) ≈ Var(T)/C² + T²·Var(C)/C⁴, undefined when the
  control's rate or mean is not positive.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from scipy import special, stats

from .types import BinaryVariant, ContinuousVariant

SQRT2 = math.sqrt(2.0)


@lru_cache(maxsize=256)
def z_quantile(p: float) -> float:
    """Standard normal quantile Φ⁻¹(p), cached: analyses use a handful of levels."""
    return float(special.ndtri(p))


def normal_cdf(x: float) -> float:
    return 0.5 * math.erfc(-x / SQRT2)


def normal_pdf(x: float) -> float:
    return math.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)


def two_sided_normal_p(z: float) -> float:
    return math.erfc(abs(z) / SQRT2)


@dataclass(frozen=True, slots=True)
class Interval:
    low: float
    high: float

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high


@dataclass(frozen=True, slots=True)
class TestResult:
    """Treatment against control on one metric, before any multiple-comparison correction."""

    absolute_lift: float
    absolute_ci: Interval
    relative_lift: float | None
    relative_ci: Interval | None
    statistic: float
    p_value: float
    standard_error: float
    degrees_of_freedom: float | None
    # Variance estimates used by the sequential test and the relative interval.
    absolute_variance: float
    relative_variance: float | None


def adjusted_rate(conversions: int, users: int) -> float:
    """(x + 1) / (n + 2): the rate used for variances, never exactly 0 or 1."""
    return (conversions + 1.0) / (users + 2.0)


def rate_variance(conversions: int, users: int) -> float:
    """Variance of an observed conversion rate, from the adjusted rate (Agresti–Caffo)."""
    p = adjusted_rate(conversions, users)
    return p * (1.0 - p) / (users + 2.0)


def _relative(
    treatment: float, control: float, var_t: float, var_c: float, crit: float
) -> tuple[float | None, Interval | None, float | None]:
    if control <= 0:
        return None, None, None
    ratio = treatment / control
    variance = var_t / control**2 + treatment**2 * var_c / control**4
    half = crit * math.sqrt(variance)
    # A relative change below −100 % would mean a negative rate or mean.
    low = ratio - 1.0 - half
    if treatment >= 0:
        low = max(low, -1.0)
    return ratio - 1.0, Interval(low, ratio - 1.0 + half), variance


def two_proportion_test(
    control: BinaryVariant, treatment: BinaryVariant, alpha: float = 0.05
) -> TestResult:
    """Two-proportion z-test (pooled), Agresti–Caffo interval and delta-method relative lift."""
    nc, xc, nt, xt = control.users, control.conversions, treatment.users, treatment.conversions
    pc, pt = xc / nc, xt / nt
    diff = pt - pc
    pooled = (xc + xt) / (nc + nt)
    se0 = math.sqrt(pooled * (1.0 - pooled) * (1.0 / nc + 1.0 / nt))
    # Both arms at 0 % (or both at 100 %): no evidence of any difference, and no variance.
    z = diff / se0 if se0 > 0 else 0.0
    p_value = two_sided_normal_p(z)
    crit = z_quantile(1.0 - alpha / 2.0)
    var_c, var_t = rate_variance(xc, nc), rate_variance(xt, nt)
    centre = adjusted_rate(xt, nt) - adjusted_rate(xc, nc)
    se = math.sqrt(var_c + var_t)
    ci = Interval(max(-1.0, centre - crit * se), min(1.0, centre + crit * se))
    rel, rel_ci, rel_var = _relative(pt, pc, var_t, var_c, crit)
    return TestResult(diff, ci, rel, rel_ci, z, p_value, se, None, var_c + var_t, rel_var)


def welch_test(
    control: ContinuousVariant, treatment: ContinuousVariant, alpha: float = 0.05
) -> TestResult:
    """Welch's unequal-variance t-test with a t interval and a delta-method relative lift."""
    vc = control.sd**2 / control.n
    vt = treatment.sd**2 / treatment.n
    se = math.sqrt(vc + vt)
    diff = treatment.mean - control.mean
    df = (vc + vt) ** 2 / (vc**2 / (control.n - 1) + vt**2 / (treatment.n - 1))
    test = stats.ttest_ind_from_stats(
        treatment.mean, treatment.sd, treatment.n, control.mean, control.sd, control.n, False
    )
    t, p_value = float(test.statistic), float(test.pvalue)
    crit = _t_quantile(df, 1.0 - alpha / 2.0)
    ci = Interval(diff - crit * se, diff + crit * se)
    rel, rel_ci, rel_var = _relative(treatment.mean, control.mean, vt, vc, crit)
    return TestResult(diff, ci, rel, rel_ci, t, p_value, se, df, vc + vt, rel_var)


def _t_quantile(df: float, p: float) -> float:
    if df > 1e7:  # the t distribution is the normal to machine precision here
        return z_quantile(p)
    return float(special.stdtrit(df, p))


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm–Bonferroni step-down adjusted p-values (controls the family-wise error rate).

    The same as statsmodels' ``multipletests(method="holm")`` (tested against it); scipy has no
    Holm and statsmodels is kept out of the runtime for these eight lines (see ``power``).
    """
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [0.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p_values[i]))
        adjusted[i] = running
    return adjusted
