"""One call that analyses an experiment end to end and says what it means.

``analyze(variants, criterion)`` runs, for every treatment against the control (the first
variant): the fixed-horizon test (z or Welch), intervals for absolute and relative lift, the
Bayesian read-out, optionally the always-valid sequential test, a sample-ratio-mismatch check
across all arms, a Holm correction of p-values and a Bonferroni correction of intervals when
there is more than one treatment, the verdict against the pre-registered success criterion and
a plain-language summary of what the numbers mean and what they do not.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from . import bayes
from .frequentist import Interval, TestResult, adjusted_rate, holm, two_proportion_test, welch_test
from .sequential import SequentialResult, confidence_sequence, msprt_p_value
from .srm import SrmCheck, sample_ratio_check
from .types import (
    BinaryVariant,
    ContinuousVariant,
    MetricKind,
    StatsInputError,
    SuccessCriterion,
    Variant,
    validate_variants,
)

Verdict = Literal["supported", "refuted", "inconclusive"]
DEFAULT_TAU_RELATIVE = 0.10


@dataclass(frozen=True, slots=True)
class Arm:
    name: str
    n: int
    estimate: float  # conversion rate or mean
    conversions: int | None
    sd: float | None


@dataclass(frozen=True, slots=True)
class Comparison:
    """One treatment against the control."""

    variant: str
    absolute_lift: float
    absolute_ci: Interval
    relative_lift: float | None
    relative_ci: Interval | None
    statistic: float
    p_value: float
    p_value_adjusted: float
    degrees_of_freedom: float | None
    interval_confidence: float
    chance_to_beat_control: float
    chance_to_be_best: float
    expected_loss_choosing_variant: float
    expected_loss_keeping_control: float
    sequential: SequentialResult | None
    verdict: Verdict
    decision_interval: Interval | None


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the results panel and the API show about one experiment."""

    metric: MetricKind
    control: str
    criterion: SuccessCriterion
    criterion_text: str
    alpha: float
    sequential: bool
    correction: Literal["none", "holm"]
    arms: tuple[Arm, ...]
    comparisons: tuple[Comparison, ...]
    chance_to_be_best: dict[str, float]
    srm: SrmCheck
    verdict: Verdict
    verdict_reason: str
    best_variant: str | None
    trustworthy: bool
    warnings: tuple[str, ...]
    summary: str
    caveats: str

    def to_dict(self) -> dict[str, object]:
        return dataclasses.asdict(self)


