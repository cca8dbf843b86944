"""Check-in commentary: "what we did" gets a warning, "what changed" does not."""

from __future__ import annotations

import pytest

from pom.strategy.clarity import WARNING
from pom.strategy.commentary import lint_commentary, sentences


@pytest.mark.parametrize(
    "text",
    [
        "Shipped the new onboarding flow.",
        "Ran 5 customer interviews; launched the referral banner.",
        "- Finished the pricing page\n- Fixed 12 bugs\n- Hired a designer",
        "We launched the chatbot and trained the support team.",
    ],
)
def test_commentary_that_only_lists_work_gets_a_warning(text: str) -> None:
    (finding,) = lint_commentary(text)
    assert (finding.rule, finding.severity, finding.field) == ("C101", WARNING, "commentary")
    assert "not what changed" in finding.message
    assert finding.suggestion


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Activation is up from 31% to 36% since the new onboarding shipped.",
        "Shipped the new onboarding. Activation 36%, up from 31%.",
        "Trial teams now invite a teammate on their first day.",
        "Shipped the new onboarding. Trial teams now invite a teammate on their first day.",
    ],
)
def test_commentary_that_says_what_changed_is_clear(text: str) -> None:
    assert lint_commentary(text) == []


def test_the_warning_quotes_each_work_verb_once() -> None:
    (finding,) = lint_commentary("Shipped the banner. Shipped the footer. Ran a survey.")
    assert "“shipped”, “ran”" in finding.message


def test_sentences_split_lines_bullets_and_full_stops() -> None:
    assert sentences("A. B\n- C\n• D; E") == ["A.", "B", "C", "D;", "E"]
