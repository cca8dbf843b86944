"""Generated people and memberships for ``pom seed`` and ``pom demo``."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from pom.accounts.models import Membership, Role, User
from pom.core.seeding import SEED_PASSWORD, SeedContext

FIRST_NAMES = [
    "Aisha",
    "Alejandro",
    "Amara",
    "Anders",
    "Ania",
    "Arjun",
    "Astrid",
    "Ben",
    "Bianca",
    "Carlos",
    "Chen",
    "Chiara",
    "Daniel",
    "Dara",
    "Elena",
    "Emeka",
    "Emma",
    "Farah",
    "Felix",
    "Freya",
    "Gabriel",
    "Grace",
    "Hana",
    "Hugo",
    "Ines",
    "Isaac",
    "Ivan",
    "Jada",
    "Jonas",
    "Julia",
    "Kai",
    "Kenji",
    "Lara",
    "Leila",
    "Liam",
    "Lucia",
    "Mads",
    "Maria",
    "Mateo",
    "Maya",
    "Mei",
    "Mohammed",
    "Nadia",
    "Nia",
    "Noah",
    "Olga",
    "Omar",
    "Paula",
    "Pedro",
    "Priya",
    "Rafael",
    "Rania",
    "Rosa",
    "Sam",
    "Sana",
    "Sofia",
    "Tariq",
    "Theo",
    "Tomas",
    "Uma",
    "Valentina",
    "Victor",
    "Wei",
    "Yara",
    "Yusuf",
    "Zara",
    "Zoe",
]
LAST_NAMES = [
    "Abbott",
    "Adeyemi",
    "Alvarez",
    "Andersen",
    "Bauer",
    "Becker",
    "Brown",
    "Castillo",
    "Chen",
    "Costa",
    "Dubois",
    "Eriksson",
    "Fischer",
    "Garcia",
    "Gupta",
    "Hansen",
    "Hoffmann",
    "Ibrahim",
    "Ito",
    "Jensen",
    "Kaur",
    "Kim",
    "Kowalski",
    "Larsen",
    "Lee",
    "Lopez",
    "Martin",
    "Meyer",
    "Moreau",
    "Muller",
    "Nakamura",
    "Nguyen",
    "Novak",
    "Okafor",
    "Olsen",
    "Patel",
    "Petrov",
    "Ramos",
    "Rossi",
    "Sato",
    "Schmidt",
    "Silva",
    "Singh",
    "Smith",
    "Sousa",
    "Tanaka",
    "Torres",
    "Vasquez",
    "Wagner",
    "Walker",
    "Wang",
    "Weber",
    "Williams",
    "Yamamoto",
    "Young",
    "Zhang",
]


def seed_people(ctx: SeedContext) -> None:
    """About seven people per team: one owner, a few leaders, mostly members, some stakeholders and viewers."""
    org = ctx.organization
    count = max(ctx.teams * 7, 5)
    password = make_password(SEED_PASSWORD)
    domain = f"{org.slug}.example.com"
    users = []
    for i in range(count):
        first, last = ctx.rng.choice(FIRST_NAMES), ctx.rng.choice(LAST_NAMES)
        users.append(
            User(
                email=f"{first}.{last}.{i}@{domain}".lower(),
                full_name=f"{first} {last}",
                password=password,
            )
        )
    users = User.objects.bulk_create(users, batch_size=1000)
    if not users[0].pk:  # some databases do not return ids from bulk_create
        users = list(User.objects.filter(email__endswith=f"@{domain}").order_by("id"))

    def role_for(i: int) -> str:
        if i == 0:
            return Role.OWNER
        roll = ctx.rng.random()
        if roll < 0.04:
            return Role.LEADER
        if roll < 0.84:
            return Role.MEMBER
        if roll < 0.94:
            return Role.STAKEHOLDER
        return Role.VIEWER

    Membership.objects.bulk_create(
        [Membership(organization=org, user=u, role=role_for(i)) for i, u in enumerate(users)],
        batch_size=1000,
    )
    ctx.made["users"] = users
    ctx.owner_email = users[0].email