def analyze(
    variants: Sequence[Variant],
    criterion: SuccessCriterion | None = None,
    *,
    sequential: bool = False,
    sequential_tau: float | None = None,
    planned_users: int | None = None,
) -> Analysis:
    """Analyse an experiment whose first variant is the control.

    ``sequential`` switches the verdict to always-valid confidence sequences, so the test may
    be read at any time; otherwise the verdict is the fixed-horizon one, and it is held back
    (inconclusive) while fewer than ``planned_users`` have been observed.
    """
    metric = validate_variants(variants)
    criterion = criterion or SuccessCriterion()
    if sequential_tau is not None and (
        isinstance(sequential_tau, bool)
        or not isinstance(sequential_tau, int | float)
        or not sequential_tau > 0
        or sequential_tau == float("inf")
    ):
        raise StatsInputError("sequential_tau", "must be a positive number")
    if planned_users is not None and (
        isinstance(planned_users, bool) or not isinstance(planned_users, int) or planned_users < 1
    ):
        raise StatsInputError("planned_users", "must be a whole number ≥ 1")

    alpha = criterion.alpha
    control, treatments = variants[0], variants[1:]
    m = len(treatments)
    interval_alpha = alpha / m  # Bonferroni: the m intervals hold simultaneously
    arms = tuple(_arm(v) for v in variants)

    tests: list[TestResult] = []
    bayes_results: list[bayes.BayesResult] = []
    for t in treatments:
        if isinstance(control, BinaryVariant) and isinstance(t, BinaryVariant):
            tests.append(two_proportion_test(control, t, interval_alpha))
            bayes_results.append(
                bayes.beta_comparison(
                    (control.conversions, control.users), (t.conversions, t.users)
                )
            )
        elif isinstance(control, ContinuousVariant) and isinstance(t, ContinuousVariant):
            res = welch_test(control, t, interval_alpha)
            tests.append(res)
            bayes_results.append(bayes.normal_comparison(res.absolute_lift, res.standard_error))
    if m == 1:
        best = [
            1.0 - bayes_results[0].chance_to_beat_control,
            bayes_results[0].chance_to_beat_control,
        ]
    elif metric == "binary":
        best = bayes.chance_to_be_best_binary(
            [(v.conversions, v.users) for v in variants if isinstance(v, BinaryVariant)]
        )
    else:
        best = bayes.chance_to_be_best_normal(
            [v.mean for v in variants if isinstance(v, ContinuousVariant)],
            [v.sd / v.n**0.5 for v in variants if isinstance(v, ContinuousVariant)],
        )

    p_adjusted = holm([r.p_value for r in tests]) if m > 1 else [tests[0].p_value]
    seq_results: list[SequentialResult] | None = None
    if sequential:
        seq_results = [
            _sequential(control, r, criterion, interval_alpha, sequential_tau) for r in tests
        ]
        if m > 1:
            seq_p = holm([s.p_value for s in seq_results])
            seq_results = [
                dataclasses.replace(s, p_value=p) for s, p in zip(seq_results, seq_p, strict=True)
            ]

    comparisons = []
    for i, (t, r, b) in enumerate(zip(treatments, tests, bayes_results, strict=True)):
        seq = seq_results[i] if seq_results else None
        interval = _decision_interval(r, seq, criterion)
        comparisons.append(
            Comparison(
                variant=t.name,
                absolute_lift=r.absolute_lift,
                absolute_ci=r.absolute_ci,
                relative_lift=r.relative_lift,
                relative_ci=r.relative_ci,
                statistic=r.statistic,
                p_value=r.p_value,
                p_value_adjusted=p_adjusted[i],
                degrees_of_freedom=r.degrees_of_freedom,
                interval_confidence=1.0 - interval_alpha,
                chance_to_beat_control=b.chance_to_beat_control,
                chance_to_be_best=best[i + 1],
                expected_loss_choosing_variant=b.expected_loss_choosing_variant,
                expected_loss_keeping_control=b.expected_loss_keeping_control,
                sequential=seq,
                verdict=_criterion_verdict(interval, criterion),
                decision_interval=interval,
            )
        )

    srm = sample_ratio_check([a.n for a in arms], _planned_shares(variants))
    total = sum(a.n for a in arms)
    verdict, reason, best_variant = _overall(
        comparisons, criterion, srm, sequential, total, planned_users
    )
    warnings = []
    if srm.mismatch:
        warnings.append(_srm_warning(arms, srm))
    if not sequential and planned_users is not None and total < planned_users:
        warnings.append(
            f"Only {total:,} of the planned {planned_users:,} users so far. A fixed-horizon test "
            "read early overstates certainty; wait for the planned sample or use the "
            "sequential analysis, which stays valid at every look."
        )
    if metric == "binary" and criterion.kind == "relative" and comparisons[0].relative_lift is None:
        warnings.append("The control has no conversions, so a relative lift is undefined.")
    summary = _summary(metric, arms, comparisons, criterion, verdict, reason, srm)
    caveats = _caveats(metric, comparisons, verdict, sequential)
    return Analysis(
        metric=metric,
        control=control.name,
        criterion=criterion,
        criterion_text=criterion.describe(metric),
        alpha=alpha,
        sequential=sequential,
        correction="holm" if m > 1 else "none",
        arms=arms,
        comparisons=tuple(comparisons),
        chance_to_be_best={a.name: p for a, p in zip(arms, best, strict=True)},
        srm=srm,
        verdict=verdict,
        verdict_reason=reason,
        best_variant=best_variant,
        trustworthy=not srm.mismatch,
        warnings=tuple(warnings),
        summary=summary,
        caveats=caveats,
    )


