"""Test data for discovery: teams and outcomes of org A, and a tree grown through the services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from pom.discovery import services
from pom.strategy.models import Outcome
from pom.teams.models import Person, Team, TeamMember

TODAY = timezone.localdate


def team(world: Any, name: str = "Checkout", org: str = "a", with_bob: bool = True) -> Team:
    organization = world.org_a if org == "a" else world.org_b
    slug = name.lower().replace(" ", "-")
    found = Team.objects.for_org(organization).filter(slug=slug).first()
    if found:
        return found
    made = Team.objects.create(organization=organization, name=name, slug=slug)
    if with_bob and org == "a":
        bob = world.user("member")
        person = Person.objects.for_org(organization).filter(
            user=bob
        ).first() or Person.objects.create(
            organization=organization, name="Bob", email=bob.email, user=bob
        )
        TeamMember.objects.create(
            organization=organization, team=made, person=person, role="product_manager"
        )
    return made


def person(world: Any, name: str, org: str = "a") -> Person:
    organization = world.org_a if org == "a" else world.org_b
    return Person.objects.create(
        organization=organization, name=name, email=f"{name.lower().replace(' ', '.')}@x.test"
    )


def outcome(
    world: Any, owner: Team | None = None, title: str = "More repeat buyers", org: str = "a"
) -> Outcome:
    organization = world.org_a if org == "a" else world.org_b
    return Outcome.objects.create(organization=organization, title=title, owner_team=owner)


def days_ago(n: int) -> Any:
    return TODAY() - timedelta(days=n)


def grow_tree(world: Any, size: int = 12) -> tuple[Team, Outcome, list[Any]]:
    """An outcome with ``size`` opportunities three deep, each with a solution and an insight."""
    bob = world.membership("member")
    t = team(world)
    o = outcome(world, t)
    opps: list[Any] = []
    for i in range(size):
        parent = opps[(i - 1) // 3] if i else None
        opp = services.create_opportunity(
            bob, outcome=o, parent=parent, title=f"I can't find opportunity {i}"
        )
        opps.append(opp)
        services.create_solution(bob, opportunity=opp, title=f"Idea {i}")
        services.add_insight(
            bob, team=t, text=f"Quote {i}", observed_on=days_ago(i), opportunity=opp
        )
    return t, o, opps


def metric(world: Any, name: str = "Activation", org: str = "a", value: float | None = None) -> Any:
    """A metric of the organization whose latest stored point is ``value`` (today's period)."""
    from pom.metrics.models import DataSource, Metric

    organization = world.org_a if org == "a" else world.org_b
    source = DataSource.objects.for_org(organization).filter(name="Events").first()
    source = source or DataSource.objects.create(organization=organization, name="Events")
    made = Metric.objects.create(organization=organization, name=name, source=source, unit="%")
    if value is not None:
        set_latest(made, value, TODAY())
    return made


def set_latest(metric: Any, value: float, period: Any) -> None:
    """A refresh's result: one more point, and the metric's latest value and period with it."""
    from pom.metrics.models import MetricPoint

    MetricPoint.objects.update_or_create(metric=metric, period=period, defaults={"value": value})
    metric.latest_value, metric.latest_period = value, period
    metric.save(update_fields=["latest_value", "latest_period"])
