"""Personal API tokens: shown once, stored hashed, revocable, and acting in one organization."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.fixtures import World

from pom.accounts import services
from pom.accounts.models import ApiToken

REFUSED = "This token is not valid: it is unknown, revoked or expired."


def bearer(raw: str) -> Client:
    return Client(headers={"authorization": f"Bearer {raw}"})


def post_json(client: Client, url: str, body: dict[str, object], **extra: object) -> object:
    return client.post(url, data=json.dumps(body), content_type="application/json", **extra)


def every_stored_value() -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiToken._meta.db_table}")  # noqa: S608 — a fixed table name
        return repr(cursor.fetchall())


def test_a_new_token_is_shown_once_and_only_its_hash_is_stored(world: World) -> None:
    response = post_json(world.api("owner"), "/api/v1/tokens", {"name": "CI export"})
    assert response.status_code == 201
    raw = response.json()["token"]
    assert raw.startswith("pom_")
    stored = ApiToken.objects.for_org(world.org_a).get(pk=response.json()["id"])
    assert stored.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in every_stored_value()
    listed = world.api("owner").get("/api/v1/tokens").json()["items"]
    assert all("token" not in t for t in listed)
    assert raw not in world.client("owner").get(reverse("accounts:tokens")).content.decode()


def test_the_tokens_page_shows_the_new_secret_once(world: World) -> None:
    client = world.client("member")
    created = client.post(reverse("accounts:tokens"), {"name": "laptop", "expires_in_days": "30"})
    assert created.status_code == 200
    raw = created.context["created_raw"]
    assert raw in created.content.decode()
    assert "It is shown only this once" in created.content.decode()
    assert raw not in client.get(reverse("accounts:tokens")).content.decode()
    token = ApiToken.objects.for_org(world.org_a).get(name="laptop")
    assert token.expires_at is not None
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)


def test_a_token_without_a_name_is_refused_by_field(world: World) -> None:
    response = post_json(world.api("owner"), "/api/v1/tokens", {"name": ""})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "name"


def test_using_a_token_records_when_it_was_last_used(world: World) -> None:
    token, raw = services.create_token(world.membership("member"), name="script")
    assert token.last_used_at is None
    assert bearer(raw).get("/api/v1/me").status_code == 200
    used = ApiToken.objects.for_org(world.org_a).get(pk=token.pk).last_used_at
    assert used is not None
    assert timezone.now() - used < timedelta(seconds=30)


def test_a_revoked_token_is_refused_with_a_clear_message(world: World) -> None:
    token, raw = services.create_token(world.membership("member"), name="script")
    assert bearer(raw).get("/api/v1/me").status_code == 200
    revoked = bearer(raw).delete(f"/api/v1/tokens/{token.pk}")
    assert revoked.status_code == 204
    response = bearer(raw).get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == {"message": REFUSED, "errors": []}


def test_an_expired_token_is_refused(world: World) -> None:
    token, raw = services.create_token(world.membership("member"), name="old", expires_in_days=1)
    ApiToken.objects.for_org(world.org_a).filter(pk=token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = bearer(raw).get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["message"] == REFUSED


def test_an_unknown_or_malformed_token_is_refused(world: World) -> None:
    for raw in ("pom_made-up", "nonsense"):
        response = bearer(raw).get("/api/v1/me")
        assert response.status_code == 401
        assert response.json()["message"] == REFUSED


def test_no_credentials_at_all_says_how_to_authenticate(db: object) -> None:
    response = Client().get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["message"] == (
        "Sign in, or send a token as 'Authorization: Bearer <token>'."
    )


def test_a_token_acts_only_in_the_organization_it_was_made_in(world: World) -> None:
    alice = world.user("owner")
    assert alice is not None
    services.create_organization(alice, name="Zeta Side Project")
    _, raw = services.create_token(world.membership("owner"), name="acme only")
    me = bearer(raw).get("/api/v1/me").json()
    assert me["organization"]["name"] == "Acme"
    assert [m["organization"]["name"] for m in me["memberships"]] == ["Acme"]
    orgs = bearer(raw).get("/api/v1/organizations").json()["items"]
    assert [o["name"] for o in orgs] == ["Acme"]
    # The browser session sees both.
    session = world.client("owner").get("/api/v1/organizations").json()["items"]
    assert sorted(o["name"] for o in session) == ["Acme", "Zeta Side Project"]


def test_someone_elses_token_cannot_be_revoked_through_the_api(world: World) -> None:
    # Only owners revoke others' tokens (test_token_revocation.py); a leader cannot.
    token, raw = services.create_token(world.membership("member"), name="bob's")
    assert world.api("leader").delete(f"/api/v1/tokens/{token.pk}").status_code == 404
    assert bearer(raw).get("/api/v1/me").status_code == 200


def test_bearer_and_session_authentication_both_work(world: World) -> None:
    assert world.api("member").get("/api/v1/me").json()["user"]["email"] == "bob@acme.test"
    assert world.client("member").get("/api/v1/me").json()["user"]["email"] == "bob@acme.test"


def test_session_writes_need_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    user = world.user("member")
    assert user is not None
    client.force_login(user)
    refused = post_json(client, "/api/v1/tokens", {"name": "from the browser"})
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["message"]
    assert not ApiToken.objects.for_org(world.org_a).filter(name="from the browser").exists()

    client.get(reverse("accounts:tokens"))
    csrf = client.cookies["csrftoken"].value
    accepted = post_json(
        client, "/api/v1/tokens", {"name": "from the browser"}, headers={"X-CSRFToken": csrf}
    )
    assert accepted.status_code == 201


def test_bearer_writes_need_no_csrf_token(world: World) -> None:
    _, raw = services.create_token(world.membership("member"), name="script")
    client = Client(enforce_csrf_checks=True, headers={"authorization": f"Bearer {raw}"})
    assert post_json(client, "/api/v1/tokens", {"name": "made by a script"}).status_code == 201


def test_revoking_on_the_tokens_page_stops_the_token_and_marks_it_revoked(world: World) -> None:
    token, raw = services.create_token(world.membership("member"), name="laptop")
    client = world.client("member")
    response = client.post(reverse("accounts:token_revoke", args=[token.pk]), follow=True)
    content = response.content.decode()
    assert "Token “laptop” revoked; programs using it are now refused." in content
    assert "revoked" in content
    assert bearer(raw).get("/api/v1/me").status_code == 401


def test_the_tokens_page_answers_htmx_with_only_the_list(world: World) -> None:
    response = world.client("member").post(
        reverse("accounts:tokens"), {"name": "via htmx"}, headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert "Copy your new token now." in content
    assert "<html" not in content