def _arm(v: Variant) -> Arm:
    if isinstance(v, BinaryVariant):
        return Arm(v.name, v.users, v.conversions / v.users, v.conversions, None)
    return Arm(v.name, v.n, float(v.mean), None, float(v.sd))


def _planned_shares(variants: Sequence[Variant]) -> list[float] | None:
    shares = [v.planned_share for v in variants]
    return None if shares[0] is None else [float(s) for s in shares if s is not None]


def _sequential(
    control: Variant,
    r: TestResult,
    criterion: SuccessCriterion,
    alpha: float,
    tau_override: float | None,
) -> SequentialResult:
    if isinstance(control, BinaryVariant):
        level = adjusted_rate(control.conversions, control.users)
    else:
        level = abs(float(control.mean)) or float(control.sd)
    rel_tau = (
        criterion.threshold
        if criterion.kind == "relative" and criterion.threshold > 0
        else DEFAULT_TAU_RELATIVE
    )
    if tau_override is not None:
        tau = float(tau_override)
    elif criterion.kind == "absolute" and criterion.threshold > 0:
        tau = criterion.threshold
    else:
        tau = rel_tau * level
    p = msprt_p_value(r.absolute_lift, r.absolute_variance, tau * tau)
    abs_cs = confidence_sequence(r.absolute_lift, r.absolute_variance, tau * tau, alpha)
    if isinstance(control, BinaryVariant):
        abs_cs = Interval(max(-1.0, abs_cs.low), min(1.0, abs_cs.high))
    rel_cs = None
    if r.relative_lift is not None and r.relative_variance:
        rel_cs = confidence_sequence(r.relative_lift, r.relative_variance, rel_tau * rel_tau, alpha)
        if r.relative_lift >= -1.0:
            rel_cs = Interval(max(-1.0, rel_cs.low), rel_cs.high)
    return SequentialResult(p, abs_cs, rel_cs, tau)


def _decision_interval(
    r: TestResult, seq: SequentialResult | None, criterion: SuccessCriterion
) -> Interval | None:
    if criterion.kind == "relative":
        interval = seq.relative_cs if seq else r.relative_ci
    else:
        interval = seq.absolute_cs if seq else r.absolute_ci
    if interval is None:
        return None
    if criterion.direction == "decrease":  # an improvement is a negative lift
        return Interval(-interval.high, -interval.low)
    return interval


def _criterion_verdict(improvement: Interval | None, criterion: SuccessCriterion) -> Verdict:
    if improvement is None:
        return "inconclusive"
    if improvement.low >= criterion.threshold:
        return "supported"
    if improvement.high < criterion.threshold:
        return "refuted"
    return "inconclusive"


def _overall(
    comparisons: list[Comparison],
    criterion: SuccessCriterion,
    srm: SrmCheck,
    sequential: bool,
    total: int,
    planned_users: int | None,
) -> tuple[Verdict, str, str | None]:
    if srm.mismatch:
        return (
            "inconclusive",
            "Users were not split between the variants as planned (sample ratio mismatch), so "
            "the comparison cannot be trusted.",
            None,
        )
    if not sequential and planned_users is not None and total < planned_users:
        return "inconclusive", "The planned sample size has not been reached yet.", None
    supported = [c for c in comparisons if c.verdict == "supported"]
    kind = "confidence sequence" if sequential else "interval"
    if supported:
        sign = 1.0 if criterion.direction == "increase" else -1.0
        winner = max(supported, key=lambda c: sign * _lift(c, criterion))
        return (
            "supported",
            f"The whole {kind} for {winner.variant} lies at or beyond the threshold.",
            winner.variant,
        )
    if all(c.verdict == "refuted" for c in comparisons):
        return (
            "refuted",
            f"The whole {kind} lies short of the threshold for every variant.",
            None,
        )
    if any(c.decision_interval is None for c in comparisons):
        return (
            "inconclusive",
            "The relative lift is undefined because the control has no conversions.",
            None,
        )
    return (
        "inconclusive",
        f"The {kind} still includes effects on both sides of the threshold; more data would narrow it.",
        None,
    )


def _lift(c: Comparison, criterion: SuccessCriterion) -> float:
    if criterion.kind == "relative" and c.relative_lift is not None:
        return c.relative_lift
    return c.absolute_lift


