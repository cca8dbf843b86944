"""The readiness verdict and the comparison of two assessments: pure functions over one row.

The order of the gaps is the order in which to close them. Without a CEO who believes today's
way will not win tomorrow, and pain the company can show, pilots stall at the first budget
cycle; a sponsor and coaches are what the pilots then need. Triggers strengthen the case but
their absence does not block it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import ngettext

from pom.transformation.models import ReadinessAssessment

# A CEO at 4 or 5 on the scale says, in their own words, that today's way will not win tomorrow.
CEO_BELIEVES = 4


class Verdict(models.TextChoices):
    NOT_YET = "not_yet", "Not ready yet"
    PREPARE = "prepare", "Ready once the gaps are closed"
    READY = "ready", "Ready to start pilots"


VERDICT_RANK = {Verdict.NOT_YET: 0, Verdict.PREPARE: 1, Verdict.READY: 2}


@dataclass(frozen=True)
class Gap:
    key: str
    blocking: (
        bool  # blocks any start (CEO, pain) vs. must be closed before pilots (sponsor, coaches)
    )
    finding: str
    do: str


@dataclass(frozen=True)
class Readiness:
    verdict: Verdict
    gaps: tuple[Gap, ...]
    advice: tuple[Gap, ...]  # worth doing, not blocking

    @property
    def label(self) -> str:
        return str(self.verdict.label)

    @property
    def first_step(self) -> str:
        if self.gaps:
            return self.gaps[0].do
        if self.advice:
            return self.advice[0].do
        return "Choose the pilot teams: familiar with each other, hungry to learn, fully cross-functional, with customer access and a product to explore or invest in."

    def as_dict(self) -> dict[str, Any]:
        return {
            "verdict": str(self.verdict),
            "verdict_label": self.label,
            "first_step": self.first_step,
            "gaps": [g.__dict__ for g in self.gaps],
            "advice": [g.__dict__ for g in self.advice],
        }


def pain_felt(a: ReadinessAssessment) -> bool:
    """Pain counts when a kind of pain is named and the figures behind it are written down."""
    return bool(a.pains) and bool(a.pain_evidence.strip())


def assess(a: ReadinessAssessment) -> Readiness:
    gaps: list[Gap] = []
    if a.ceo_belief < CEO_BELIEVES:
        gaps.append(
            Gap(
                "ceo_belief",
                True,
                f"The CEO's belief is {a.ceo_belief} of 5: not yet convinced that today's way will not win tomorrow.",
                "Build the CEO's case first: the missed targets, the margin trend and what competitors working in the product model achieved. Pilots without that belief stall at the first budget cycle.",
            )
        )
    if not pain_felt(a):
        finding = (
            "Pain is named, but the evidence is not written down."
            if a.pains
            else "No felt pain is recorded: no missed targets, margin pressure or lost share."
        )
        gaps.append(
            Gap(
                "pain",
                True,
                finding,
                "Write the pain down with figures (which target was missed, by how much; where margins are squeezed; what share went to whom): a change nobody feels the need for does not last.",
            )
        )
    if not a.sponsor.strip():
        gaps.append(
            Gap(
                "sponsor",
                False,
                "No executive sponsor is named.",
                "Name an executive sponsor who will clear what the pilots run into: funding, planning, customer access and decision rights.",
            )
        )
    if a.coaching_capacity < 1:
        gaps.append(
            Gap(
                "coaching",
                False,
                "No coaching capacity: nobody can support a pilot team.",
                "Find coaching capacity for at least the first pilot team, internal or external.",
            )
        )
    advice: list[Gap] = []
    if not a.triggers:
        advice.append(
            Gap(
                "triggers",
                False,
                "No trigger is present (competition, heavy tech spend with little impact, competitors succeeding with the model).",
                "Look for the trigger that makes the case urgent: what competitors ship, and what the technology spend has bought.",
            )
        )
    if any(g.blocking for g in gaps):
        verdict = Verdict.NOT_YET
    elif gaps:
        verdict = Verdict.PREPARE
    else:
        verdict = Verdict.READY
    return Readiness(verdict, tuple(gaps), tuple(advice))


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str
    direction: str  # "better", "worse" or "same"


def _direction(before: float, after: float) -> str:
    return "better" if after > before else "worse" if after < before else "same"


def compare(before: ReadinessAssessment, after: ReadinessAssessment) -> list[Change]:
    """What moved between two assessments, dimension by dimension, in the verdict's order."""
    b, a = assess(before), assess(after)

    def pains(x: ReadinessAssessment) -> str:
        names = ", ".join(x.pains) or "none"
        return names if pain_felt(x) or not x.pains else f"{names} (no evidence)"

    return [
        Change(
            "Verdict",
            b.label,
            a.label,
            _direction(VERDICT_RANK[b.verdict], VERDICT_RANK[a.verdict]),
        ),
        Change(
            "CEO belief",
            f"{before.ceo_belief}/5",
            f"{after.ceo_belief}/5",
            _direction(before.ceo_belief, after.ceo_belief),
        ),
        Change(
            "Felt pain",
            pains(before),
            pains(after),
            _direction(len(before.pains) * pain_felt(before), len(after.pains) * pain_felt(after)),
        ),
        Change(
            "Triggers",
            ", ".join(before.triggers) or "none",
            ", ".join(after.triggers) or "none",
            _direction(len(before.triggers), len(after.triggers)),
        ),
        Change(
            "Executive sponsor",
            before.sponsor or "none",
            after.sponsor or "none",
            _direction(bool(before.sponsor), bool(after.sponsor)),
        ),
        Change(
            "Coaching capacity",
            ngettext("%d team", "%d teams", before.coaching_capacity) % before.coaching_capacity,
            ngettext("%d team", "%d teams", after.coaching_capacity) % after.coaching_capacity,
            _direction(before.coaching_capacity, after.coaching_capacity),
        ),
    ]
