"""Test data for the transformation, built through its services."""

from __future__ import annotations

from datetime import date
from typing import Any

from pom.transformation import services
from pom.transformation.models import ReadinessAssessment

READY = {
    "ceo_belief": 5,
    "pain_missed_targets": True,
    "pain_evidence": "Missed the growth target three quarters running.",
    "trigger_competition": True,
    "sponsor": "Dana Ruiz, COO",
    "coaching_capacity": 2,
}


def leader(world: Any) -> Any:
    return world.membership("leader")


def assessment(world: Any, **kwargs: Any) -> ReadinessAssessment:
    return services.take_assessment(leader(world), **(READY | kwargs))


def early(world: Any, on: date | None = None) -> ReadinessAssessment:
    """A not-yet-ready assessment: a doubtful CEO and no coaches."""
    return assessment(
        world,
        assessed_on=on or date(2026, 1, 15),
        ceo_belief=2,
        sponsor="",
        coaching_capacity=0,
        trigger_competition=False,
    )
