"""Test data for the outcome workspace: an outcome with the chain under it, grown through the
services of every pillar (discovery, experiments, delivery)."""

from __future__ import annotations

from typing import Any

from pom.delivery.tests import helpers as dh
from pom.discovery import services as discovery
from pom.experiments import services as experiments
from pom.experiments.tests import helpers as xh


def grow_chain(world: Any, size: int = 1) -> dict[str, Any]:
    """Outcome "More repeat buyers" (Checkout) with ``size`` solutions, each with an assumption,
    a test, a decision and a release."""
    bob = world.membership("member")
    outcome = dh.outcome(world)
    made: dict[str, Any] = {"outcome": outcome, "solutions": [], "tests": [], "decisions": []}
    for i in range(size):
        sol = dh.solution(world, title=f"One-click reorder {i}")
        a = experiments.create_assumption(
            bob,
            solution=sol,
            statement=f"Buyers want to reorder in one click ({i})",
            risk_type="value",
            importance=5,
            evidence_strength=1,
        )
        made["tests"].append(xh.ab_test(world, assumption=a, title=f"Reorder button A/B {i}"))
        made["decisions"].append(
            discovery.record_decision(
                bob, title=f"Test the reorder button first ({i})", solution=sol
            )
        )
        dh.release(world, title=f"Reorder button on web {i}", solutions=[sol])
        made["solutions"].append(sol)
    return made
