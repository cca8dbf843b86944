"""Test data for culture: team Checkout (bob is on it) with a period's worth of records, all made
through the strategy, discovery and experiments services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from pom.culture import services
from pom.culture.models import Demo
from pom.delivery import services as delivery
from pom.discovery import services as discovery
from pom.discovery.tests import helpers as dh
from pom.experiments import services as experiments
from pom.experiments.tests import helpers as eh
from pom.strategy import services as strategy
from pom.strategy.models import Outcome

days_ago = dh.days_ago


def bob(world: Any) -> Any:
    return world.membership("member")


def team(world: Any, name: str = "Checkout") -> Any:
    return dh.team(world, name)


def outcome(world: Any, t: Any = None) -> Outcome:
    return strategy.create_outcome(
        bob(world),
        title="More repeat buyers reorder within 30 days",
        owner_team=t or team(world),
        metric_name="30-day repeat purchase rate",
        metric_unit="%",
        baseline_value=20,
        target_value=30,
        current_value=22,
    )


def period_of_work(world: Any) -> dict[str, Any]:
    """Two weeks of a team's work: check-ins, insights, a tree in Now, a running A/B test with
    data, a concluded test with its decision, and a planned one."""
    actor = bob(world)
    t = team(world)
    o = outcome(world, t)
    strategy.record_check_in(actor, o, value=21, confidence=5, date=days_ago(10))
    strategy.record_check_in(
        actor,
        o,
        value=24,
        confidence=7,
        date=days_ago(3),
        blockers="Payments team has not exposed saved cards yet",
    )
    focus = discovery.create_opportunity(actor, outcome=o, title="I can't reorder what I bought")
    other = discovery.create_opportunity(actor, outcome=o, title="I forget when I run out")
    discovery.update_opportunity(actor, focus, stage="now")
    discovery.set_target(actor, focus)
    strong = discovery.add_insight(
        actor,
        team=t,
        text="I buy the same coffee every month and have to search for it every time.",
        customer="Dana",
        company="Roastery",
        observed_on=days_ago(5),
        opportunity=focus,
    )
    discovery.link_insight(actor, strong, other)
    discovery.add_insight(actor, team=t, text="Checkout is fine.", observed_on=days_ago(2))
    discovery.add_insight(actor, team=t, text="Old news.", observed_on=days_ago(40))
    sol = discovery.create_solution(actor, opportunity=focus, title="One-click reorder")
    running = eh.ab_test(
        world,
        started=True,
        assumption=eh.assumption(world, sol),
    )
    eh.binary_data(running, world)
    fake = experiments.create_test(
        actor,
        team=t,
        title="Reminder fake door",
        method="fake_door",
        hypothesis="People want a reminder when they run out",
        success_criterion="5% click the reminder",
        assumptions=[eh.assumption(world, sol, statement="People want reminders")],
    )
    experiments.start_test(actor, fake)
    experiments.conclude_test(
        actor,
        fake,
        result="refuted",
        decision="kill",
        rationale="Only 1% clicked",
        learnings="Reminders are not the pain; finding the product again is.",
    )
    planned = experiments.create_test(
        actor,
        team=t,
        title="Saved-basket prototype",
        method="prototype",
        hypothesis="People reuse a saved basket",
        success_criterion="4 of 5 reuse it",
    )
    now = timezone.now()
    delivery.log_release(
        actor,
        team=t,
        title="Reorder button to 10% of customers",
        shipped_at=now - timedelta(days=2),
        rollout_percent=10,
        solutions=[sol],
    )
    delivery.log_release(
        actor, team=t, title="Dependency upgrades", shipped_at=now - timedelta(days=4)
    )
    delivery.log_release(actor, team=t, title="Old release", shipped_at=now - timedelta(days=30))
    return {"team": t, "outcome": o, "focus": focus, "running": running, "planned": planned}


def demo(world: Any, t: Any = None, **kwargs: Any) -> Demo:
    args = {"period_start": days_ago(13), "period_end": days_ago(0)} | kwargs
    return services.create_demo(bob(world), team=t or team(world), **args)


def held_demo(world: Any, t: Any = None) -> Demo:
    return services.hold_demo(bob(world), demo(world, t, narrative="We held it."))
