"""Experiment statistics: pure, typed functions with no Django imports.

The public surface is re-exported here; see ``analysis.analyze`` for the one-call read-out
and ``power.sample_size`` for planning.
"""

from .analysis import Analysis, Arm, Comparison, analyze
from .bayes import (
    BayesResult,
    beta_comparison,
    chance_to_be_best_binary,
    chance_to_be_best_normal,
    normal_comparison,
)
from .frequentist import Interval, TestResult, holm, two_proportion_test, welch_test
from .power import (
    SampleSizePlan,
    minimum_detectable_effect,
    power_means,
    power_proportions,
    sample_size,
)
from .sequential import SequentialResult, confidence_sequence, cs_half_width, msprt_p_value
from .srm import SRM_THRESHOLD, SrmCheck, sample_ratio_check
from .summary import ValueSummary, parse_values_csv
from .types import (
    BinaryVariant,
    ContinuousVariant,
    StatsInputError,
    SuccessCriterion,
    Variant,
    validate_variants,
)

__all__ = [
    "SRM_THRESHOLD",
    "Analysis",
    "Arm",
    "BayesResult",
    "BinaryVariant",
    "Comparison",
    "ContinuousVariant",
    "Interval",
    "SampleSizePlan",
    "SequentialResult",
    "SrmCheck",
    "StatsInputError",
    "SuccessCriterion",
    "TestResult",
    "ValueSummary",
    "Variant",
    "analyze",
    "beta_comparison",
    "chance_to_be_best_binary",
    "chance_to_be_best_normal",
    "confidence_sequence",
    "cs_half_width",
    "holm",
    "minimum_detectable_effect",
    "msprt_p_value",
    "normal_comparison",
    "parse_values_csv",
    "power_means",
    "power_proportions",
    "sample_ratio_check",
    "sample_size",
    "two_proportion_test",
    "validate_variants",
    "welch_test",
]
