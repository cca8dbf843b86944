"""Fixed-horizon tests against scipy/statsmodels, textbook examples and simulation."""

import math

import numpy as np
import pytest
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest
from statsmodels.stats.weightstats import CompareMeans, ttest_ind

from pom.experiments.stats import (
    BinaryVariant,
    ContinuousVariant,
    holm,
    two_proportion_test,
    welch_test,
)

PROPORTION_CASES = [
    (1000, 10000, 1100, 10000),
    (30, 250, 45, 260),
    (5, 40, 12, 35),
    (0, 50, 4, 50),
    (48, 50, 50, 50),
    (123456, 2_000_000, 125000, 2_000_000),
]


@pytest.mark.parametrize(("xc", "nc", "xt", "nt"), PROPORTION_CASES)
def test_z_test_matches_statsmodels_proportions_ztest(xc, nc, xt, nt):
    res = two_proportion_test(BinaryVariant("A", nc, xc), BinaryVariant("B", nt, xt))
    z, p = proportions_ztest([xt, xc], [nt, nc])
    assert res.statistic == pytest.approx(z, rel=1e-9)
    assert res.p_value == pytest.approx(p, rel=1e-7, abs=1e-300)
    assert res.absolute_lift == pytest.approx(xt / nt - xc / nc)


@pytest.mark.parametrize(("xc", "nc", "xt", "nt"), PROPORTION_CASES)
@pytest.mark.parametrize("alpha", [0.05, 0.01, 0.2])
def test_absolute_interval_matches_statsmodels_agresti_caffo(xc, nc, xt, nt, alpha):
    res = two_proportion_test(BinaryVariant("A", nc, xc), BinaryVariant("B", nt, xt), alpha)
    low, high = confint_proportions_2indep(
        xt, nt, xc, nc, method="agresti-caffo", compare="diff", alpha=alpha
    )
    assert res.absolute_ci.low == pytest.approx(max(-1, low), abs=1e-12)
    assert res.absolute_ci.high == pytest.approx(min(1, high), abs=1e-12)


def test_physicians_health_study_textbook_example():
    # Agresti, "Categorical Data Analysis", the aspirin/heart-attack table: 189 of 11,034
    # on placebo and 104 of 11,037 on aspirin had a heart attack; Pearson X² = 25.01 and the
    # proportions differ by 0.0077.
    res = two_proportion_test(
        BinaryVariant("placebo", 11034, 189), BinaryVariant("aspirin", 11037, 104)
    )
    assert res.statistic**2 == pytest.approx(25.01, abs=0.01)
    assert res.absolute_lift == pytest.approx(-0.0077, abs=5e-5)
    assert res.absolute_ci.high < -0.004
    assert res.absolute_ci.low > -0.011
    # Relative risk 104/11037 ÷ 189/11034 = 0.55 (the textbook quotes the inverse, 1.82).
    assert 1 + res.relative_lift == pytest.approx(1 / 1.82, abs=0.005)


def test_relative_interval_is_the_delta_method():
    res = two_proportion_test(BinaryVariant("A", 10000, 1000), BinaryVariant("B", 10000, 1100))
    pc, pt = 0.1, 0.11
    var_c = (1001 / 10002) * (1 - 1001 / 10002) / 10002
    var_t = (1101 / 10002) * (1 - 1101 / 10002) / 10002
    se = math.sqrt(var_t / pc**2 + pt**2 * var_c / pc**4)
    assert res.relative_lift == pytest.approx(0.1)
    assert res.relative_ci.low == pytest.approx(0.1 - 1.959963984540054 * se, rel=1e-9)
    assert res.relative_ci.high == pytest.approx(0.1 + 1.959963984540054 * se, rel=1e-9)


def test_extremes_stay_finite():
    none = two_proportion_test(BinaryVariant("A", 7, 0), BinaryVariant("B", 9, 0))
    assert none.p_value == 1.0 and none.statistic == 0.0
    assert none.relative_lift is None and none.relative_ci is None
    assert -1 < none.absolute_ci.low < 0 < none.absolute_ci.high < 1
    all_ = two_proportion_test(BinaryVariant("A", 10**7, 10**7), BinaryVariant("B", 10**7, 10**7))
    assert all_.p_value == 1.0 and all_.relative_lift == 0.0
    assert all_.absolute_ci.low < 0 < all_.absolute_ci.high
    huge = two_proportion_test(
        BinaryVariant("A", 50_000_000, 5_000_000), BinaryVariant("B", 50_000_000, 5_010_000)
    )
    _z, p = proportions_ztest([5_010_000, 5_000_000], [50_000_000] * 2)
    assert huge.p_value == pytest.approx(p, rel=1e-6)
    for value in (huge.statistic, huge.absolute_ci.low, huge.relative_ci.high):
        assert math.isfinite(value)


WELCH_CASES = [
    (0.0, 1.0, 20, 0.5, 3.0, 40),
    (10.0, 2.0, 500, 10.3, 2.5, 480),
    (100.0, 30.0, 3, 140.0, 10.0, 4),
    (5.0, 1.0, 2_000_000, 5.001, 1.1, 2_100_000),
]


