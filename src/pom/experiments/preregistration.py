"""Pre-registration: the success criterion's words and its structured rule say the same thing.

A test is pre-registered twice over: in words ("repeat purchases up at least 5 %, 95 %
confidence") and as the rule the statistics apply (relative lift ≥ 0.05 at 0.95). When the two
disagree, nobody can tell afterwards which one the team meant, so a disagreement is refused.
Only the numbers are compared — percentages in the words against the rule's threshold and
confidence — because that is where the two drift apart when one is edited without the other.
"""

from __future__ import annotations

import math
import re

from pom.experiments.stats import SuccessCriterion

_PERCENT = re.compile(
    r"(?P<n>\d+(?:[.,]\d+)?)\s*(?:%|percent\b|per cent\b)"
    r"(?P<conf>\s*(?:-\s*)?(?:confidence|confident|significance|certainty))?",
    re.IGNORECASE,
)


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


def disagreement(words: str, rule: SuccessCriterion, metric_kind: str) -> str:
    """Why the words and the rule disagree, or "" when they agree (or the words name no number)."""
    amounts: list[float] = []
    confidences: list[float] = []
    for m in _PERCENT.finditer(words or ""):
        number = float(m.group("n").replace(",", "."))
        (confidences if m.group("conf") else amounts).append(number)
    rule_text = rule.describe("continuous" if metric_kind == "continuous" else "binary")
    if confidences and not any(_same(c, rule.confidence * 100) for c in confidences):
        return (
            f"The words say {confidences[0]:g}% confidence but the rule says {rule_text}; "
            "make them agree before the test starts."
        )
    in_percent = rule.kind == "relative" or metric_kind != "continuous"
    if (
        amounts
        and in_percent
        and rule.threshold
        and not any(_same(a, rule.threshold * 100) for a in amounts)
    ):
        return (
            f"The words say {amounts[0]:g}% but the rule says {rule_text}; "
            "make them agree before the test starts."
        )
    return ""
