"""The clarity scoring against the hand labels: how often it agrees with a careful reader.

The sample (``data/clarity_sample.json``) holds 73 named priorities written for two fictional
organizations, each with its bets and outcomes: realistic wording, synonyms, misspellings and
priorities that are not bets at all. The README reports the figures measured here.
"""

from __future__ import annotations

from pom.transformation import clarity
from pom.transformation.tests import agreement as a


def _split(name: str) -> a.Agreement:
    return a.measure([o for o in a.organizations() if o["split"] == name])


def test_the_sample_is_large_and_varied_enough_to_mean_something():
    orgs = a.organizations()
    answers = [x for o in orgs for x in o["answers"]]
    assert len(answers) >= 60
    unmatched = [x for x in answers if x["label"] is None]
    assert 0.25 <= len(unmatched) / len(answers) <= 0.5
    keys = {t.group for o in orgs for t in a.targets(o)}
    assert {x["label"] for x in answers if x["label"]} <= keys


def test_agreement_with_the_hand_labels_over_the_whole_sample():
    result = a.measure(a.organizations())
    assert result.n == 73
    assert result.precision >= 0.9, result.misses
    assert result.recall >= 0.8, result.misses
    assert result.accuracy >= 0.85, result.misses
    assert result.kappa >= 0.8, result.misses


def test_agreement_on_the_organization_the_constants_were_not_set_on():
    held_out = _split("held-out")
    assert held_out.precision >= 0.85
    assert held_out.recall >= 0.7
    assert held_out.kappa >= 0.7
    tuning = _split("tuning")
    assert tuning.kappa >= 0.85


def test_kappa_is_one_for_perfect_agreement_and_zero_for_chance():
    assert a.kappa([("x", "x"), ("y", "y")]) == 1.0
    assert abs(a.kappa([("x", "x"), ("x", "y"), ("y", "x"), ("y", "y")])) < 1e-9


def test_normalising_drops_filler_stems_and_maps_synonyms():
    assert clarity.tokens("The most important thing: faster payouts for our clients!") == [
        "fast",
        "payout",
        "custom",
    ]
    assert clarity.stem("ordered") == clarity.stem("orders") == clarity.stem("order")
    assert clarity.stem("deliveries") == clarity.stem("delivery") == clarity.stem("delivered")
    assert clarity.key("Faster payouts") == clarity.key("payouts, fast")


def test_a_misspelt_word_is_read_as_the_declared_word_it_resembles():
    matcher = clarity.Matcher(
        [clarity.Target("bet:1", "bet:1", "Grow the subscription membership")]
    )
    assert matcher.match("Memebership").target is not None
    assert matcher.match("Launch in Lyon").target is None
    assert matcher.match("").target is None


def test_no_declared_priority_matches_nothing():
    match = clarity.Matcher([]).match("Faster payouts")
    assert match.target is None and match.score == 0.0
