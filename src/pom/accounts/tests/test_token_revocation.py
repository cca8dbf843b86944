"""Owners stop anyone's token; a new password ends every token (issue 15, item 6)."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client
from tests.fixtures import PASSWORD, World

from pom.accounts import services
from pom.accounts.models import ApiToken


def bearer(raw: str) -> Client:
    return Client(headers={"authorization": f"Bearer {raw}"})


def test_an_owner_lists_and_revokes_a_members_token_through_the_api(world: World) -> None:
    token, raw = services.create_token(world.membership("member"), name="bob's CI")
    owner = world.api("owner")
    listed = owner.get("/api/v1/tokens").json()["items"]
    assert {"bob@acme.test"} <= {t["user_email"] for t in listed}
    assert owner.delete(f"/api/v1/tokens/{token.pk}").status_code == 204
    assert bearer(raw).get("/api/v1/me").status_code == 401


def test_an_owner_revokes_a_members_token_on_the_tokens_page(world: World) -> None:
    token, _raw = services.create_token(world.membership("member"), name="bob's laptop")
    client = world.client("owner")
    page = client.get("/accounts/tokens/").content.decode()
    assert "Other members' tokens" in page and "bob&#x27;s laptop" in page
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_members_and_leaders_cannot_see_or_revoke_others_tokens(world: World) -> None:
    token, raw = services.create_token(world.membership("member"), name="bob's CI")
    for persona in ("leader", "viewer"):
        api = world.api(persona)
        assert token.pk not in {t["id"] for t in api.get("/api/v1/tokens").json()["items"]}
        assert api.delete(f"/api/v1/tokens/{token.pk}").status_code == 404
        page = world.client(persona).post(f"/accounts/tokens/{token.pk}/revoke/")
        assert page.status_code == 404
    assert bearer(raw).get("/api/v1/me").status_code == 200


def test_an_outsider_owner_cannot_revoke_a_token_of_another_organization(world: World) -> None:
    token, raw = services.create_token(world.membership("member"), name="bob's CI")
    assert world.api("outsider_owner").delete(f"/api/v1/tokens/{token.pk}").status_code == 404
    assert bearer(raw).get("/api/v1/me").status_code == 200


def test_a_password_reset_ends_every_token_of_the_user(world: World) -> None:
    _, raw = services.create_token(world.membership("member"), name="bob's CI")
    assert bearer(raw).get("/api/v1/me").status_code == 200
    client = Client()
    client.post("/accounts/password/reset/", {"email": "bob@acme.test"})
    link = re.search(r"/accounts/password/reset/[^/\s]+/[^/\s]+/", mail.outbox[-1].body)
    assert link is not None
    form = client.get(link.group(0), follow=True)
    assert (
        client.post(
            form.request["PATH_INFO"],
            {
                "new_password1": "a-whole-new-passphrase-9",
                "new_password2": "a-whole-new-passphrase-9",
            },
        ).status_code
        == 302
    )
    assert bearer(raw).get("/api/v1/me").status_code == 401
    assert (
        ApiToken.objects.unscoped().filter(user__email="bob@acme.test", revoked_at=None).count()
        == 0
    )
    # A token made after the reset works.
    _, fresh = services.create_token(world.membership("member"), name="new CI")
    assert bearer(fresh).get("/api/v1/me").status_code == 200


def test_password_reset_requests_are_rate_limited(world: World) -> None:
    client = Client()
    answers = [
        client.post("/accounts/password/reset/", {"email": "bob@acme.test"}).status_code
        for _ in range(7)
    ]
    assert answers[:5] == [302] * 5
    assert answers[-1] == 429
    assert len(mail.outbox) == 5


def test_saving_a_user_without_a_new_password_keeps_their_tokens(world: World) -> None:
    _, raw = services.create_token(world.membership("member"), name="bob's CI")
    services.update_profile(world.user("member"), full_name="Robert")
    assert bearer(raw).get("/api/v1/me").status_code == 200
    assert PASSWORD
