"""The foundation's list pages and endpoints run a fixed number of queries, however many rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse
from tests.fixtures import World, make_user
from tests.query_counts import queries_of

from pom.accounts import services
from pom.accounts.models import ApiToken, Membership, Role, User
from pom.core import audit

FEW, MANY = 5, 60


def grow_members(world: World, total: int) -> None:
    """Bring org A to ``total`` members; each new one comes with a pending invitation too."""
    owner = world.membership("owner")
    have = Membership.objects.for_org(world.org_a).count()
    password = make_password(None)
    for i in range(have, total):
        user = User.objects.create(
            email=f"person{i}@acme.test", full_name=f"P {i}", password=password
        )
        Membership.objects.create(organization=world.org_a, user=user, role=Role.MEMBER)
        services.invite(owner, email=f"pending{i}@example.test", role=Role.VIEWER)


def grow_audit(world: World, total: int) -> None:
    """Org A's own history is longer than FEW, so the audit tests use a young organization."""
    owner = world.membership("newcomer")
    events = audit.AuditEvent.objects.filter(organization_id=owner.organization_id)
    with audit.acting_as(owner.user):
        for i in range(events.count(), total):
            services.rename_organization(owner, name=f"Nimbus {i}")
    assert events.count() == total


def grow_tokens(world: World, total: int) -> None:
    owner = world.membership("owner")
    have = ApiToken.objects.for_member(owner).filter(user=owner.user).count()
    for i in range(have, total):
        services.create_token(owner, name=f"token {i}")


def assert_constant(
    world: World,
    grow: Callable[[World, int], None],
    fetch: Callable[[], Any],
    django_assert_num_queries: Any,
) -> None:
    grow(world, FEW)
    fetch()  # warm up: the first use of a token records it, sessions get saved
    few = queries_of(fetch)
    grow(world, MANY)
    with django_assert_num_queries(few):
        response = fetch()
    assert response.status_code == 200


def owner_session(world: World) -> Client:
    return world.client("owner")


def test_the_members_page_query_count_does_not_grow_with_members(
    world: World, django_assert_num_queries: Any
) -> None:
    client = owner_session(world)
    assert_constant(
        world,
        grow_members,
        lambda: client.get(reverse("accounts:members")),
        django_assert_num_queries,
    )


def newcomer(world: World) -> World:
    nina = make_user("nina@nimbus.test")
    org = services.create_organization(nina, name="Nimbus")
    world.members["newcomer"] = Membership.objects.for_org(org).get(user=nina)
    return world


def test_the_audit_log_page_query_count_does_not_grow_with_events(
    world: World, django_assert_num_queries: Any
) -> None:
    client = newcomer(world).client("newcomer")
    assert_constant(
        world, grow_audit, lambda: client.get(reverse("core:audit_log")), django_assert_num_queries
    )


def test_the_tokens_page_query_count_does_not_grow_with_tokens(
    world: World, django_assert_num_queries: Any
) -> None:
    client = owner_session(world)
    assert_constant(
        world,
        grow_tokens,
        lambda: client.get(reverse("accounts:tokens")),
        django_assert_num_queries,
    )


def test_the_memberships_endpoint_query_count_does_not_grow(
    world: World, django_assert_num_queries: Any
) -> None:
    api = world.api("owner")
    assert_constant(
        world, grow_members, lambda: api.get("/api/v1/memberships"), django_assert_num_queries
    )


def test_the_audit_endpoint_query_count_does_not_grow(
    world: World, django_assert_num_queries: Any
) -> None:
    api = newcomer(world).api("newcomer")
    assert_constant(world, grow_audit, lambda: api.get("/api/v1/audit"), django_assert_num_queries)


def test_the_tokens_endpoint_query_count_does_not_grow(
    world: World, django_assert_num_queries: Any
) -> None:
    api = world.api("owner")
    assert_constant(
        world, grow_tokens, lambda: api.get("/api/v1/tokens"), django_assert_num_queries
    )


def test_the_invitations_endpoint_query_count_does_not_grow(
    world: World, django_assert_num_queries: Any
) -> None:
    api = world.api("owner")
    assert_constant(
        world, grow_members, lambda: api.get("/api/v1/invitations"), django_assert_num_queries
    )
