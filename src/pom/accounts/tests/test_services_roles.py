"""Roles and membership: owners manage people; an organization always keeps an owner."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from tests.fixtures import World

from pom.accounts import services
from pom.accounts.models import ApiToken, Membership

LAST_OWNER_DEMOTE = "An organization needs at least one owner; make someone else owner first."
LAST_OWNER_LEAVE = "The last owner cannot leave; make someone else owner first."


def role_of(world: World, persona: str) -> str:
    return Membership.objects.for_org(world.org_a).get(pk=world.membership(persona).pk).role


def test_an_owner_changes_a_members_role(world: World) -> None:
    response = world.api("owner").patch(
        f"/api/v1/memberships/{world.membership('member').pk}",
        data=json.dumps({"role": "leader"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["role"] == "leader"
    assert role_of(world, "member") == "leader"


def test_the_members_page_changes_a_role_and_says_so(world: World) -> None:
    response = world.client("owner").post(
        reverse("accounts:member_role", args=[world.membership("viewer").pk]),
        {"role": "member"},
        follow=True,
    )
    assert "is now member" in response.content.decode()
    assert role_of(world, "viewer") == "member"


def test_a_leader_cannot_change_roles(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.change_role(world.membership("leader"), world.membership("member"), role="viewer")
    assert role_of(world, "member") == "member"


def test_an_unknown_role_is_refused_by_name(world: World) -> None:
    response = world.api("owner").patch(
        f"/api/v1/memberships/{world.membership('member').pk}",
        data=json.dumps({"role": "emperor"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "role"


def test_the_last_owner_cannot_be_demoted(world: World) -> None:
    owner = world.membership("owner")
    with pytest.raises(ValidationError) as caught:
        services.change_role(owner, owner, role="leader")
    assert caught.value.message_dict == {"role": [LAST_OWNER_DEMOTE]}
    response = world.api("owner").patch(
        f"/api/v1/memberships/{owner.pk}",
        data=json.dumps({"role": "member"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["message"] == LAST_OWNER_DEMOTE
    assert role_of(world, "owner") == "owner"


def test_the_last_owner_cannot_leave(world: World) -> None:
    owner = world.membership("owner")
    response = world.client("owner").post(
        reverse("accounts:member_remove", args=[owner.pk]), follow=True
    )
    assert LAST_OWNER_LEAVE in response.content.decode()
    api = world.api("owner").delete(f"/api/v1/memberships/{owner.pk}")
    assert api.status_code == 400
    assert api.json()["message"] == LAST_OWNER_LEAVE
    assert role_of(world, "owner") == "owner"


def test_an_owner_may_step_down_once_there_is_another_owner(world: World) -> None:
    owner = world.membership("owner")
    services.change_role(owner, world.membership("leader"), role="owner")
    services.change_role(owner, owner, role="leader")
    assert role_of(world, "owner") == "leader"
    assert role_of(world, "leader") == "owner"


def test_a_member_may_leave(world: World) -> None:
    response = world.client("member").post(
        reverse("accounts:member_remove", args=[world.membership("member").pk])
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert not Membership.objects.for_org(world.org_a).filter(user__email="bob@acme.test").exists()


def test_a_member_cannot_remove_someone_else(world: World) -> None:
    response = world.api("member").delete(
        f"/api/v1/memberships/{world.membership('stakeholder').pk}"
    )
    assert response.status_code == 403
    assert role_of(world, "stakeholder") == "stakeholder"


def test_a_removed_members_tokens_stop_working(world: World) -> None:
    bob_api = world.api("member")
    assert bob_api.get("/api/v1/me").status_code == 200
    response = world.api("owner").delete(f"/api/v1/memberships/{world.membership('member').pk}")
    assert response.status_code == 204
    refused = bob_api.get("/api/v1/me")
    assert refused.status_code == 401
    assert refused.json()["message"] == (
        "This token is not valid: it is unknown, revoked or expired."
    )
    assert not ApiToken.objects.for_org(world.org_a).filter(user=world.user("member")).exists()


def test_a_removed_member_no_longer_sees_the_organization(world: World) -> None:
    bob = world.client("member")
    services.remove_member(world.membership("owner"), world.membership("member"))
    assert bob.get(reverse("accounts:members")).status_code == 302
    assert bob.get("/api/v1/me").json()["organization"] is None
