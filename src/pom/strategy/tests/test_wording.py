"""How statements read, and suggestions built from their words — cases written by the team.

The real-world check is ``test_clarity_corpus.py``; these pin the grammar on statements shaped
like the ones people write, so a rule change that breaks a whole family shows up by name.
"""

from __future__ import annotations

import pytest

from pom.strategy import suggestions, wording
from pom.strategy.clarity import BetDraft, OutcomeDraft, lint_bet, lint_outcome

READINGS = [
    ("Foster a culture of experimentation", wording.VAGUE),
    ("Operational excellence", wording.VAGUE),
    ("Growth in revenue", wording.VAGUE),
    ("Our goal is to improve onboarding", wording.VAGUE),
    ("Make onboarding faster", wording.VAGUE),
    ("Make the checkout more resilient", wording.VAGUE),
    ("Checkout is faster", wording.VAGUE),
    ("Teams ship more often", wording.VAGUE),
    ("Faster onboarding for new clinics", wording.VAGUE),
    ("A more resilient platform", wording.VAGUE),
    ("Be the most loved accounting app in Germany", wording.VAGUE),
    ("We want to hire 3 designers", wording.OUTPUT),
    ("Negotiate new supplier terms", wording.OUTPUT),
    ("Study competitor pricing", wording.OUTPUT),
    ("Write 5 case studies", wording.OUTPUT),
    ("Launched the partner portal", wording.OUTPUT),
    ("Partner portal launched", wording.OUTPUT),
    ("Hire two salespeople", wording.OUTPUT),
    ("Train support agents on the new refund policy", wording.OUTPUT),
    ("Organize a customer advisory board", wording.OUTPUT),
    ("Attend 3 industry conferences", wording.OUTPUT),
    ("Fix the top 10 bugs", wording.OUTPUT),
    ("Test the new pricing with 5 customers", wording.OUTPUT),
    ("Translate the app into Spanish", wording.OUTPUT),
    ("Close the Series A", wording.OUTPUT),
    ("Churn below 2% for SMB", wording.MEASURED),
    ("Net revenue retention above 120%", wording.MEASURED),
    ("Lead time for changes under one day", wording.MEASURED),
    ("Support tickets under 50 a week", wording.MEASURED),
    ("Time to first value under 10 minutes", wording.MEASURED),
    ("Customers onboard themselves in under 5 minutes", wording.MEASURED),
    ("Paying customers grow from 20 to 60", wording.MEASURED),
    ("Customer churn drops below 3%", wording.MEASURED),
    ("Email open rate reaches 25%", wording.MEASURED),
    ("Average order value of $80", wording.MEASURED),
    ("Sales cycle shortened to 30 days", wording.MEASURED),
    ("Double weekly active teams", wording.MEASURED),
    ("Sign 10 new enterprise customers", wording.MEASURED),
    # A verb in a relative clause describes the noun; the statement is still a measured result.
    ("200 qualified leads that are passed to sales each month", wording.MEASURED),
    ("Retention of users who completed onboarding above 60%", wording.MEASURED),
    ("Pricing page redesigned", wording.OUTPUT),
]


@pytest.mark.parametrize(("statement", "kind"), READINGS, ids=[s for s, _ in READINGS])
def test_statement_reads_as(statement: str, kind: str) -> None:
    assert wording.read(statement).kind == kind


@pytest.mark.parametrize(
    ("text", "measured"),
    [
        ("Reduce churn from 8% to 4%", True),
        ("Reach 10,000 monthly organic visits", True),
        ("Cut support tickets by a third", True),
        ("Increase sales to become the brand leader (by 2026)", False),
        ("Achieve record 3rd quarter revenue growth", False),
        ("Excellent system availability for a seamless 24/7 experience", False),
        ("Minimize technical debt across all 100 crawlers", False),
        ("Improve 30-day retention", False),
        ("Ship mobile app v2", False),
        ("Get ISO 9001:2015 certified", False),
        ("Families share at least one list a week", True),
        ("Resolve tickets in under a day", True),
    ],
)
def test_a_measure_is_a_number_that_says_how_much(text: str, measured: bool) -> None:
    assert wording.has_measure(text) is measured


def test_an_output_suggestion_is_built_from_the_statements_own_words() -> None:
    (finding,) = [
        f for f in lint_outcome(OutcomeDraft(title="Hire two salespeople")) if f.rule == "O101"
    ]
    assert "“hire”" in finding.message
    assert "because two salespeople are hired?" in finding.suggestion
    assert "Qualified pipeline from … to … by …" in finding.suggestion
    (other,) = [
        f for f in lint_outcome(OutcomeDraft(title="Publish 20 blog posts")) if f.rule == "O101"
    ]
    assert "20 blog posts are published" in other.suggestion
    assert other.suggestion != finding.suggestion


def test_a_vague_suggestion_names_the_wish_and_the_metric_in_the_statement() -> None:
    (finding,) = [
        f for f in lint_outcome(OutcomeDraft(title="Improve retention")) if f.rule == "O103"
    ]
    assert "“improve”" in finding.suggestion and "Retention from … to … by …" in finding.suggestion
    (faster,) = [
        f
        for f in lint_outcome(OutcomeDraft(title="New users reach first value faster"))
        if f.rule == "O103"
    ]
    assert "“faster” than what?" in faster.suggestion


def test_a_bet_that_names_a_market_choice_is_not_a_project() -> None:
    good = BetDraft(
        title="Win mid-market logistics teams in Europe", tradeoffs="x", insight="y", rank=1
    )
    assert not [f for f in lint_bet(good) if f.rule == "B104"]
    project = BetDraft(title="Rebuild the mobile app", tradeoffs="x", insight="y", rank=1)
    (finding,) = [f for f in lint_bet(project) if f.rule == "B104"]
    assert "“rebuild”" in finding.message and "the mobile app" in finding.suggestion


def test_topic_metric_falls_back_to_a_usage_measure() -> None:
    assert suggestions.topic_metric("Renegotiate supplier contracts") == "days sales outstanding"
    assert suggestions.topic_metric("Paint the office") == suggestions.DEFAULT_METRIC
