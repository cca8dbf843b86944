"""Creating organizations and moving between the ones you belong to."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from tests.fixtures import World, make_user

from pom.accounts import services
from pom.accounts.models import Membership, Organization, User
from pom.core.middleware import SESSION_KEY


def current_org(client: Client) -> str | None:
    organization = client.get("/api/v1/me").json()["organization"]
    return organization["name"] if organization else None


def test_a_new_user_is_sent_to_create_an_organization(db: object) -> None:
    client = Client()
    client.force_login(make_user("nina@example.test"))
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:organization_create")


def test_creating_an_organization_makes_you_its_owner_and_opens_it(db: object) -> None:
    nina = make_user("nina@example.test")
    client = Client()
    client.force_login(nina)
    response = client.post(
        reverse("accounts:organization_create"), {"name": "Nimbus Labs", "slug": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:members")
    org = Organization.objects.get(name="Nimbus Labs")
    assert org.slug == "nimbus-labs"
    assert Membership.objects.for_org(org).get(user=nina).role == "owner"
    assert current_org(client) == "Nimbus Labs"


def test_a_taken_short_address_is_an_error_on_that_field(world: World) -> None:
    client = world.client("member")
    response = client.post(
        reverse("accounts:organization_create"), {"name": "Copy", "slug": "acme"}
    )
    assert response.status_code == 400
    assert "The address 'acme' is taken; choose another." in response.context["form"].errors["slug"]
    assert not Organization.objects.filter(name="Copy").exists()


def test_two_organizations_with_the_same_name_get_different_addresses(world: World) -> None:
    nina = make_user("nina@example.test")
    org = services.create_organization(nina, name="Acme")
    assert org.slug == "acme-2"


def test_the_switcher_moves_you_to_another_organization_you_belong_to(world: World) -> None:
    alice = world.user("owner")
    assert alice is not None
    second = services.create_organization(alice, name="Zeta Side Project")
    client = Client()
    client.force_login(alice)
    client.post(reverse("accounts:organization_switch"), {"organization": world.org_a.pk})
    assert current_org(client) == "Acme"
    response = client.post(reverse("accounts:organization_switch"), {"organization": second.pk})
    assert response.status_code == 302
    assert current_org(client) == "Zeta Side Project"
    assert client.session[SESSION_KEY] == second.pk


def test_the_switcher_refuses_an_organization_you_do_not_belong_to(world: World) -> None:
    client = world.client("outsider")
    response = client.post(
        reverse("accounts:organization_switch"), {"organization": world.org_a.pk}, follow=True
    )
    assert "You are not a member of that organization." in response.content.decode()
    assert current_org(client) == "Bluth"


def test_a_forged_session_organization_falls_back_to_your_own(world: World) -> None:
    client = world.client("outsider")
    session = client.session
    session[SESSION_KEY] = world.org_a.pk
    session.save()
    assert current_org(client) == "Bluth"
    assert world.org_a.name not in client.get(reverse("accounts:members")).content.decode()


def test_the_organization_you_worked_in_last_is_remembered_in_a_new_session(
    world: World,
) -> None:
    alice = world.user("owner")
    assert alice is not None
    second = services.create_organization(alice, name="Zeta Side Project")
    laptop = Client()
    laptop.force_login(alice)
    laptop.post(reverse("accounts:organization_switch"), {"organization": world.org_a.pk})
    assert User.objects.get(pk=alice.pk).last_organization_id == world.org_a.pk

    phone = Client()
    phone.force_login(User.objects.get(pk=alice.pk))
    assert current_org(phone) == "Acme"
    phone.post(reverse("accounts:organization_switch"), {"organization": second.pk})

    tablet = Client()
    tablet.force_login(User.objects.get(pk=alice.pk))
    assert current_org(tablet) == "Zeta Side Project"


def test_an_owner_renames_the_organization(world: World) -> None:
    client = world.client("owner")
    response = client.post(reverse("accounts:organization_rename"), {"name": "Acme Corp"})
    assert response.status_code == 302
    assert Organization.objects.get(pk=world.org_a.pk).name == "Acme Corp"


def test_a_leader_cannot_rename_the_organization(world: World) -> None:
    response = world.client("leader").post(
        reverse("accounts:organization_rename"), {"name": "Leo's Acme"}
    )
    assert response.status_code == 403
    assert Organization.objects.get(pk=world.org_a.pk).name == "Acme"
