"""Bad input to the API gets one JSON error format with a 4xx code, and lists are paginated."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings
from tests.fixtures import World, add_member, make_user

from pom.accounts.models import Invitation


def post_raw(client: Client, url: str, body: str) -> object:
    return client.post(url, data=body, content_type="application/json")


def test_malformed_json_is_a_400_with_a_message(world: World) -> None:
    response = post_raw(world.api("owner"), "/api/v1/invitations", '{"email": "nina@')
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"message": "The request body is not valid JSON.", "errors": []}
    assert not Invitation.objects.for_org(world.org_a).filter(email__startswith="nina").exists()


def test_an_unknown_field_is_a_422_naming_the_field(world: World) -> None:
    response = post_raw(
        world.api("owner"),
        "/api/v1/invitations",
        json.dumps({"email": "nina@example.test", "favourite_colour": "teal"}),
    )
    assert response.status_code == 422
    body = response.json()
    assert body["message"] == "The request has invalid fields."
    assert [e["field"] for e in body["errors"]] == ["favourite_colour"]
    assert not Invitation.objects.for_org(world.org_a).filter(email__startswith="nina").exists()


def test_a_missing_field_is_a_422_naming_the_field(world: World) -> None:
    response = post_raw(world.api("owner"), "/api/v1/invitations", json.dumps({"role": "member"}))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "email"


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1_000)
def test_an_oversized_body_is_a_413(world: World) -> None:
    body = json.dumps({"name": "x" * 2_000})
    response = post_raw(world.api("owner"), "/api/v1/tokens", body)
    assert response.status_code == 413
    assert response.json()["message"] == "The request body is larger than the 1,000 bytes allowed."


def test_an_invalid_email_is_an_error_on_the_email_field(world: World) -> None:
    response = post_raw(
        world.api("owner"), "/api/v1/invitations", json.dumps({"email": "not-an-address"})
    )
    assert response.status_code == 400
    assert response.json() == {
        "message": "Enter a valid email address.",
        "errors": [{"field": "email", "message": "Enter a valid email address."}],
    }


def test_a_wrong_type_in_a_path_is_a_422_not_a_500(world: World) -> None:
    response = world.api("owner").delete("/api/v1/memberships/not-a-number")
    assert response.status_code in (404, 422)
    assert "message" in response.json()


def test_lists_say_how_many_rows_and_pages_there_are(world: World) -> None:
    owner = world.membership("owner")
    for i in range(7):
        add_member(owner, make_user(f"extra{i}@acme.test"), "member")
    api = world.api("owner")
    first = api.get("/api/v1/memberships", {"page_size": 5}).json()
    assert (first["count"], first["page"], first["pages"], len(first["items"])) == (12, 1, 3, 5)
    last = api.get("/api/v1/memberships", {"page_size": 5, "page": 3}).json()
    assert len(last["items"]) == 2
    everyone = {
        m["user"]["email"]
        for p in (1, 2, 3)
        for m in api.get("/api/v1/memberships", {"page_size": 5, "page": p}).json()["items"]
    }
    assert len(everyone) == 12


def test_a_page_size_above_the_cap_is_refused_by_name(world: World) -> None:
    response = world.api("owner").get("/api/v1/memberships", {"page_size": 501})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "page_size"
    assert world.api("owner").get("/api/v1/memberships", {"page_size": 500}).status_code == 200


def test_a_page_number_below_one_is_refused(world: World) -> None:
    response = world.api("owner").get("/api/v1/memberships", {"page": 0})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "page"


def test_a_page_past_the_end_is_empty_and_an_absurd_page_is_refused(world: World) -> None:
    api = world.api("owner")
    past = api.get("/api/v1/memberships", {"page": 1_000_000})
    assert past.status_code == 200
    assert (past.json()["items"], past.json()["count"], past.json()["pages"]) == ([], 5, 1)
    for page in (1_000_001, 10**30):
        response = api.get("/api/v1/memberships", {"page": page, "page_size": 500})
        assert response.status_code == 422, page
        assert response.json()["errors"][0]["field"] == "page"


@pytest.mark.parametrize("method", ["get", "post", "patch", "delete"])
@pytest.mark.parametrize("path", ["/api/v1/teams/abc", "/api/v1/teams/people/1%2C2"])
def test_an_ill_typed_id_answers_json_even_with_csrf_checks(
    world: World, method: str, path: str
) -> None:
    # A token client sends no CSRF cookie: a mistyped path must still get the API's JSON answer.
    world.api("owner")
    client = Client(
        enforce_csrf_checks=True, headers={"authorization": f"Bearer {world.tokens['owner']}"}
    )
    response = getattr(client, method)(path)
    assert response.status_code == 404
    assert response.json()["message"].startswith("No API operation at")


@pytest.mark.parametrize(
    ("method", "path", "params", "field"),
    [
        ("delete", f"/api/v1/memberships/{2**70}", {}, "membership_id"),
        ("get", "/api/v1/strategy/outcomes", {"bet": -(2**70)}, "bet"),
        ("get", "/api/v1/metrics/definitions", {"source_id": 2**70}, "source_id"),
        ("get", "/api/v1/discovery/decisions", {"team_id": 0}, "team_id"),
    ],
)
def test_an_id_no_database_can_hold_is_a_422_naming_it(
    world: World, method: str, path: str, params: dict[str, int], field: str
) -> None:
    # A larger one reached SQLite and overflowed ("Python int too large"): a 500.
    response = getattr(world.api("owner"), method)(path, params)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


def test_the_openapi_schema_describes_the_endpoints(db: object) -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "pom API"
    for path in ("/api/v1/me", "/api/v1/memberships", "/api/v1/tokens", "/api/v1/audit"):
        assert path in schema["paths"]
    assert {"TokenAuth", "BrowserSessionAuth"} <= set(schema["components"]["securitySchemes"])


def test_the_interactive_api_docs_load(db: object) -> None:
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    assert "openapi.json" in response.content.decode()
