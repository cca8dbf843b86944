"""Sample-ratio mismatch: did users land in the variants in the proportions that were planned?

A chi-square goodness-of-fit test of the observed users per variant against the planned split.
A mismatch (p < 0.001, the conventional bar — see Fabijan et al., "Diagnosing Sample Ratio
Mismatch in Online Controlled Experiments", KDD 2019) means assignment or logging is broken,
and the experiment's comparison cannot be trusted whatever its p-value says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scipy import stats

SRM_THRESHOLD = 0.001


@dataclass(frozen=True, slots=True)
class SrmCheck:
    statistic: float
    degrees_of_freedom: int
    p_value: float
    mismatch: bool
    observed_shares: tuple[float, ...]
    planned_shares: tuple[float, ...]


def sample_ratio_check(
    counts: Sequence[int], planned: Sequence[float] | None = None, threshold: float = SRM_THRESHOLD
) -> SrmCheck:
    """Chi-square test of ``counts`` against ``planned`` shares (equal split when omitted).

    ``scipy.stats.chisquare`` does the test; this wraps it with the shares and the verdict.
    """
    k = len(counts)
    shares = [1.0] * k if planned is None else [float(s) for s in planned]
    total_share = sum(shares)
    total = sum(counts)
    planned_shares = tuple(s / total_share for s in shares)
    result = stats.chisquare(counts, f_exp=[total * share for share in planned_shares])
    chi2, p_value = float(result.statistic), float(result.pvalue)
    observed_shares = tuple(c / total for c in counts)
    return SrmCheck(chi2, k - 1, p_value, p_value < threshold, observed_shares, planned_shares)
