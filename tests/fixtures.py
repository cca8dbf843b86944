"""Shared fixtures: two organizations and the people every permission test is run as.

Org A ("Acme"): alice (owner), leo (leader), bob (member), carol (stakeholder), victor (viewer).
Org B ("Bluth"): olga (owner), mallory (member) — mallory must never see anything of org A.
Everything is built through the services, the way people build it in the product.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from pom.accounts import services
from pom.accounts.models import Membership, Organization, Role, User

PASSWORD = "correct-horse-battery-staple"


def make_user(email: str, name: str = "") -> User:
    return services.sign_up(
        email=email, password=PASSWORD, full_name=name or email.split("@")[0].title()
    )


def add_member(inviter: Membership, user: User, role: str) -> Membership:
    invitation = services.invite(inviter, email=user.email, role=role)
    return services.accept_invitation(user, invitation)


@dataclass
class World:
    org_a: Organization
    org_b: Organization
    members: dict[str, Membership]
    tokens: dict[str, str] = field(default_factory=dict)

    def user(self, persona: str) -> User | None:
        if persona == "anonymous":
            return None
        return self.members[persona].user

    def membership(self, persona: str) -> Membership:
        return self.members[persona]

    def client(self, persona: str) -> Client:
        """A browser-like client signed in as ``persona`` (working in their own organization)."""
        client = Client()
        user = self.user(persona)
        if user is not None:
            client.force_login(user)
        return client

    def api(self, persona: str) -> Client:
        """An API client sending ``persona``'s personal token (anonymous sends none)."""
        if persona == "anonymous":
            return Client()
        if persona not in self.tokens:
            _, raw = services.create_token(self.members[persona], name=f"{persona} tests")
            self.tokens[persona] = raw
        return Client(headers={"authorization": f"Bearer {self.tokens[persona]}"})


def build_world() -> World:
    alice = make_user("alice@acme.test", "Alice Andersen")
    org_a = services.create_organization(alice, name="Acme")
    owner_a = Membership.objects.for_org(org_a).get(user=alice)
    members = {"owner": owner_a}
    for persona, email, role in (
        ("leader", "leo@acme.test", Role.LEADER),
        ("member", "bob@acme.test", Role.MEMBER),
        ("stakeholder", "carol@acme.test", Role.STAKEHOLDER),
        ("viewer", "victor@acme.test", Role.VIEWER),
    ):
        members[persona] = add_member(owner_a, make_user(email), role)
    olga = make_user("olga@bluth.test", "Olga Owner")
    org_b = services.create_organization(olga, name="Bluth")
    owner_b = Membership.objects.for_org(org_b).get(user=olga)
    members["outsider"] = add_member(
        owner_b, make_user("mallory@bluth.test", "Mallory"), Role.MEMBER
    )
    members["outsider_owner"] = owner_b
    return World(org_a=org_a, org_b=org_b, members=members)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    """Each test starts with an empty cache, so sign-in rate limits never leak between tests
    (every browser test signs in from 127.0.0.1)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _own_metrics_folder(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Each test keeps its organizations' metric files (uploads, the seeded events) in a folder of
    its own: parallel workers each have an organization 1, whose files would share a folder."""
    settings.POM_METRICS_DIR = tmp_path_factory.mktemp("metrics")


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture
def alice(world: World) -> User:
    return world.members["owner"].user


@pytest.fixture
def bob(world: World) -> User:
    return world.members["member"].user


@pytest.fixture
def carol(world: World) -> User:
    return world.members["stakeholder"].user


@pytest.fixture
def mallory(world: World) -> User:
    return world.members["outsider"].user


@pytest.fixture
def org_a(world: World) -> Organization:
    return world.org_a


@pytest.fixture
def org_b(world: World) -> Organization:
    return world.org_b


def chromium_path() -> str | None:
    return (
        shutil.which("chromium")
        or (os.path.exists("/usr/bin/chromium") and "/usr/bin/chromium")
        or None
    )
