"""Test data for the teams pillar, built through the services (or bulk_create for volume)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from pom.accounts.models import Membership, Organization
from pom.teams import services
from pom.teams.models import (
    OperatingMode,
    Person,
    PilotStatus,
    ProductArea,
    Team,
    TeamMember,
    TeamRole,
)


@dataclass
class Acme:
    area: ProductArea
    team: Team
    bob: Person
    pat: Person
    member: TeamMember  # bob on the team


def acme(world: Any) -> Acme:
    """Org A: a Payments area and a Checkout team with bob (member role) on it as tech lead."""
    leader = world.membership("leader")
    bob = services.create_person(
        leader,
        name="Bob Builder",
        email="bob@acme.test",
        title="Engineer",
        user=world.user("member"),
    )
    pat = services.create_person(leader, name="Pat Product", email="pat@acme.test", title="PM")
    area = services.create_area(leader, name="Payments", leader=pat)
    team = services.create_team(
        leader,
        name="Checkout",
        mission="Shoppers pay without friction",
        product_area=area,
        formed_on=date(2024, 1, 15),
    )
    member = services.add_member(leader, team, person=bob, role=TeamRole.TECH_LEAD, allocation=60)
    services.add_member(leader, team, person=pat, role=TeamRole.PRODUCT_MANAGER, allocation=100)
    return Acme(area=area, team=team, bob=bob, pat=pat, member=member)


def bulk_org(organization: Organization, teams: int, per_team: int = 7, seed: int = 3) -> None:
    """An organization with many teams and people, for query-count tests (bulk, no audit)."""
    rng = random.Random(seed)
    org_id = organization.pk
    areas = ProductArea.objects.bulk_create(
        [ProductArea(organization_id=org_id, name=f"Area {i}", slug=f"area-{i}") for i in range(8)]
    )
    areas = list(ProductArea.objects.for_org(org_id).order_by("id"))
    people = Person.objects.bulk_create(
        [
            Person(organization_id=org_id, name=f"Person {i}", email=f"p{i}@bulk.test")
            for i in range(teams * per_team)
        ]
    )
    people = list(Person.objects.for_org(org_id).order_by("id"))
    Team.objects.bulk_create(
        [
            Team(
                organization_id=org_id,
                name=f"Team {i:04d}",
                slug=f"team-{i:04d}",
                product_area=areas[i % len(areas)] if i % 9 else None,
                operating_mode=OperatingMode.PROJECT if i % 4 == 0 else OperatingMode.PRODUCT,
                pilot_status=PilotStatus.PILOT if i % 25 == 0 else PilotStatus.NONE,
                coach=people[i] if i % 3 else None,
                formed_on=date(2023, 1, 1),
            )
            for i in range(teams)
        ]
    )
    team_rows = list(Team.objects.for_org(org_id).order_by("id"))
    roles = list(TeamRole.values)
    members = []
    for i, team in enumerate(team_rows):
        chosen = people[i * per_team : (i + 1) * per_team]
        if i % 5 == 0:  # some people on two teams: over 100%
            chosen = [*chosen, people[(i * per_team + per_team + 1) % len(people)]]
        for j, person in enumerate(chosen):
            members.append(
                TeamMember(
                    organization_id=org_id,
                    team=team,
                    person=person,
                    role=roles[j % len(roles)] if rng.random() > 0.2 else TeamRole.ENGINEER,
                    allocation=100,
                )
            )
    TeamMember.objects.bulk_create(members, ignore_conflicts=True)


def leader_of(world: Any) -> Membership:
    return world.membership("leader")
