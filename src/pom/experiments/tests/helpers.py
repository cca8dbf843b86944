"""Test data for experiments: a solution of team Checkout (bob is on it), assumptions and tests."""

from __future__ import annotations

from typing import Any

from pom.discovery import services as discovery
from pom.discovery.tests import helpers as h
from pom.experiments import services
from pom.experiments.models import Assumption, AssumptionTest


def bob(world: Any) -> Any:
    return world.membership("member")


def solution(world: Any, title: str = "One-click reorder") -> Any:
    team = h.team(world)
    opp = discovery.create_opportunity(
        bob(world), outcome=h.outcome(world, team), title="I can't reorder quickly"
    )
    return discovery.create_solution(bob(world), opportunity=opp, title=title)


def assumption(world: Any, sol: Any = None, **kwargs: Any) -> Assumption:
    args = {
        "statement": "Repeat buyers want to reorder in one click",
        "risk_type": "value",
        "importance": 5,
        "evidence_strength": 1,
    } | kwargs
    return services.create_assumption(bob(world), solution=sol or solution(world), **args)


def ab_test(
    world: Any, *, metric_kind: str = "binary", started: bool = False, **kwargs: Any
) -> AssumptionTest:
    a = kwargs.pop("assumption", None) or assumption(world)
    args: dict[str, Any] = {
        "team": a.solution.team,
        "title": "Reorder button A/B",
        "method": "ab_experiment",
        "hypothesis": "A reorder button raises repeat purchases",
        "success_criterion": "Repeat purchase rate up at least 5 % relative, 95 % confidence",
        "metric_name": "repeat purchase",
        "metric_kind": metric_kind,
        "criterion_threshold": 0.05,
        "assumptions": [a],
    } | kwargs
    test = services.create_test(bob(world), **args)
    if started:
        services.start_test(bob(world), test)
    return test


def binary_data(
    test: AssumptionTest,
    world: Any,
    control: tuple[int, int] = (10000, 1000),
    treatment: tuple[int, int] = (10000, 1200),
) -> AssumptionTest:
    return services.set_variants(
        bob(world),
        test,
        [
            {"name": "Control", "users": control[0], "conversions": control[1]},
            {"name": "Treatment", "users": treatment[0], "conversions": treatment[1]},
        ],
    )
