"""Sample size and power against R's documented examples, statsmodels and simulation."""

import numpy as np
import pytest
from statsmodels.stats.power import TTestIndPower
from statsmodels.stats.proportion import (
    power_proportions_2indep,
    samplesize_proportions_2indep_onetail,
)

from pom.experiments.stats import (
    StatsInputError,
    minimum_detectable_effect,
    power_means,
    power_proportions,
    sample_size,
)


def test_r_power_prop_test_example():
    # R: power.prop.test(p1 = .50, p2 = .75, power = .90) → n = 76.65294 per group.
    plan = sample_size(
        metric="binary", baseline=0.5, mde=0.25, relative=False, alpha=0.05, power=0.9
    )
    assert plan.control_users == 77 and plan.treatment_users == 77 and plan.total_users == 154
    # R: power.prop.test(n = 50, p1 = .50, p2 = .75) → power = 0.7401659.
    assert power_proportions(0.5, 0.75, 50) == pytest.approx(0.7401659, abs=1e-6)


def test_r_power_t_test_example():
    # R: power.t.test(power = .90, delta = 1) → n = 22.02110; power.t.test(n = 20, delta = 1)
    # → power = 0.8689528.
    plan = sample_size(
        metric="continuous", baseline=10.0, sd=1.0, mde=1.0, relative=False, power=0.9
    )
    assert plan.control_users == 23
    assert power_means(1.0, 20) == pytest.approx(0.8689528, abs=1e-6)


@pytest.mark.parametrize(
    ("baseline", "mde", "ratio"),
    [(0.1, 0.1, 1.0), (0.03, 0.2, 1.0), (0.5, 0.02, 2.0), (0.85, 0.05, 0.5)],
)
def test_proportions_sample_size_matches_statsmodels(baseline, mde, ratio):
    plan = sample_size(metric="binary", baseline=baseline, mde=mde, treatment_ratio=ratio)
    diff = plan.mde_absolute
    n1 = samplesize_proportions_2indep_onetail(
        diff, baseline, 0.8, ratio=1 / ratio, alpha=0.05, alternative="two-sided"
    )
    # statsmodels counts the treatment arm as "1" and ratio = nobs2 / nobs1.
    assert plan.treatment_users == pytest.approx(np.ceil(n1), abs=1)
    achieved = power_proportions_2indep(
        diff,
        baseline,
        plan.treatment_users,
        ratio=plan.control_users / plan.treatment_users,
        alpha=0.05,
    ).power
    assert achieved >= 0.8 - 1e-3


@pytest.mark.parametrize(
    ("effect", "ratio", "alpha", "power"),
    [(0.2, 1.0, 0.05, 0.8), (0.5, 2.0, 0.01, 0.9), (0.05, 1.0, 0.05, 0.8), (1.2, 0.5, 0.1, 0.95)],
)
def test_means_sample_size_matches_statsmodels_tt_ind_power(effect, ratio, alpha, power):
    plan = sample_size(
        metric="continuous",
        baseline=0.0,
        sd=2.0,
        mde=2.0 * effect,
        relative=False,
        alpha=alpha,
        power=power,
        treatment_ratio=ratio,
    )
    expected = TTestIndPower().solve_power(
        effect_size=effect, alpha=alpha, power=power, ratio=ratio
    )
    assert plan.control_users == int(np.ceil(expected - 1e-6))
    assert power_means(effect, 30, ratio, alpha) == pytest.approx(
        TTestIndPower().power(effect_size=effect, nobs1=30, alpha=alpha, ratio=ratio), abs=1e-8
    )


def test_several_treatments_split_alpha_and_add_arms():
    one = sample_size(metric="binary", baseline=0.1, mde=0.1)
    three = sample_size(metric="binary", baseline=0.1, mde=0.1, treatments=3, daily_users=1000)
    assert three.comparison_alpha == pytest.approx(0.05 / 3)
    assert three.control_users > one.control_users
    assert three.total_users == three.control_users + 3 * three.treatment_users
    assert three.days == -(-three.total_users // 1000)


def test_planned_sample_achieves_the_power_in_simulation():
    rng = np.random.default_rng(12)
    plan = sample_size(metric="binary", baseline=0.2, mde=0.15, power=0.8)
    n = plan.control_users
    sims = 4000
    xc = rng.binomial(n, 0.2, sims)
    xt = rng.binomial(n, 0.23, sims)
    p = (xc + xt) / (2 * n)
    z = (xt - xc) / n / np.sqrt(p * (1 - p) * 2 / n)
    assert 0.77 <= np.mean(np.abs(z) > 1.959963984540054) <= 0.83


def test_minimum_detectable_effect_inverts_the_sample_size():
    plan = sample_size(metric="binary", baseline=0.1, mde=0.01, relative=False)
    mde = minimum_detectable_effect(metric="binary", baseline=0.1, control_users=plan.control_users)
    assert mde == pytest.approx(0.01, rel=0.01)
    plan = sample_size(metric="continuous", baseline=50, sd=20, mde=2, relative=False)
    assert minimum_detectable_effect(
        metric="continuous", baseline=50, sd=20, control_users=plan.control_users
    ) == pytest.approx(2, rel=0.01)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"alpha": 0}, "alpha"),
        ({"alpha": 1.0}, "alpha"),
        ({"power": 1.2}, "power"),
        ({"power": float("nan")}, "power"),
        ({"baseline": 1.0}, "baseline"),
        ({"baseline": -0.1}, "baseline"),
        ({"mde": 0}, "mde"),
        ({"mde": 20.0}, "mde"),
        ({"treatments": 0}, "treatments"),
        ({"daily_users": 0}, "daily_users"),
        ({"metric": "continuous", "sd": 0}, "sd"),
        ({"metric": "continuous", "sd": None}, "sd"),
        ({"mde": 1e-9}, "mde"),
    ],
)
def test_bad_planning_input_names_the_field(kwargs, field):
    args = {"metric": "binary", "baseline": 0.1, "mde": 0.1} | kwargs
    with pytest.raises(StatsInputError) as err:
        sample_size(**args)
    assert err.value.field == field


def test_extreme_but_valid_plans_are_finite():
    tiny = sample_size(metric="binary", baseline=0.0001, mde=0.5)
    assert 10_000 < tiny.control_users < 10**9
    big = sample_size(metric="continuous", baseline=100.0, sd=1.0, mde=0.001, relative=False)
    assert big.control_users > 10**7
