"""Test data for the transformation, built through its services."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pom.core.validation import today
from pom.discovery import services as discovery
from pom.teams import services as teams
from pom.teams.models import Person, Team
from pom.transformation import services
from pom.transformation.models import ReadinessAssessment

TRIO = ("product_manager", "product_designer", "tech_lead")

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


def days_ago(n: int) -> date:
    return today() - timedelta(days=n)


def person(world: Any, name: str, user: Any = None) -> Any:
    email = f"{name.lower().replace(' ', '.')}@acme.test"
    found = Person.objects.for_org(world.org_a).filter(email=email).first()
    return found or teams.create_person(leader(world), name=name, email=email, user=user)


def pilot_team(
    world: Any,
    name: str,
    *,
    stage: str = "explore",
    trio: tuple[str, ...] = TRIO,
    allocation: int = 100,
    since_days: int | None = 400,
    flag: bool = True,
    touch_weeks: int = 0,
    with_bob: bool = False,
) -> Team:
    """A team with a trio (or part of one), members who joined ``since_days`` ago, and
    touchpoints in ``touch_weeks`` of the last weeks — all through the services."""
    actor = leader(world)
    team = teams.create_team(actor, name=name, lifecycle_stage=stage, reliable_customer_access=flag)
    since = days_ago(since_days) if since_days is not None else None
    for role in trio:
        teams.add_member(
            actor,
            team,
            person=person(world, f"{name} {role}"),
            role=role,
            allocation=allocation,
            since=since,
        )
    if with_bob:
        bob = world.membership("member").user
        teams.add_member(
            actor, team, person=person(world, "Bob", user=bob), role="engineer", since=since
        )
    for week in range(touch_weeks):
        discovery.record_touchpoint(actor, team=team, happened_on=days_ago(7 * week))
    return team


def hunger(world: Any, team: Team, persona: str = "member", score: int = 5) -> Any:
    return services.answer_hunger(
        world.membership(persona), team=team, beginners=score, time_to_learn=score, feedback=score
    )


def choose(world: Any, team: Team, reason: str = "Familiar, hungry and close to customers.") -> Any:
    return services.choose_pilot(leader(world), team=team, reason=reason)


# --- The clarity pulse --------------------------------------------------------------------------

BETS = (
    ("Become the fastest way to get paid", "Instant payout doubles retention of customers."),
    ("Make the mobile app the primary workplace", "Most sessions start on mobile."),
    ("Win self-serve small businesses in Europe", "SMBs churn from tools needing a consultant."),
)


def strategy(world: Any) -> list[Any]:
    """Three active bets to be aligned with."""
    from pom.strategy import services as strategy_services

    return [
        strategy_services.create_bet(
            leader(world), title=title, insight=insight, rank=n, tradeoffs="Desktop features wait."
        )
        for n, (title, insight) in enumerate(BETS, start=1)
    ]


def crew(world: Any, name: str, size: int, role: str = "engineer") -> Team:
    """A team of ``size`` people with the same role."""
    actor = leader(world)
    team = teams.create_team(actor, name=name)
    for n in range(size):
        teams.add_member(actor, team, person=person(world, f"{name} {n}"), role=role)
    return team


def pulse(world: Any, **kwargs: Any) -> Any:
    from pom.transformation.services import clarity

    values = {"title": "Monday morning test", "closes_on": today() + timedelta(days=14)}
    return clarity.create_pulse(leader(world), **(values | kwargs))


def tokens(pulse: Any) -> list[str]:
    """A fresh link token for everyone invited (what the worker emails), in invitation order."""
    from pom.transformation.models import PulseInvite
    from pom.transformation.services import clarity

    invites = PulseInvite.objects.for_org(pulse.organization_id).filter(pulse=pulse).order_by("id")
    return [clarity.issue_link(i).rstrip("/").rsplit("/", 1)[1] for i in invites]


def token_in(body: str) -> tuple[int, str]:
    """The pulse id and token of the answer link in an email's body."""
    import re

    found = re.search(r"/transformation/clarity/(\d+)/answer/([^/\s]+)/", body)
    assert found, body
    return int(found.group(1)), found.group(2)
