"""The accounts endpoints a script uses: who am I, organizations, invitations."""

from __future__ import annotations

import json

from django.test import Client
from django.urls import reverse
from tests.fixtures import World, make_user

from pom.accounts import services
from pom.accounts.models import Membership, Organization, User


def send(client: Client, method: str, url: str, body: dict[str, object]) -> object:
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def test_me_says_who_you_are_where_you_act_and_with_which_role(world: World) -> None:
    me = world.api("leader").get("/api/v1/me").json()
    assert me["user"]["email"] == "leo@acme.test"
    assert me["organization"]["slug"] == "acme"
    assert me["role"] == "leader"


def test_you_can_rename_yourself(world: World) -> None:
    response = send(world.api("member"), "patch", "/api/v1/me", {"full_name": "Robert Okafor"})
    assert response.status_code == 200
    assert response.json()["user"]["full_name"] == "Robert Okafor"
    assert User.objects.get(email="bob@acme.test").full_name == "Robert Okafor"


def test_the_profile_page_saves_your_name(world: World) -> None:
    response = world.client("member").post(
        reverse("accounts:profile"), {"full_name": "Bobby"}, follow=True
    )
    assert "Profile saved." in response.content.decode()
    assert User.objects.get(email="bob@acme.test").full_name == "Bobby"


def test_creating_an_organization_through_the_api_makes_you_its_owner(world: World) -> None:
    response = send(world.api("member"), "post", "/api/v1/organizations", {"name": "Side Quest"})
    assert response.status_code == 201
    org = Organization.objects.get(pk=response.json()["id"])
    assert org.slug == "side-quest"
    assert Membership.objects.for_org(org).get().user.email == "bob@acme.test"


def test_a_taken_slug_through_the_api_is_an_error_on_the_slug(world: World) -> None:
    response = send(
        world.api("member"), "post", "/api/v1/organizations", {"name": "X", "slug": "bluth"}
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "slug", "message": "The address 'bluth' is taken; choose another."}
    ]


def test_a_user_without_an_organization_is_told_to_create_one(db: object) -> None:
    client = Client()
    client.force_login(make_user("nina@example.test"))
    response = client.get("/api/v1/memberships")
    assert response.status_code == 403
    assert response.json()["message"] == (
        "You do not belong to an organization yet; create one first."
    )


def test_an_invitation_made_through_the_api_returns_its_link(world: World) -> None:
    response = send(
        world.api("owner"),
        "post",
        "/api/v1/invitations",
        {"email": "nina@example.test", "role": "viewer"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "pending"
    token = body["link"].rstrip("/").rsplit("/", 1)[-1]
    assert services.invitation_from_link(token).email == "nina@example.test"


def test_the_invitations_list_filters_pending_ones(world: World) -> None:
    owner = world.membership("owner")
    services.invite(owner, email="pending@example.test")
    withdrawn = services.invite(owner, email="withdrawn@example.test")
    services.revoke_invitation(owner, withdrawn)
    api = world.api("owner")
    pending = api.get("/api/v1/invitations", {"status": "pending"}).json()["items"]
    assert [i["email"] for i in pending] == ["pending@example.test"]
    everything = {i["email"]: i["status"] for i in api.get("/api/v1/invitations").json()["items"]}
    assert everything["withdrawn@example.test"] == "revoked"
    assert everything["bob@acme.test"] == "accepted"


def test_withdrawing_an_invitation_twice_says_it_is_already_withdrawn(world: World) -> None:
    invitation = services.invite(world.membership("owner"), email="nina@example.test")
    api = world.api("leader")
    assert api.delete(f"/api/v1/invitations/{invitation.pk}").status_code == 204
    again = api.delete(f"/api/v1/invitations/{invitation.pk}")
    assert again.status_code == 400
    assert again.json()["message"] == "This invitation is already revoked."


def test_the_health_check_answers_without_signing_in(db: object) -> None:
    response = Client().get(reverse("core:healthz"))
    assert response.json() == {"status": "ok"}
