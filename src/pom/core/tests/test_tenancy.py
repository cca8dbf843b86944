"""Tenancy: tenant rows are read for one organization, and another organization's ids are a 404."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from tests.fixtures import World

from pom.accounts import services
from pom.accounts.models import ApiToken, Invitation, Membership
from pom.core.models import UnscopedQueryError


def test_an_unscoped_read_of_a_tenant_model_raises(world: World) -> None:
    with pytest.raises(UnscopedQueryError, match=r"for_org"):
        list(Membership.objects.all())
    with pytest.raises(UnscopedQueryError):
        Membership.objects.filter(role="member").count()
    with pytest.raises(UnscopedQueryError):
        Membership.objects.exists()
    with pytest.raises(UnscopedQueryError):
        Membership.objects.filter(role="viewer").update(role="member")
    with pytest.raises(UnscopedQueryError):
        Membership.objects.filter(role="viewer").delete()


def test_for_org_reads_only_that_organizations_rows(world: World) -> None:
    a_users = set(Membership.objects.for_org(world.org_a).values_list("user__email", flat=True))
    assert a_users == {
        "alice@acme.test",
        "leo@acme.test",
        "bob@acme.test",
        "carol@acme.test",
        "victor@acme.test",
    }
    b_users = set(
        Membership.objects.for_member(world.membership("outsider")).values_list(
            "user__email", flat=True
        )
    )
    assert b_users == {"olga@bluth.test", "mallory@bluth.test"}


def test_unscoped_is_the_deliberate_way_to_read_every_organization(world: World) -> None:
    assert Membership.objects.unscoped().count() == 7


def test_related_rows_of_a_row_already_read_are_allowed(world: World) -> None:
    alice = world.user("owner")
    assert alice is not None
    assert [m.organization_id for m in alice.memberships.all()] == [world.org_a.pk]


@pytest.fixture
def org_a_ids(world: World) -> dict[str, int]:
    owner = world.membership("owner")
    invitation = services.invite(owner, email="newcomer@acme.test", role="member")
    token, _ = services.create_token(owner, name="laptop")
    return {
        "membership": world.membership("member").pk,
        "invitation": invitation.pk,
        "token": token.pk,
    }


def test_outsider_gets_404_for_another_orgs_membership_on_pages(
    world: World, org_a_ids: dict[str, int]
) -> None:
    client = world.client("outsider_owner")
    pk = org_a_ids["membership"]
    assert (
        client.post(reverse("accounts:member_role", args=[pk]), {"role": "viewer"}).status_code
        == 404
    )
    assert client.post(reverse("accounts:member_remove", args=[pk])).status_code == 404
    assert Membership.objects.for_org(world.org_a).get(pk=pk).role == "member"


def test_outsider_gets_404_for_another_orgs_invitation_on_pages(
    world: World, org_a_ids: dict[str, int]
) -> None:
    client = world.client("outsider_owner")
    pk = org_a_ids["invitation"]
    assert client.post(reverse("accounts:invitation_revoke", args=[pk])).status_code == 404
    assert client.post(reverse("accounts:invitation_resend", args=[pk])).status_code == 404
    assert Invitation.objects.for_org(world.org_a).get(pk=pk).status == "pending"


def test_outsider_gets_404_for_another_orgs_token_on_pages(
    world: World, org_a_ids: dict[str, int]
) -> None:
    client = world.client("outsider_owner")
    response = client.post(reverse("accounts:token_revoke", args=[org_a_ids["token"]]))
    assert response.status_code == 404
    assert ApiToken.objects.for_org(world.org_a).get(pk=org_a_ids["token"]).revoked_at is None


def test_outsider_gets_404_for_another_orgs_ids_in_the_api(
    world: World, org_a_ids: dict[str, int]
) -> None:
    api = world.api("outsider_owner")
    patch = api.patch(
        f"/api/v1/memberships/{org_a_ids['membership']}",
        data=json.dumps({"role": "viewer"}),
        content_type="application/json",
    )
    assert patch.status_code == 404
    assert patch.json()["message"] == f"No membership with id {org_a_ids['membership']}."
    assert api.delete(f"/api/v1/memberships/{org_a_ids['membership']}").status_code == 404
    assert api.delete(f"/api/v1/invitations/{org_a_ids['invitation']}").status_code == 404
    assert api.delete(f"/api/v1/tokens/{org_a_ids['token']}").status_code == 404
    assert Membership.objects.for_org(world.org_a).get(pk=org_a_ids["membership"]).role == "member"
    assert (
        Invitation.objects.for_org(world.org_a).get(pk=org_a_ids["invitation"]).status == "pending"
    )
    assert ApiToken.objects.for_org(world.org_a).get(pk=org_a_ids["token"]).is_active


def test_an_organization_you_do_not_belong_to_is_never_listed(world: World) -> None:
    response = world.api("outsider").get("/api/v1/memberships")
    emails = {m["user"]["email"] for m in response.json()["items"]}
    assert emails == {"olga@bluth.test", "mallory@bluth.test"}
    orgs = world.api("outsider").get("/api/v1/organizations").json()["items"]
    assert [o["name"] for o in orgs] == ["Bluth"]
