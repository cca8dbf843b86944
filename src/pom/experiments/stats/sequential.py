"""Always-valid inference: the mixture sequential probability ratio test (mSPRT).

Johari, Koomen, Pekelis & Walsh, "Always valid inference: continuous monitoring of A/B tests"
(Operations Research, 2022). For an estimate θ̂ with (approximately normal) variance V and a
normal mixing distribution N(0, τ²) over the true effect, the mixture likelihood ratio against
θ = θ₀ is

    Λ = sqrt(V / (V + τ²)) · exp( (θ̂ − θ₀)² τ² / (2 V (V + τ²)) ).

Under the null, Λ is a non-negative martingale, so by Ville's inequality the chance that it
*ever* exceeds 1/α is at most α: a team may look after every user and stop the first time the
always-valid p-value min(1, 1/Λ) drops below α. Inverting the test gives a confidence
sequence, an interval that covers the true effect at every look simultaneously:

    |θ̂ − θ| ≤ sqrt( V (V + τ²) / τ² · (2 log(1/α) + log((V + τ²) / V)) ).

τ is the effect size the test is tuned to detect fastest; it must be fixed before the data
are seen (we use the pre-registered threshold, or 10 % of the control's level).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .frequentist import Interval


@dataclass(frozen=True, slots=True)
class SequentialResult:
    """Always-valid p-value and confidence sequences for one treatment against control."""

    p_value: float
    absolute_cs: Interval
    relative_cs: Interval | None
    tau: float


def msprt_p_value(estimate: float, variance: float, tau2: float, null: float = 0.0) -> float:
    """Always-valid p-value at this look: min(1, 1/Λ)."""
    if variance <= 0:
        return 1.0 if estimate == null else 0.0
    s = variance + tau2
    log_lr = 0.5 * math.log(variance / s) + (estimate - null) ** 2 * tau2 / (2.0 * variance * s)
    return math.exp(-log_lr) if log_lr > 0 else 1.0


def cs_half_width(variance: ArrayLike, tau2: float, alpha: float) -> NDArray[np.float64]:
    """Half-width of the (1 − α) confidence sequence; vectorised over ``variance``."""
    v = np.asarray(variance, dtype=float)
    s = v + tau2
    return np.sqrt(v * s / tau2 * (2.0 * math.log(1.0 / alpha) + np.log(s / v)))


def confidence_sequence(estimate: float, variance: float, tau2: float, alpha: float) -> Interval:
    half = float(cs_half_width(variance, tau2, alpha))
    return Interval(estimate - half, estimate + half)
