"""Generated product areas, people and teams for ``pom seed`` and ``pom demo``.

Realistic on purpose: 5–9 people per team with role mixes that leave some trios incomplete,
mixed operating modes and lifecycle stages, a few oversized teams, a few pilots, and people
split across two teams (some of them past 100%).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pom.accounts.models import Membership, Role
from pom.core.seeding import SeedContext
from pom.teams.models import (
    LifecycleStage,
    OperatingMode,
    Person,
    PilotStatus,
    ProductArea,
    Team,
    TeamMember,
    TeamRole,
    Topology,
)

AREAS = [
    ("Payments", "Money in and out, in every market we serve"),
    ("Growth", "New customers find us, try us and stay"),
    ("Search & Discovery", "Customers find the right thing fast"),
    ("Logistics", "Orders arrive when promised"),
    ("Platform", "Paved roads that let product teams ship safely"),
    ("Merchant Tools", "Sellers run their business on us"),
    ("Trust & Safety", "Fraud and abuse stay out; good customers stay in"),
    ("Data & Insights", "Decisions rest on numbers everybody trusts"),
    ("Mobile", "The app is the fastest way to get things done"),
    ("Customer Care", "Problems get solved on the first contact"),
    ("Marketplace", "Buyers and sellers meet and trust each other"),
    ("Identity", "Signing in is safe and effortless"),
]
SUBJECTS = [
    "Checkout",
    "Onboarding",
    "Pricing",
    "Recommendations",
    "Search Ranking",
    "Notifications",
    "Returns",
    "Invoicing",
    "Subscriptions",
    "Loyalty",
    "Fraud Signals",
    "Catalog",
    "Delivery Slots",
    "Seller Payouts",
    "Reviews",
    "Messaging",
    "Accessibility",
    "Referrals",
    "Developer Portal",
    "Observability",
    "Identity Proofing",
    "Tax",
    "Promotions",
    "Warehouse Routing",
    "Self-Service Help",
    "Experimentation",
    "Data Pipeline",
    "Design System",
    "Mobile Release",
    "Partner API",
]
PROBLEMS = [
    "customers abandon {s} when it asks too much of them",
    "{s} is slow and confusing for first-time customers",
    "people cannot tell whether {s} worked for them",
    "too many support contacts start in {s}",
    "other teams wait weeks on changes to {s}",
]
TITLES = {
    TeamRole.PRODUCT_MANAGER: "Product Manager",
    TeamRole.PRODUCT_DESIGNER: "Product Designer",
    TeamRole.TECH_LEAD: "Tech Lead",
    TeamRole.ENGINEER: "Software Engineer",
    TeamRole.DATA: "Data Scientist",
    TeamRole.PRODUCT_MARKETING: "Product Marketing Manager",
    TeamRole.OTHER: "Agile Coach",
}


def _weighted(rng: Any, options: list[tuple[Any, float]]) -> Any:
    roll, total = rng.random(), 0.0
    for value, weight in options:
        total += weight
        if roll < total:
            return value
    return options[-1][0]


def _roles(rng: Any, size: int) -> list[str]:
    """A role mix: usually the trio, sometimes a gap, the rest engineers plus data or marketing."""
    roles: list[str] = []
    for role, chance in (
        (TeamRole.PRODUCT_MANAGER, 0.92),
        (TeamRole.PRODUCT_DESIGNER, 0.8),
        (TeamRole.TECH_LEAD, 0.93),
    ):
        if rng.random() < chance:
            roles.append(role)
    if rng.random() < 0.3:
        roles.append(TeamRole.DATA)
    if rng.random() < 0.15:
        roles.append(TeamRole.PRODUCT_MARKETING)
    while len(roles) < size:
        roles.append(TeamRole.ENGINEER)
    return roles[:size]


def seed_teams(ctx: SeedContext) -> None:
    rng, org, today = ctx.rng, ctx.organization, ctx.now.date()
    users = list(ctx.made.get("users", []))
    # Members who were there before the generator ran (the demo's named users) get a person too.
    made = {u.pk for u in users}
    extra = [
        m.user
        for m in Membership.objects.for_org(org)
        .filter(role__in=[Role.OWNER, Role.LEADER, Role.MEMBER])
        .select_related("user")
        .order_by("id")
        if m.user_id not in made
    ]
    users = extra + users
    people = Person.objects.bulk_create(
        [
            Person(organization=org, name=u.full_name or u.email, email=u.email, user=u)
            for u in users
        ],
        batch_size=1000,
    )
    if people and not people[0].pk:
        people = list(Person.objects.for_org(org).order_by("id"))
    area_count = min(len(AREAS), max(2, ctx.teams // 8))
    areas = ProductArea.objects.bulk_create(
        [
            ProductArea(
                organization=org,
                name=name,
                slug=name.lower().replace(" & ", "-").replace(" ", "-"),
                description=description,
                leader=rng.choice(people) if people else None,
            )
            for name, description in AREAS[:area_count]
        ]
    )
    if areas and not areas[0].pk:
        areas = list(ProductArea.objects.for_org(org).order_by("id"))

    teams = []
    for i in range(ctx.teams):
        subject = SUBJECTS[i % len(SUBJECTS)]
        round_ = i // len(SUBJECTS)
        name = subject if round_ == 0 else f"{subject} {round_ + 1}"
        teams.append(
            Team(
                organization=org,
                name=name,
                slug=name.lower().replace(" ", "-"),
                mission=rng.choice(PROBLEMS).format(s=subject.lower()).capitalize() + ".",
                product_area=areas[i % len(areas)] if areas and rng.random() < 0.95 else None,
                topology=_weighted(
                    rng,
                    [
                        (Topology.STREAM_ALIGNED, 0.75),
                        (Topology.PLATFORM, 0.12),
                        (Topology.ENABLING, 0.06),
                        (Topology.COMPLICATED_SUBSYSTEM, 0.07),
                    ],
                ),
                lifecycle_stage=_weighted(
                    rng,
                    [
                        (LifecycleStage.EXPLORE, 0.2),
                        (LifecycleStage.INVEST, 0.45),
                        (LifecycleStage.SUSTAIN, 0.3),
                        (LifecycleStage.RETIRE, 0.05),
                    ],
                ),
                operating_mode=OperatingMode.PROJECT
                if rng.random() < 0.35
                else OperatingMode.PRODUCT,
                pilot_status=_weighted(
                    rng,
                    [
                        (PilotStatus.PILOT, 0.04),
                        (PilotStatus.CANDIDATE, 0.08),
                        (PilotStatus.GRADUATED, 0.05),
                        (PilotStatus.NONE, 0.83),
                    ],
                ),
                coach=rng.choice(people) if people and rng.random() < 0.6 else None,
                reliable_customer_access=rng.random() < 0.45,
                formed_on=today - timedelta(days=rng.randint(20, 1500)),
            )
        )
    teams = Team.objects.bulk_create(teams, batch_size=1000)
    if teams and not teams[0].pk:
        teams = list(Team.objects.for_org(org).order_by("id"))

    members: list[TeamMember] = []
    if people:
        # The named members come first, so in the demo Bob is on a team he can edit.
        pool = people[len(extra) :]
        rng.shuffle(pool)
        pool = people[: len(extra)] + pool
        cursor = 0
        for team in teams:
            size = rng.randint(11, 14) if rng.random() < 0.07 else rng.randint(5, 9)
            chosen: dict[int, Person] = {}
            while len(chosen) < min(size, len(people)):
                person = pool[cursor % len(pool)]
                cursor += 1
                chosen[person.pk] = person
            for person, role in zip(chosen.values(), _roles(rng, size), strict=False):
                members.append(
                    TeamMember(
                        organization=org,
                        team=team,
                        person=person,
                        role=role,
                        allocation=100 if rng.random() < 0.8 else rng.choice([50, 60, 80]),
                        since=team.formed_on + timedelta(days=rng.randint(0, 200))
                        if team.formed_on
                        else None,
                    )
                )
        # Some people also help a second team: most have their time split, some end up past 100%.
        taken = {(m.team_id, m.person_id) for m in members}
        first: dict[int, TeamMember] = {}
        for m in members:
            first.setdefault(m.person_id, m)
        for person in rng.sample(people, k=len(people) // 10):
            team = rng.choice(teams)
            if (team.pk, person.pk) in taken:
                continue
            taken.add((team.pk, person.pk))
            share = rng.choice([20, 30, 50])
            if person.pk in first and rng.random() < 0.6:
                first[person.pk].allocation = min(first[person.pk].allocation, 100 - share)
            members.append(
                TeamMember(
                    organization=org,
                    team=team,
                    person=person,
                    role=rng.choice([TeamRole.DATA, TeamRole.ENGINEER, TeamRole.PRODUCT_DESIGNER]),
                    allocation=share,
                    since=today - timedelta(days=rng.randint(10, 300)),
                )
            )
        TeamMember.objects.bulk_create(members, batch_size=2000)
        titles = {m.person_id: TITLES[TeamRole(m.role)] for m in members}
        for person in people:
            person.title = titles.get(person.pk, "Software Engineer")
        Person.objects.for_org(org).bulk_update(people, ["title"], batch_size=1000)
    ctx.made["people"] = people
    ctx.made["areas"] = areas
    ctx.made["teams"] = teams
