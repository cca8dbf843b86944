"""Bayesian read-out: chance to beat control, chance to be best and expected loss.

Conversions: each arm's rate has a Beta(1 + conversions, 1 + non-conversions) posterior (a
uniform prior). The probabilities and expected losses are one-dimensional integrals, computed
deterministically with Gauss–Legendre quadrature on pieces cut at multiples of the posterior
standard deviation (so a posterior that is a thousand times narrower than the other is still
resolved). Means: a flat prior and the normal approximation, which gives closed forms.

Expected loss is what you give up, on average over the posterior, if you pick an arm and it
is in fact worse: E[max(other − chosen, 0)], in the metric's own units.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import special

from .frequentist import normal_cdf, normal_pdf

_GL_X, _GL_W = np.polynomial.legendre.leggauss(10)
# Cut points in posterior standard deviations; the wide outer pieces cover the long tail of a
# skewed posterior (a rate near 0 % or 100 %) where the tail decays like an exponential.
_CUTS = np.array([-40.0, -8.0, -3.0, 0.0, 3.0, 8.0, 40.0])


@dataclass(frozen=True, slots=True)
class BayesResult:
    """Posterior comparison of one treatment with the control."""

    chance_to_beat_control: float
    expected_loss_choosing_variant: float
    expected_loss_keeping_control: float


def _beta_params(conversions: int, users: int) -> tuple[float, float]:
    return 1.0 + conversions, 1.0 + users - conversions


def _beta_moments(a: float, b: float) -> tuple[float, float]:
    mean = a / (a + b)
    sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1.0)))
    return mean, sd


_GL_X_COARSE, _GL_W_COARSE = np.polynomial.legendre.leggauss(6)


def _nodes(
    edges: np.ndarray, gl: tuple[np.ndarray, np.ndarray] = (_GL_X, _GL_W)
) -> tuple[np.ndarray, np.ndarray]:
    # Pieces clipped to [0, 1] may collapse to zero width: their weights are then zero.
    edges = np.clip(edges, 0.0, 1.0)
    mid = (edges[1:] + edges[:-1]) * 0.5
    half = (edges[1:] - edges[:-1]) * 0.5
    x = (mid[:, None] + half[:, None] * gl[0][None, :]).ravel()
    w = (half[:, None] * gl[1][None, :]).ravel()
    return x, w


def _beta_pdf(x: np.ndarray, a: float, b: float) -> np.ndarray:
    return np.exp(special.xlogy(a - 1.0, x) + special.xlog1py(b - 1.0, -x) - special.betaln(a, b))


def beta_comparison(control: tuple[int, int], treatment: tuple[int, int]) -> BayesResult:
    """P(treatment rate > control rate) and the two expected losses, from (conversions, users)."""
    ac, bc = _beta_params(*control)
    at, bt = _beta_params(*treatment)
    mc, sc = _beta_moments(ac, bc)
    mt, st = _beta_moments(at, bt)
    # Integrate against the narrower posterior: the wider one's CDF is smooth over its range.
    if st <= sc:
        an, bn, mn, sn, aw, bw, mw = at, bt, mt, st, ac, bc, mc
    else:
        an, bn, mn, sn, aw, bw, mw = ac, bc, mc, sc, at, bt, mt
    x, w = _nodes(mn + sn * _CUTS)
    density = _beta_pdf(x, an, bn) * w
    mass = density.sum()
    wide_cdf = special.betainc(aw, bw, x)
    # CDF of the size-biased posterior Beta(a + 1, b), by the recurrence
    # I_x(a + 1, b) = I_x(a, b) − x^a (1 − x)^b / (a · B(a, b)), which saves a second betainc.
    wide_cdf_shifted = wide_cdf - np.exp(
        special.xlogy(aw, x) + special.xlog1py(bw, -x) - math.log(aw) - special.betaln(aw, bw)
    )
    p_narrow_wins = float(np.dot(density, wide_cdf) / mass)
    # E[max(W − N, 0)] = ∫ f_N(x) · (E[W; W > x] − x · P(W > x)) dx
    partial = mw * (1.0 - wide_cdf_shifted) - x * (1.0 - wide_cdf)
    loss_wide_over_narrow = max(0.0, float(np.dot(density, partial) / mass))
    # E[max(N − W, 0)] = E[max(W − N, 0)] + E[N] − E[W]
    loss_narrow_over_wide = max(0.0, loss_wide_over_narrow + mn - mw)
    p_narrow_wins = min(1.0, max(0.0, p_narrow_wins))
    if st <= sc:  # the narrower posterior was the treatment's
        return BayesResult(p_narrow_wins, loss_wide_over_narrow, loss_narrow_over_wide)
    return BayesResult(1.0 - p_narrow_wins, loss_narrow_over_wide, loss_wide_over_narrow)


def normal_comparison(diff: float, se: float) -> BayesResult:
    """Means under a flat prior: treatment − control ~ Normal(diff, se²)."""
    r = diff / se
    chance = normal_cdf(r)
    loss_choose = se * normal_pdf(r) - diff * normal_cdf(-r)
    loss_keep = se * normal_pdf(r) + diff * chance
    return BayesResult(chance, max(0.0, loss_choose), max(0.0, loss_keep))


def chance_to_be_best_binary(arms: Sequence[tuple[int, int]]) -> list[float]:
    """P(each arm has the highest rate), for any number of arms, from (conversions, users)."""
    params = [_beta_params(c, n) for c, n in arms]
    cuts = []
    for a, b in params:
        m, s = _beta_moments(a, b)
        cuts.append(m + s * _CUTS)
    # Several arms' cut points interleave, so fewer nodes per piece keep the same accuracy.
    x, w = _nodes(np.sort(np.concatenate(cuts)), (_GL_X_COARSE, _GL_W_COARSE))
    pdf = np.stack([_beta_pdf(x, a, b) for a, b in params])
    cdf = np.stack([special.betainc(a, b, x) for a, b in params])
    return _best(pdf, cdf, w)


def chance_to_be_best_normal(means: Sequence[float], ses: Sequence[float]) -> list[float]:
    """P(each arm has the highest mean) with independent Normal(mean, se²) posteriors."""
    mu = np.asarray(means, dtype=float)
    sd = np.asarray(ses, dtype=float)
    # Work in a standardised coordinate so the quadrature pieces are well scaled.
    centre, scale = float(mu.mean()), float(sd.max())
    z_mu, z_sd = (mu - centre) / scale, sd / scale
    edges = np.concatenate([m + s * _CUTS for m, s in zip(z_mu, z_sd, strict=True)])
    edges = np.unique(edges)
    mid = (edges[1:] + edges[:-1]) * 0.5
    half = (edges[1:] - edges[:-1]) * 0.5
    x = (mid[:, None] + half[:, None] * _GL_X[None, :]).ravel()
    w = (half[:, None] * _GL_W[None, :]).ravel()
    zs = (x[None, :] - z_mu[:, None]) / z_sd[:, None]
    pdf = np.exp(-0.5 * zs**2) / (math.sqrt(2 * math.pi) * z_sd[:, None])
    cdf = special.ndtr(zs)
    return _best(pdf, cdf, w)


def _best(pdf: np.ndarray, cdf: np.ndarray, w: np.ndarray) -> list[float]:
    k = pdf.shape[0]
    out = []
    for i in range(k):
        others = np.prod(np.delete(cdf, i, axis=0), axis=0)
        out.append(float(np.dot(pdf[i] * w, others)))
    total = sum(out)
    return [min(1.0, max(0.0, p / total)) for p in out]
