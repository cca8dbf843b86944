"""The one-call analysis: validation, SRM, corrections, verdicts and the plain-language text."""

import math

import numpy as np
import pytest
from scipy import stats as sps

from pom.experiments.stats import (
    BinaryVariant as B,
)
from pom.experiments.stats import (
    ContinuousVariant as C,
)
from pom.experiments.stats import (
    StatsInputError,
    SuccessCriterion,
    analyze,
    parse_values_csv,
    sample_ratio_check,
)


@pytest.mark.parametrize(
    ("variants", "field", "variant"),
    [
        ([B("A", 100, 10)], "variants", None),
        ([], "variants", None),
        ([B("A", 100, 10), B("B", 100, 101)], "variants[1].conversions", "B"),
        ([B("A", -5, 0), B("B", 100, 1)], "variants[0].users", "A"),
        ([B("A", 100, -1), B("B", 100, 1)], "variants[0].conversions", "A"),
        ([B("A", 0, 0), B("B", 100, 1)], "variants[0].users", "A"),
        ([B("A", 100, 1), B("A", 100, 1)], "variants[1].name", "A"),
        ([B("A", 100, 1), B("", 100, 1)], "variants[1].name", None),
        ([B("A", 100.5, 1), B("B", 100, 1)], "variants[0].users", "A"),
        ([B("A", 100, 1), C("B", 100, 1.0, 1.0)], "variants[1]", "B"),
        ([C("A", 100, 1.0, 1.0), C("B", 100, 2.0, 0.0)], "variants[1].sd", "B"),
        ([C("A", 1, 1.0, 1.0), C("B", 100, 2.0, 1.0)], "variants[0].n", "A"),
        ([C("A", 10, float("nan"), 1.0), C("B", 100, 2.0, 1.0)], "variants[0].mean", "A"),
        ([C("A", 10, 1.0, -1.0), C("B", 100, 2.0, 1.0)], "variants[0].sd", "A"),
        ([B("A", 100, 1, 0.5), B("B", 100, 1)], "planned_share", None),
        ([B("A", 100, 1, 0.5), B("B", 100, 1, 0)], "variants[1].planned_share", "B"),
    ],
)
def test_bad_variants_raise_a_typed_error_naming_field_and_variant(variants, field, variant):
    with pytest.raises(StatsInputError) as err:
        analyze(variants)
    assert err.value.field == field
    assert err.value.variant == variant
    assert field in str(err.value)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"confidence": 1.0}, "criterion.confidence"),
        ({"confidence": 0}, "criterion.confidence"),
        ({"threshold": -0.1}, "criterion.threshold"),
        ({"threshold": float("inf")}, "criterion.threshold"),
        ({"kind": "percent"}, "criterion.kind"),
        ({"direction": "up"}, "criterion.direction"),
    ],
)
def test_bad_criterion_names_the_field(kwargs, field):
    with pytest.raises(StatsInputError) as err:
        SuccessCriterion(**kwargs)
    assert err.value.field == field


def test_srm_matches_scipy_chisquare():
    counts, shares = [5000, 5300, 4800], [1, 1, 1]
    check = sample_ratio_check(counts, shares)
    expected = sps.chisquare(counts)
    assert check.statistic == pytest.approx(expected.statistic)
    assert check.p_value == pytest.approx(expected.pvalue)
    uneven = sample_ratio_check([9000, 1000], [0.9, 0.1])
    assert uneven.p_value == pytest.approx(1.0) and not uneven.mismatch
    assert sample_ratio_check([10000, 10600]).mismatch


def test_sample_ratio_mismatch_makes_the_result_untrustworthy():
    a = analyze([B("A", 10000, 1000, 0.5), B("B", 10800, 1300, 0.5)])
    assert a.srm.mismatch and not a.trustworthy
    assert a.verdict == "inconclusive"
    assert any("Sample ratio mismatch" in w for w in a.warnings)
    assert "not split" in a.summary


def test_clear_win_is_supported_and_a_clear_loss_refuted():
    win = analyze([B("A", 50000, 5000), B("B", 50000, 5600)], SuccessCriterion(threshold=0.05))
    assert win.verdict == "supported" and win.best_variant == "B"
    assert "is met" in win.summary
    loss = analyze([B("A", 50000, 5000), B("B", 50000, 4700)], SuccessCriterion(threshold=0.0))
    assert loss.verdict == "refuted"
    assert loss.comparisons[0].chance_to_beat_control < 0.01


def test_decrease_criteria_treat_a_drop_as_the_improvement():
    churn = [B("A", 20000, 2000), B("B", 20000, 1700)]
    assert (
        analyze(churn, SuccessCriterion(direction="decrease", threshold=0.05)).verdict
        == "supported"
    )
    assert analyze(churn, SuccessCriterion(direction="increase")).verdict == "refuted"
    assert (
        analyze(
            churn, SuccessCriterion(direction="decrease", kind="absolute", threshold=0.02)
        ).verdict
        == "inconclusive"
    )


def test_several_variants_are_corrected():
    variants = [B("A", 10000, 1000), B("B", 10000, 1090), B("C", 10000, 1010), B("D", 10000, 985)]
    a = analyze(variants)
    assert a.correction == "holm"
    raw = [c.p_value for c in a.comparisons]
    adjusted = [c.p_value_adjusted for c in a.comparisons]
    assert all(adj >= p for adj, p in zip(adjusted, raw, strict=True))
    assert a.comparisons[0].interval_confidence == pytest.approx(1 - 0.05 / 3)
    assert sum(a.chance_to_be_best.values()) == pytest.approx(1.0)
    # The corrected interval is wider than the single-comparison one.
    single = analyze(variants[:2]).comparisons[0]
    assert a.comparisons[0].absolute_ci.low < single.absolute_ci.low


