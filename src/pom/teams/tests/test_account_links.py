"""Linking a person to a pom account is an identity decision (issue 15, item 1).

Whoever is linked to a person on a team edits that team, its outcomes, check-ins and discovery,
so the link may only be set by an owner or leader, or by the person themself accepting an
invitation sent to their address — and an account is linked to at most one person.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from tests.fixtures import make_user

from pom.accounts import services as accounts
from pom.core.permissions import can
from pom.teams import services
from pom.teams.models import Person
from pom.teams.tests.helpers import acme


def patch(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.patch(url, data=json.dumps(body), content_type="application/json")


def post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_a_member_cannot_relink_someone_elses_person_to_their_own_account(world: Any) -> None:
    data = acme(world)
    victor = world.membership("viewer")
    # Victor (another account) is pat's person on the Checkout team; bob is on it too.
    services.update_person(world.membership("leader"), data.pat, user=victor.user)
    services.remove_member(world.membership("leader"), data.member)  # bob leaves the team
    bob = world.membership("member")
    assert not can(bob, "teams.edit", data.team)

    answer = patch(
        world.api("member"), f"/api/v1/teams/people/{data.pat.pk}", {"user_id": bob.user_id}
    )

    assert answer.status_code == 403
    assert "leader" in answer.json()["message"].lower()
    data.pat.refresh_from_db()
    assert data.pat.user_id == victor.user_id
    assert not can(bob, "teams.edit", data.team)


def test_a_member_cannot_link_an_unlinked_person_on_a_team_to_themselves(world: Any) -> None:
    data = acme(world)
    bob = world.membership("member")
    services.update_person(world.membership("leader"), data.bob, user=None)
    answer = patch(
        world.api("member"), f"/api/v1/teams/people/{data.pat.pk}", {"user_id": bob.user_id}
    )
    assert answer.status_code == 403
    data.pat.refresh_from_db()
    assert data.pat.user_id is None


def test_a_member_cannot_create_a_person_linked_to_an_account(world: Any) -> None:
    bob = world.membership("member")
    carol = world.membership("stakeholder")
    answer = post(
        world.api("member"),
        "/api/v1/teams/people",
        {"name": "Carol", "email": "carol2@acme.test", "user_id": carol.user_id},
    )
    assert answer.status_code == 403
    assert not Person.objects.for_member(bob).filter(email="carol2@acme.test").exists()


def test_a_member_cannot_unlink_another_persons_account(world: Any) -> None:
    data = acme(world)
    services.update_person(world.membership("leader"), data.pat, user=world.user("viewer"))
    answer = patch(world.api("member"), f"/api/v1/teams/people/{data.pat.pk}", {"user_id": None})
    assert answer.status_code == 403
    data.pat.refresh_from_db()
    assert data.pat.user_id == world.user("viewer").pk


def test_members_still_edit_names_and_may_unlink_their_own_account(world: Any) -> None:
    data = acme(world)
    client = world.api("member")
    renamed = patch(client, f"/api/v1/teams/people/{data.pat.pk}", {"title": "Head of Product"})
    assert renamed.status_code == 200
    assert renamed.json()["title"] == "Head of Product"
    # Re-sending the current link is no change, so no identity decision.
    same = patch(client, f"/api/v1/teams/people/{data.bob.pk}", {"user_id": data.bob.user_id})
    assert same.status_code == 200
    mine = patch(client, f"/api/v1/teams/people/{data.bob.pk}", {"user_id": None})
    assert mine.status_code == 200
    assert mine.json()["user_id"] is None


def test_a_leader_links_an_account_but_never_one_already_linked(world: Any) -> None:
    data = acme(world)
    client = world.api("leader")
    taken = patch(client, f"/api/v1/teams/people/{data.pat.pk}", {"user_id": data.bob.user_id})
    assert taken.status_code == 400
    assert taken.json()["errors"][0]["field"] == "user"
    assert "Bob Builder" in taken.json()["message"]
    data.pat.refresh_from_db()
    assert data.pat.user_id is None
    victor = world.user("viewer")
    linked = patch(client, f"/api/v1/teams/people/{data.pat.pk}", {"user_id": victor.pk})
    assert linked.status_code == 200
    assert linked.json()["user_id"] == victor.pk


def test_the_database_refuses_two_people_linked_to_one_account(world: Any) -> None:
    data = acme(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.for_org(world.org_a).filter(pk=data.pat.pk).update(user_id=data.bob.user_id)


@pytest.mark.parametrize("method", ["patch", "post"])
def test_an_account_of_another_organization_is_refused_like_a_missing_one(
    world: Any, method: str
) -> None:
    """Issue 15, item 7: the answer never tells whether an account exists in another organization."""
    data = acme(world)
    client = world.api("leader")

    def link(user_id: int) -> Any:
        if method == "patch":
            return patch(client, f"/api/v1/teams/people/{data.pat.pk}", {"user_id": user_id})
        body = {"name": "Dana", "email": "dana@acme.test", "user_id": user_id}
        return post(client, "/api/v1/teams/people", body)

    outsider = link(world.user("outsider").pk)
    # Every id that could name an account, and names none here, gets the outsider's answer.
    answers = [link(user_id) for user_id in (987654, 2**63 - 1)]
    assert outsider.status_code == 400
    assert outsider.json()["errors"] == [
        {"field": "user", "message": "That account is not a member of this organization."}
    ]
    for missing in answers:
        assert (missing.status_code, missing.json()) == (outsider.status_code, outsider.json())
    # A value no account can have (not a whole number from 1 to 2**63 - 1) is refused as such,
    # the same for every such value: it tells nothing about any organization's accounts.
    invalid = [link(user_id) for user_id in (0, -1, 2**63, 2**70)]
    assert {answer.status_code for answer in invalid} == {422}
    assert all("user_id" in str(answer.json()) for answer in invalid)
    data.pat.refresh_from_db()
    assert data.pat.user_id is None
    assert not Person.objects.for_org(world.org_a).filter(email="dana@acme.test").exists()


def test_accepting_an_invitation_links_the_person_with_that_address(world: Any) -> None:
    leader = world.membership("leader")
    dana = services.create_person(leader, name="Dana Designer", email="Dana@acme.test")
    invitation = accounts.invite(leader, email="dana@acme.test", role="member")
    user = make_user("dana@acme.test")
    membership = accounts.accept_invitation(user, invitation)
    dana.refresh_from_db()
    assert dana.user_id == user.pk
    assert membership.user_id == user.pk


def test_accepting_never_moves_a_link_that_exists(world: Any) -> None:
    data = acme(world)
    leader = world.membership("leader")
    services.update_person(leader, data.pat, user=world.user("viewer"))
    invitation = accounts.invite(leader, email="pat@acme.test", role="member")
    pat_user = make_user("pat@acme.test")
    accounts.accept_invitation(pat_user, invitation)
    data.pat.refresh_from_db()
    assert data.pat.user_id == world.user("viewer").pk


def test_the_service_refuses_a_second_link_with_a_field_message(world: Any) -> None:
    data = acme(world)
    with pytest.raises(ValidationError) as exc:
        services.update_person(world.membership("owner"), data.pat, user=data.bob.user_id)
    assert "Bob Builder" in str(exc.value.message_dict["user"])