def _pct(x: float, digits: int = 1) -> str:
    return f"{x * 100:+.{digits}f}%"


def _abs(metric: MetricKind, x: float) -> str:
    if metric == "binary":
        return f"{x * 100:+.2f} percentage points"
    return f"{x:+.4g}"


def _srm_warning(arms: tuple[Arm, ...], srm: SrmCheck) -> str:
    split = ", ".join(
        f"{a.name} {o * 100:.1f}% (planned {p * 100:.1f}%)"
        for a, o, p in zip(arms, srm.observed_shares, srm.planned_shares, strict=True)
    )
    return (
        f"Sample ratio mismatch (χ² = {srm.statistic:.1f}, p = {srm.p_value:.2g}): {split}. "
        "Assignment or logging is broken; fix it before trusting any of these numbers."
    )


def _summary(
    metric: MetricKind,
    arms: tuple[Arm, ...],
    comparisons: list[Comparison],
    criterion: SuccessCriterion,
    verdict: Verdict,
    reason: str,
    srm: SrmCheck,
) -> str:
    control = arms[0]
    sentences = []
    for arm, c in zip(arms[1:], comparisons, strict=True):
        if metric == "binary":
            head = (
                f"{arm.name} converted {arm.estimate * 100:.2f}% of {arm.n:,} users against "
                f"{control.estimate * 100:.2f}% of {control.n:,} for {control.name}"
            )
        else:
            head = (
                f"{arm.name} averaged {arm.estimate:.4g} over {arm.n:,} users against "
                f"{control.estimate:.4g} over {control.n:,} for {control.name}"
            )
        if c.relative_lift is not None and c.relative_ci is not None:
            lift = (
                f"a relative change of {_pct(c.relative_lift)} "
                f"({c.interval_confidence * 100:.4g}% interval {_pct(c.relative_ci.low)} to "
                f"{_pct(c.relative_ci.high)})"
            )
        else:
            lift = (
                f"a difference of {_abs(metric, c.absolute_lift)} "
                f"({c.interval_confidence * 100:.4g}% interval {_abs(metric, c.absolute_ci.low)} to "
                f"{_abs(metric, c.absolute_ci.high)})"
            )
        p = c.p_value_adjusted
        sentences.append(
            f"{head}: {lift}. If the two truly performed the same, a gap at least this large "
            f"would turn up {p * 100:.2g}% of the time (p = {p:.2g}"
            f"{', corrected for several variants' if len(comparisons) > 1 else ''}). "
            f"There is a {c.chance_to_beat_control * 100:.1f}% chance that {arm.name} is better "
            f"than {control.name}."
        )
    if srm.mismatch:
        sentences.append(f"But: {reason}")
    elif verdict == "supported":
        sentences.append(
            f"The pre-registered criterion ({criterion.describe(metric)}) is met. {reason}"
        )
    elif verdict == "refuted":
        sentences.append(
            f"The pre-registered criterion ({criterion.describe(metric)}) is not met. {reason}"
        )
    else:
        sentences.append(
            f"The pre-registered criterion ({criterion.describe(metric)}) can neither be "
            f"confirmed nor ruled out yet. {reason}"
        )
    return " ".join(sentences)


def _caveats(
    metric: MetricKind, comparisons: list[Comparison], verdict: Verdict, sequential: bool
) -> str:
    parts = [
        "The p-value is not the probability that the variant is better; it is how surprising "
        "the data would be if there were no difference.",
        "The chance to beat control assumes a flat prior and says nothing about how large the "
        "gain is: read it with the expected loss.",
        "The result holds for the users and the period tested; novelty effects, other segments "
        "and metrics that were not measured (check the guardrails) are outside it.",
    ]
    if verdict == "inconclusive":
        parts.append(
            "An inconclusive result is not evidence of no effect: effects anywhere inside the "
            "interval remain plausible."
        )
    if not sequential:
        parts.append(
            "This is a fixed-horizon analysis: it is valid once, at the planned sample size, "
            "not at every peek along the way."
        )
    return " ".join(parts)
