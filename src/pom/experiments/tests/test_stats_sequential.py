"""Always-valid inference: peeking after every batch must not inflate false positives."""

import math

import numpy as np
import pytest

from pom.experiments.stats import (
    BinaryVariant,
    SuccessCriterion,
    analyze,
    confidence_sequence,
    cs_half_width,
    msprt_p_value,
)

ALPHA = 0.05


def _null_paths(rng, sims, looks, batch, rate):
    xc = rng.binomial(batch, rate, (sims, looks)).cumsum(axis=1)
    xt = rng.binomial(batch, rate, (sims, looks)).cumsum(axis=1)
    n = batch * np.arange(1, looks + 1)
    return xc, xt, n


def _variance(x, n):
    p = (x + 1.0) / (n + 2.0)
    return p * (1 - p) / (n + 2.0)


def test_peeking_after_every_batch_keeps_false_positives_below_alpha():
    rng = np.random.default_rng(2026)
    sims, looks, batch, rate = 2000, 100, 100, 0.1
    xc, xt, n = _null_paths(rng, sims, looks, batch, rate)
    diff = xt / n - xc / n
    var = _variance(xc, n) + _variance(xt, n)
    tau2 = (0.1 * rate) ** 2
    ever_rejected = (np.abs(diff) > cs_half_width(var, tau2, ALPHA)).any(axis=1)
    assert ever_rejected.mean() <= ALPHA
    # The same peeking with a fixed-horizon z-test rejects far too often: the simulation
    # would catch a sequential test that was no better.
    naive = (np.abs(diff) / np.sqrt(var) > 1.959963984540054).any(axis=1)
    assert naive.mean() > 3 * ALPHA


def test_confidence_sequence_covers_a_real_effect_at_every_look():
    rng = np.random.default_rng(77)
    sims, looks, batch, pc, pt = 1500, 60, 200, 0.2, 0.22
    xc = rng.binomial(batch, pc, (sims, looks)).cumsum(axis=1)
    xt = rng.binomial(batch, pt, (sims, looks)).cumsum(axis=1)
    n = batch * np.arange(1, looks + 1)
    diff = xt / n - xc / n
    var = _variance(xc, n) + _variance(xt, n)
    missed = (np.abs(diff - (pt - pc)) > cs_half_width(var, 0.02**2, ALPHA)).any(axis=1)
    assert missed.mean() <= ALPHA
    # ...and it is not vacuous: by the end most sequences exclude zero.
    assert (np.abs(diff[:, -1]) > cs_half_width(var[:, -1], 0.02**2, ALPHA)).mean() > 0.5


def test_p_value_and_confidence_sequence_agree():
    for estimate, var in ((0.01, 1e-5), (0.003, 2e-6), (-0.02, 4e-5), (0.0, 1e-6)):
        p = msprt_p_value(estimate, var, 0.01**2)
        cs = confidence_sequence(estimate, var, 0.01**2, ALPHA)
        assert (p < ALPHA) == (not cs.contains(0.0))
    assert msprt_p_value(0.0, 1e-4, 1e-4) == 1.0


def test_p_value_matches_the_published_formula():
    # Johari et al. (2022), eq. (11): Λ = sqrt(V/(V+τ²)) exp(τ² θ̂² / (2V(V+τ²))).
    v, tau2, est = 2.5e-5, 1e-4, 0.012
    lam = math.sqrt(v / (v + tau2)) * math.exp(tau2 * est**2 / (2 * v * (v + tau2)))
    assert msprt_p_value(est, v, tau2) == pytest.approx(min(1.0, 1 / lam), rel=1e-12)


def test_analysis_in_sequential_mode_is_valid_under_peeking_end_to_end():
    rng = np.random.default_rng(8)
    sims, looks, batch = 300, 25, 400
    xc, xt, n = _null_paths(rng, sims, looks, batch, 0.05)
    false_wins = 0
    for i in range(sims):
        for j in range(looks):
            a = analyze(
                [
                    BinaryVariant("A", int(n[j]), int(xc[i, j])),
                    BinaryVariant("B", int(n[j]), int(xt[i, j])),
                ],
                SuccessCriterion(kind="relative", threshold=0.0),
                sequential=True,
            )
            if a.verdict == "supported":
                false_wins += 1
                break
    assert false_wins / sims <= ALPHA / 2 + 0.02


def test_sequential_intervals_are_wider_than_fixed_horizon_ones():
    v = [BinaryVariant("A", 20000, 2000), BinaryVariant("B", 20000, 2150)]
    fixed = analyze(v).comparisons[0]
    seq = analyze(v, sequential=True).comparisons[0]
    assert seq.sequential.absolute_cs.low < fixed.absolute_ci.low
    assert seq.sequential.absolute_cs.high > fixed.absolute_ci.high
    assert seq.sequential.p_value > fixed.p_value
