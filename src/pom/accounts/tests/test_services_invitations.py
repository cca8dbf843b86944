"""Inviting people by email link: who may invite whom, and what each kind of bad link says."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from tests.fixtures import World, make_user

from pom.accounts import services
from pom.accounts.models import Invitation, Membership, User

Capture = Callable[..., Any]


def link_token(body: str) -> str:
    """The signed token of the invitation link in an email (links carry a timestamp)."""
    found = re.search(r"/accounts/invite/([^/\s]+)/", body)
    assert found, body
    return found.group(1)


def path_of(link: str) -> str:
    return link.removeprefix("http://127.0.0.1:8000")


def invite(
    world: World, capture: Capture, email: str = "nina@example.test", role: str = "member"
) -> Invitation:
    with capture(execute=True):
        return services.invite(world.membership("owner"), email=email, role=role)


def members_of(world: World) -> set[str]:
    return set(Membership.objects.for_org(world.org_a).values_list("user__email", flat=True))


def test_inviting_sends_an_email_with_the_link_after_the_change_is_saved(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks() as callbacks:
        invitation = services.invite(world.membership("owner"), email="Nina@Example.test")
        assert mail.outbox == [], "nothing is sent before the invitation is committed"
    for callback in callbacks:
        callback()
    assert invitation.email == "nina@example.test"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nina@example.test"]
    assert message.subject == "You are invited to Acme on pom"
    assert services.invitation_from_link(link_token(message.body)) == invitation
    assert "Alice Andersen invited you to join Acme on pom as member." in message.body


def test_the_invitation_page_sends_the_email_and_shows_the_link(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    mail.outbox.clear()
    client = world.client("leader")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:invitation_create"),
            {"email": "nina@example.test", "role": "stakeholder"},
            follow=True,
        )
    assert "Invitation sent to nina@example.test" in response.content.decode()
    assert len(mail.outbox) == 1
    invitation = Invitation.objects.for_org(world.org_a).get(email="nina@example.test")
    assert invitation.role == "stakeholder"


def test_a_newcomer_follows_the_link_signs_up_and_joins(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    mail.outbox.clear()
    invite(world, django_capture_on_commit_callbacks, role="viewer")
    link = re.search(r"http://\S+/accounts/invite/\S+/", mail.outbox[0].body)
    assert link
    client = Client()
    landing = client.get(path_of(link.group(0)))
    assert landing.status_code == 200
    assert "Join Acme" in landing.content.decode()

    signup = client.post(
        reverse("accounts:signup") + "?next=" + path_of(link.group(0)),
        {"full_name": "Nina", "email": "nina@example.test", "password": "long-enough-secret"},
    )
    assert signup["Location"] == path_of(link.group(0))
    joined = client.post(path_of(link.group(0)))
    assert joined.status_code == 302
    assert (
        Membership.objects.for_org(world.org_a).get(user__email="nina@example.test").role
        == "viewer"
    )
    assert client.get("/api/v1/me").json()["organization"]["name"] == "Acme"


def test_accepting_with_the_invited_address_joins_with_the_invited_role(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    invitation = invite(world, django_capture_on_commit_callbacks, role="stakeholder")
    nina = make_user("nina@example.test")
    client = Client()
    client.force_login(nina)
    response = client.post(path_of(invitation.link))
    assert response.status_code == 302
    assert Membership.objects.for_org(world.org_a).get(user=nina).role == "stakeholder"
    assert Invitation.objects.for_org(world.org_a).get(pk=invitation.pk).status == "accepted"


def test_accepting_while_signed_in_with_another_address_is_refused(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    invitation = invite(world, django_capture_on_commit_callbacks)
    response = world.client("outsider").post(path_of(invitation.link))
    assert response.status_code == 409
    assert (
        "This invitation is for nina@example.test, but you are signed in as mallory@bluth.test"
        in response.content.decode()
    )
    assert "mallory@bluth.test" not in members_of(world)
    assert Invitation.objects.for_org(world.org_a).get(pk=invitation.pk).status == "pending"


def _expire(invitation: Invitation) -> None:
    Invitation.objects.for_org(invitation.organization_id).filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )


def _revoke(invitation: Invitation) -> None:
    owner = Membership.objects.for_org(invitation.organization_id).get(role="owner")
    services.revoke_invitation(owner, invitation)


def _use(invitation: Invitation) -> None:
    services.accept_invitation(User.objects.get(email=invitation.email), invitation)


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (_expire, "This invitation has expired. Ask the person who invited you for a new one."),
        (_revoke, "This invitation was withdrawn. Ask for a new one."),
        (_use, "This invitation has already been used."),
    ],
    ids=["expired", "revoked", "used"],
)
def test_a_spoiled_link_says_why_and_changes_nothing(
    world: World,
    django_capture_on_commit_callbacks: Capture,
    spoil: Callable[[Invitation], None],
    message: str,
) -> None:
    nina = make_user("nina@example.test")
    invitation = invite(world, django_capture_on_commit_callbacks, role="leader")
    spoil(invitation)
    before = Invitation.objects.for_org(world.org_a).values().get(pk=invitation.pk)
    roles_before = dict(Membership.objects.for_org(world.org_a).values_list("user__email", "role"))
    client = Client()
    client.force_login(nina)
    for response in (
        client.get(path_of(invitation.link)),
        client.post(path_of(invitation.link)),
    ):
        assert response.status_code == 410
        assert message in response.content.decode()
    assert Invitation.objects.for_org(world.org_a).values().get(pk=invitation.pk) == before
    assert (
        dict(Membership.objects.for_org(world.org_a).values_list("user__email", "role"))
        == roles_before
    )


def test_a_tampered_link_is_not_valid(world: World) -> None:
    response = Client().get(reverse("accounts:invitation_accept", args=["not-a-real-token"]))
    assert response.status_code == 410
    assert "This invitation link is not valid. Ask for a new one." in response.content.decode()


def test_inviting_again_replaces_the_pending_link(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    first = invite(world, django_capture_on_commit_callbacks, role="member")
    second = invite(world, django_capture_on_commit_callbacks, role="viewer")
    nina = make_user("nina@example.test")
    client = Client()
    client.force_login(nina)
    old = client.post(path_of(first.link))
    assert old.status_code == 410
    assert "withdrawn" in old.content.decode()
    assert client.post(path_of(second.link)).status_code == 302
    assert Membership.objects.for_org(world.org_a).get(user=nina).role == "viewer"


def test_inviting_an_existing_member_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        services.invite(world.membership("owner"), email="BOB@acme.test")
    assert caught.value.message_dict == {
        "email": ["bob@acme.test is already a member of this organization."]
    }
    response = world.api("owner").post(
        "/api/v1/invitations",
        data=json.dumps({"email": "bob@acme.test"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "email", "message": "bob@acme.test is already a member of this organization."}
    ]


def test_a_leader_cannot_invite_an_owner(world: World) -> None:
    response = world.api("leader").post(
        "/api/v1/invitations",
        data=json.dumps({"email": "boss@example.test", "role": "owner"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "role"
    page = world.client("leader").post(
        reverse("accounts:invitation_create"), {"email": "boss@example.test", "role": "owner"}
    )
    assert page.status_code == 400
    assert "role" in page.context["form"].errors
    assert not Invitation.objects.for_org(world.org_a).filter(email="boss@example.test").exists()


def test_a_leader_may_invite_another_leader(world: World) -> None:
    invitation = services.invite(
        world.membership("leader"), email="lee@example.test", role="leader"
    )
    assert invitation.role == "leader"


def test_members_cannot_invite(world: World) -> None:
    response = world.api("member").post(
        "/api/v1/invitations",
        data=json.dumps({"email": "friend@example.test"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Invitation.objects.for_org(world.org_a).filter(email="friend@example.test").exists()


def test_a_withdrawn_invitation_is_not_emailed_again(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    invitation = invite(world, django_capture_on_commit_callbacks)
    services.revoke_invitation(world.membership("owner"), invitation)
    mail.outbox.clear()
    response = world.client("owner").post(
        reverse("accounts:invitation_resend", args=[invitation.pk]), follow=True
    )
    assert "This invitation is revoked; invite again instead." in response.content.decode()
    assert mail.outbox == []


@override_settings(POM_OPEN_SIGNUP=False)
def test_closed_sign_up_still_lets_an_invited_person_create_their_account(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    invitation = invite(world, django_capture_on_commit_callbacks)
    link = path_of(invitation.link)
    client = Client()
    signup_url = reverse("accounts:signup") + "?next=" + link
    assert client.get(signup_url).status_code == 200
    wrong = client.post(
        signup_url,
        {"full_name": "Eve", "email": "eve@example.test", "password": "long-enough-secret"},
    )
    assert wrong.status_code == 400
    assert "email" in wrong.context["form"].errors
    assert not User.objects.filter(email="eve@example.test").exists()
    right = client.post(
        signup_url,
        {"full_name": "Nina", "email": "nina@example.test", "password": "long-enough-secret"},
    )
    assert right["Location"] == link
    assert client.post(link).status_code == 302
    assert "nina@example.test" in members_of(world)


def test_resending_a_pending_invitation_emails_the_link_again(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    invitation = invite(world, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    response = world.client("leader").post(
        reverse("accounts:invitation_resend", args=[invitation.pk]), follow=True
    )
    assert "Invitation to nina@example.test sent again." in response.content.decode()
    assert len(mail.outbox) == 1
    assert services.invitation_from_link(link_token(mail.outbox[0].body)) == invitation
