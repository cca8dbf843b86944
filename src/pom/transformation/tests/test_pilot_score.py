"""The ranking reads every team's score on numbers alone; it must be the score the worded
criteria give, for every kind of team (no database: pure inputs)."""

import itertools

from pom.transformation import pilots

TRIOS = (
    {},
    {"product_manager": 100},
    {"product_manager": 100, "product_designer": 30, "tech_lead": 100},
    {"product_manager": 50, "product_designer": 50, "tech_lead": 50},
)


def test_the_numeric_score_is_the_total_and_count_of_the_worded_criteria():
    cases = itertools.product(
        (0, 3, 7),  # members
        (0, 2, 5),  # familiar members
        (0, 7),  # dated members
        TRIOS,
        (False, True),  # customer-access flag
        (0, 3, 6, 9),  # weeks with touchpoints
        ("explore", "invest", "sustain", "retire"),
        ((None, 0), (2.3, 3), (4.0, 1), (5.0, 2)),  # hunger mean, answers
    )
    seen = set()
    for members, familiar, dated, trio, flag, weeks, stage, (mean, answers) in cases:
        i = pilots.TeamInputs(
            members=members,
            familiar_members=min(familiar, members),
            dated_members=min(dated, members),
            trio_allocation=trio,
            flag=flag,
            weeks_with_touchpoints=weeks,
            stage=stage,
            hunger_mean=mean,
            hunger_answers=answers,
        )
        worded = pilots.criteria(i)
        expected = (pilots.total(worded), sum(1 for c in worded if c.meets))
        assert pilots.score(i) == expected, i
        seen.add(expected)
    assert len(seen) > 20  # the cases span the range of scores, not one corner of it
