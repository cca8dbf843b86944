"""Check-in commentary: does it say what changed, or only what we did?

A weekly check-in that reads "Shipped the new onboarding. Ran 5 interviews." reports work; the
outcome is about what moved because of it. The same grammar as the clarity linter reads each
sentence of the commentary; when every sentence that says anything is work done and none says
what changed (a number, or what customers now do), the check-in gets a warning — never an error,
the check-in is saved either way.
"""

from __future__ import annotations

import re

from pom.strategy import wording
from pom.strategy.clarity import WARNING, Finding

_SENTENCE = re.compile(r"(?:\r?\n|(?<=[.!?;])\s+|^\s*[-•*]\s+|\s+[-•*]\s+)")


def sentences(text: str) -> list[str]:
    """The commentary cut into sentences, list items and lines."""
    return [s.strip(" -•*\t") for s in _SENTENCE.split(text or "") if s and s.strip(" -•*\t")]


def work_done(text: str) -> list[str]:
    """The work-verbs of the sentences that report work ("shipped", "ran"), when that is all
    the commentary says; [] when any sentence says what changed or there is nothing to read."""
    verbs: list[str] = []
    for sentence in sentences(text):
        reading = wording.read(sentence)
        if reading.kind == wording.OUTPUT:
            verbs.append(reading.verb)  # "Ran 5 interviews": a count of work is still work
        elif reading.measured or reading.kind == wording.PLAIN:
            return []  # "Activation 36%", "Trial teams now invite a teammate": what changed
    return verbs


def lint_commentary(text: str, subject: str = "") -> list[Finding]:
    """C101 when the commentary lists what we did and nothing about what changed."""
    verbs = work_done(text)
    if not verbs:
        return []
    quoted = ", ".join(f"“{v}”" for v in dict.fromkeys(verbs))
    return [
        Finding(
            "C101",
            WARNING,
            "commentary",
            f"The commentary says what we did ({quoted}), not what changed.",
            "Add what moved because of it: the metric now against last time (e.g. “activation "
            "36%, up from 31%”), or what customers do differently.",
            subject,
        )
    ]


__all__ = ["lint_commentary", "sentences", "work_done"]