@pytest.mark.parametrize(("mc", "sc", "nc", "mt", "st", "nt"), WELCH_CASES)
def test_welch_matches_scipy_and_statsmodels(mc, sc, nc, mt, st, nt):
    res = welch_test(ContinuousVariant("A", nc, mc, sc), ContinuousVariant("B", nt, mt, st), 0.05)
    t, p = sps.ttest_ind_from_stats(mt, st, nt, mc, sc, nc, equal_var=False)
    assert res.statistic == pytest.approx(t, rel=1e-9)
    assert res.p_value == pytest.approx(p, rel=1e-6)
    if nc + nt > 100_000:
        return
    # Raw samples with exactly these moments, analysed by scipy and statsmodels themselves.
    a, b = _sample(mc, sc, nc, 1), _sample(mt, st, nt, 2)
    ci = sps.ttest_ind(b, a, equal_var=False).confidence_interval(0.95)
    assert res.absolute_ci.low == pytest.approx(ci.low, rel=1e-7, abs=1e-9)
    assert res.absolute_ci.high == pytest.approx(ci.high, rel=1e-7, abs=1e-9)
    low, high = CompareMeans.from_data(b, a).tconfint_diff(alpha=0.05, usevar="unequal")
    assert (res.absolute_ci.low, res.absolute_ci.high) == pytest.approx((low, high), rel=1e-7)


def _sample(mean, sd, n, seed):
    x = np.random.default_rng(seed).normal(size=n)
    return mean + sd * (x - x.mean()) / x.std(ddof=1)


def test_welch_matches_statsmodels_ttest_ind_on_raw_values():
    rng = np.random.default_rng(11)
    a = rng.normal(3.0, 1.0, 37)
    b = rng.normal(3.6, 2.5, 23)
    res = welch_test(
        ContinuousVariant("A", a.size, a.mean(), a.std(ddof=1)),
        ContinuousVariant("B", b.size, b.mean(), b.std(ddof=1)),
    )
    t, p, df = ttest_ind(b, a, usevar="unequal")
    assert res.statistic == pytest.approx(t, rel=1e-9)
    assert res.p_value == pytest.approx(p, rel=1e-9)
    assert res.degrees_of_freedom == pytest.approx(df, rel=1e-9)


def test_welch_textbook_example():
    # Wikipedia, "Welch's t-test", example 1: t = −2.46, ν ≈ 24.99, p ≈ 0.021.
    a1 = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4]
    a2 = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4]
    res = welch_test(
        ContinuousVariant("A2", 15, float(np.mean(a2)), float(np.std(a2, ddof=1))),
        ContinuousVariant("A1", 15, float(np.mean(a1)), float(np.std(a1, ddof=1))),
    )
    assert res.statistic == pytest.approx(-2.46, abs=0.005)
    assert res.degrees_of_freedom == pytest.approx(24.99, abs=0.005)
    assert res.p_value == pytest.approx(0.021, abs=0.0005)


def test_holm_matches_statsmodels():
    rng = np.random.default_rng(3)
    for size in (2, 3, 5, 8):
        p = rng.uniform(0, 0.2, size=size).tolist()
        expected = multipletests(p, method="holm")[1]
        assert holm(p) == pytest.approx(list(expected), rel=1e-12)


def test_z_test_false_positive_rate_is_near_alpha_under_the_null():
    rng = np.random.default_rng(20261123)
    sims, n = 4000, 2000
    xc = rng.binomial(n, 0.08, sims)
    xt = rng.binomial(n, 0.08, sims)
    rejections = sum(
        two_proportion_test(BinaryVariant("A", n, int(c)), BinaryVariant("B", n, int(t))).p_value
        < 0.05
        for c, t in zip(xc, xt, strict=True)
    )
    # 4000 draws: the standard error of a 5 % rate is 0.34 points.
    assert 0.04 <= rejections / sims <= 0.06


def test_welch_false_positive_rate_holds_with_unequal_variances_and_sizes():
    # The setting where Student's pooled t-test goes wrong (small group with the large spread).
    rng = np.random.default_rng(7)
    sims = 4000
    a = rng.normal(0.0, 1.0, (sims, 40))
    b = rng.normal(0.0, 4.0, (sims, 10))
    rejections = 0
    for ra, rb in zip(a, b, strict=True):
        va = ContinuousVariant("A", 40, float(ra.mean()), float(ra.std(ddof=1)))
        vb = ContinuousVariant("B", 10, float(rb.mean()), float(rb.std(ddof=1)))
        rejections += welch_test(va, vb).p_value < 0.05
    _t, p = sps.ttest_ind(b, a, axis=1, equal_var=True)
    student = float(np.mean(p < 0.05))
    assert 0.04 <= rejections / sims <= 0.065
    assert student > 0.1  # the simulation is sharp enough to catch the wrong test


def test_absolute_and_relative_intervals_cover_the_truth():
    rng = np.random.default_rng(99)
    sims, n, pc, pt = 4000, 1500, 0.12, 0.14
    xc = rng.binomial(n, pc, sims)
    xt = rng.binomial(n, pt, sims)
    cover_abs = cover_rel = 0
    for c, t in zip(xc, xt, strict=True):
        r = two_proportion_test(BinaryVariant("A", n, int(c)), BinaryVariant("B", n, int(t)))
        cover_abs += r.absolute_ci.contains(pt - pc)
        cover_rel += r.relative_ci.contains(pt / pc - 1)
    assert 0.935 <= cover_abs / sims <= 0.965
    assert 0.93 <= cover_rel / sims <= 0.965


def test_welch_interval_covers_the_truth():
    rng = np.random.default_rng(5)
    sims = 4000
    a = rng.exponential(2.0, (sims, 200))  # skewed, like revenue per user
    b = rng.exponential(2.4, (sims, 150))
    covered = 0
    for ra, rb in zip(a, b, strict=True):
        r = welch_test(
            ContinuousVariant("A", 200, float(ra.mean()), float(ra.std(ddof=1))),
            ContinuousVariant("B", 150, float(rb.mean()), float(rb.std(ddof=1))),
        )
        covered += r.absolute_ci.contains(0.4)
    assert 0.935 <= covered / sims <= 0.965