def test_family_wise_error_stays_below_alpha_with_many_variants():
    rng = np.random.default_rng(31)
    sims, k, n = 1500, 5, 3000
    x = rng.binomial(n, 0.1, (sims, k))
    any_false_win = 0
    for row in x:
        a = analyze([B(f"v{i}", n, int(c)) for i, c in enumerate(row)])
        any_false_win += any(c.p_value_adjusted < 0.05 for c in a.comparisons)
    assert any_false_win / sims <= 0.06


def test_fixed_horizon_verdict_waits_for_the_planned_sample():
    v = [B("A", 5000, 500), B("B", 5000, 650)]
    early = analyze(v, planned_users=40000)
    assert early.verdict == "inconclusive" and "planned" in early.verdict_reason
    assert analyze(v, planned_users=40000, sequential=True).verdict == "supported"
    assert analyze(v, planned_users=10000).verdict == "supported"


def test_continuous_experiments_use_welch_and_the_normal_posterior():
    a = analyze(
        [C("A", 800, 42.0, 30.0), C("B", 820, 46.0, 35.0)],
        SuccessCriterion(kind="absolute", threshold=1.0),
    )
    c = a.comparisons[0]
    _t, p = sps.ttest_ind_from_stats(46.0, 35.0, 820, 42.0, 30.0, 800, equal_var=False)
    assert c.p_value == pytest.approx(p)
    assert c.chance_to_beat_control == pytest.approx(
        sps.norm.cdf(4.0 / math.sqrt(30**2 / 800 + 35**2 / 820))
    )
    assert a.metric == "continuous" and "averaged" in a.summary


@pytest.mark.parametrize(
    "variants",
    [
        [B("A", 10, 0), B("B", 10, 0)],
        [B("A", 10, 10), B("B", 10, 10)],
        [B("A", 10**8, 0), B("B", 10**8, 10**8)],
        [B("A", 3_000_000, 90_000), B("B", 3_000_000, 91_500), B("C", 2_900_000, 88_000)],
        [B("A", 1, 1), B("B", 1, 0)],
        [C("A", 2, 1e12, 1e-6), C("B", 10**7, -1e12, 1e9)],
    ],
)
@pytest.mark.parametrize("sequential", [False, True])
def test_extreme_valid_inputs_give_finite_answers(variants, sequential):
    a = analyze(variants, sequential=sequential)
    for c in a.comparisons:
        numbers = [
            c.absolute_lift,
            c.absolute_ci.low,
            c.absolute_ci.high,
            c.p_value,
            c.statistic,
            c.chance_to_beat_control,
            c.expected_loss_choosing_variant,
            c.expected_loss_keeping_control,
        ]
        if c.sequential:
            numbers += [
                c.sequential.p_value,
                c.sequential.absolute_cs.low,
                c.sequential.absolute_cs.high,
            ]
        assert all(math.isfinite(x) for x in numbers)
        assert 0 <= c.p_value <= 1 and 0 <= c.chance_to_beat_control <= 1
    assert a.summary and a.verdict in {"supported", "refuted", "inconclusive"}


def test_zero_control_conversions_explains_the_missing_relative_lift():
    a = analyze([B("A", 1000, 0), B("B", 1000, 12)])
    assert a.comparisons[0].relative_lift is None
    assert a.verdict == "inconclusive"
    assert any("no conversions" in w for w in a.warnings)
    absolute = analyze([B("A", 1000, 0), B("B", 1000, 12)], SuccessCriterion(kind="absolute"))
    assert absolute.verdict == "supported"


def test_plain_language_says_what_the_numbers_do_not_mean():
    a = analyze([B("A", 10000, 1000), B("B", 10000, 1050)])
    assert "B converted 10.50% of 10,000 users" in a.summary
    assert "chance that B is better than A" in a.summary
    assert "not the probability" in a.caveats
    assert "not evidence of no effect" in a.caveats
    assert a.to_dict()["comparisons"][0]["absolute_ci"]["low"] == a.comparisons[0].absolute_ci.low


def test_csv_values_are_summarised_exactly():
    rng = np.random.default_rng(0)
    a, b = rng.normal(1e6, 3.0, 500), rng.exponential(20.0, 400)
    text = (
        "variant,value\n"
        + "".join(f"control,{float(x)!r}\n" for x in a)
        + "".join(f"new,{float(x)!r}\n" for x in b)
    )
    out = parse_values_csv(text)
    assert out["control"].n == 500 and out["new"].n == 400
    assert out["control"].mean == pytest.approx(a.mean(), rel=1e-14)
    assert out["control"].sd == pytest.approx(a.std(ddof=1), rel=1e-9)
    assert out["new"].sd == pytest.approx(b.std(ddof=1), rel=1e-12)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no rows"),
        ("variant,value\nA,1\nA,x\n", "line 3"),
        ("A,1\nA,inf\n", "finite"),
        ("A\n", "line 1"),
        ("A,1\nB,2\nB,3\n", "two values"),
        (",4\n,5\n", "empty"),
    ],
)
def test_bad_csv_says_which_line(text, message):
    with pytest.raises(StatsInputError) as err:
        parse_values_csv(text)
    assert message in str(err.value)
