"""Bayesian read-out against exact closed forms and seeded Monte Carlo references."""

import math

import numpy as np
import pytest
from scipy import special

from pom.experiments.stats import (
    beta_comparison,
    chance_to_be_best_binary,
    chance_to_be_best_normal,
    normal_comparison,
)


def exact_chance_b_beats_a(ca, na, cb, nb):
    """Evan Miller's closed form for P(p_B > p_A) with Beta(1 + x, 1 + n − x) posteriors."""
    a_a, b_a, a_b, b_b = 1 + ca, 1 + na - ca, 1 + cb, 1 + nb - cb
    i = np.arange(a_b)
    terms = (
        special.betaln(a_a + i, b_a + b_b)
        - np.log(b_b + i)
        - special.betaln(1 + i, b_b)
        - special.betaln(a_a, b_a)
    )
    return float(np.exp(terms).sum())


@pytest.mark.parametrize(
    ("ca", "na", "cb", "nb"),
    [
        (3, 10, 5, 12),
        (0, 5, 0, 5),
        (20, 100, 30, 100),
        (100, 1000, 120, 1000),
        (0, 10, 3, 10),
        (1000, 10000, 1100, 10000),
        (50, 200, 4000, 20000),
        (4000, 20000, 50, 200),
        (0, 10**6, 2, 10**6),
    ],
)
def test_chance_to_beat_control_matches_the_exact_formula(ca, na, cb, nb):
    got = beta_comparison((ca, na), (cb, nb)).chance_to_beat_control
    assert got == pytest.approx(exact_chance_b_beats_a(ca, na, cb, nb), abs=1e-8)


@pytest.mark.parametrize(
    ("control", "treatment"),
    [
        ((100, 1000), (120, 1000)),
        ((5, 40), (2, 60)),
        ((10, 100000), (900, 1000000)),
        ((999_990, 10**6), (10**6, 10**6)),
    ],
)
def test_expected_losses_match_monte_carlo(control, treatment):
    rng = np.random.default_rng(1)
    draws = 2_000_000
    c = rng.beta(1 + control[0], 1 + control[1] - control[0], draws)
    t = rng.beta(1 + treatment[0], 1 + treatment[1] - treatment[0], draws)
    res = beta_comparison(control, treatment)
    se = max(np.std(np.maximum(c - t, 0)), 1e-12) / math.sqrt(draws)
    assert res.expected_loss_choosing_variant == pytest.approx(
        np.maximum(c - t, 0).mean(), abs=5 * se + 1e-12
    )
    se = max(np.std(np.maximum(t - c, 0)), 1e-12) / math.sqrt(draws)
    assert res.expected_loss_keeping_control == pytest.approx(
        np.maximum(t - c, 0).mean(), abs=5 * se + 1e-12
    )
    assert res.chance_to_beat_control == pytest.approx((t > c).mean(), abs=0.002)


def test_equal_arms_are_a_coin_flip_with_equal_losses():
    res = beta_comparison((0, 5), (0, 5))
    assert res.chance_to_beat_control == pytest.approx(0.5, abs=1e-12)
    assert res.expected_loss_choosing_variant == pytest.approx(
        res.expected_loss_keeping_control, rel=1e-9
    )
    full = beta_comparison((10**7, 10**7), (10**7, 10**7))
    assert full.chance_to_beat_control == pytest.approx(0.5, abs=1e-8)
    assert all(
        math.isfinite(x)
        for x in (full.expected_loss_choosing_variant, full.expected_loss_keeping_control)
    )


def test_normal_comparison_closed_forms_match_monte_carlo():
    rng = np.random.default_rng(2)
    d = rng.normal(0.3, 0.2, 2_000_000)
    res = normal_comparison(0.3, 0.2)
    assert res.chance_to_beat_control == pytest.approx((d > 0).mean(), abs=0.001)
    assert res.expected_loss_choosing_variant == pytest.approx(np.maximum(-d, 0).mean(), rel=0.01)
    assert res.expected_loss_keeping_control == pytest.approx(np.maximum(d, 0).mean(), rel=0.005)


def test_chance_to_be_best_matches_monte_carlo_for_three_arms():
    rng = np.random.default_rng(3)
    arms = [(100, 1000), (118, 1000), (30, 240)]
    draws = np.stack([rng.beta(1 + c, 1 + n - c, 1_000_000) for c, n in arms])
    expected = np.bincount(draws.argmax(axis=0), minlength=3) / draws.shape[1]
    got = chance_to_be_best_binary(arms)
    assert sum(got) == pytest.approx(1.0, abs=1e-9)
    assert got == pytest.approx(list(expected), abs=0.003)

    means, ses = [10.0, 10.4, 9.8, 10.35], [0.2, 0.25, 0.1, 0.4]
    draws = np.stack([rng.normal(m, s, 1_000_000) for m, s in zip(means, ses, strict=True)])
    expected = np.bincount(draws.argmax(axis=0), minlength=4) / draws.shape[1]
    assert chance_to_be_best_normal(means, ses) == pytest.approx(list(expected), abs=0.003)


def test_chance_to_beat_control_is_calibrated_on_simulated_experiments():
    # Among experiments where the model says "90 % chance B is better", B should be better
    # about 90 % of the time when the true rates are drawn from the (uniform) prior.
    rng = np.random.default_rng(4)
    n = 200
    pa, pb = rng.uniform(0, 1, 3000), rng.uniform(0, 1, 3000)
    xa, xb = rng.binomial(n, pa), rng.binomial(n, pb)
    probs = np.array(
        [
            beta_comparison((int(a), n), (int(b), n)).chance_to_beat_control
            for a, b in zip(xa, xb, strict=True)
        ]
    )
    truth = pb > pa
    # Brier-style calibration: the mean predicted probability equals the observed frequency.
    for lo, hi in ((0.6, 0.95), (0.05, 0.4)):
        mask = (probs > lo) & (probs < hi)
        if mask.sum() > 30:
            assert probs[mask].mean() == pytest.approx(truth[mask].mean(), abs=0.1)
    assert abs(probs.mean() - truth.mean()) < 0.02
