"""The teams API: CRUD, filters matching the UI, figures in team payloads, clear errors."""

from __future__ import annotations

import json
from typing import Any

from pom.teams import services
from pom.teams.models import Team, TeamMember, TeamRole
from pom.teams.tests.helpers import acme


def post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def patch(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.patch(url, data=json.dumps(body), content_type="application/json")


def test_team_payloads_carry_the_figures(world: Any) -> None:
    data = acme(world)
    body = world.api("viewer").get(f"/api/v1/teams/{data.team.pk}").json()
    assert body["slug"] == "checkout"
    assert body["figures"]["missing_trio"] == ["product_designer"]
    assert body["figures"]["trio_complete"] is False
    assert body["figures"]["size"] == 2
    assert body["figures"]["has_coach"] is False
    assert [m["person_name"] for m in body["members"]] == ["Pat Product", "Bob Builder"]
    listed = world.api("viewer").get("/api/v1/teams").json()
    assert listed["count"] == 1
    assert listed["items"][0]["figures"]["missing_trio"] == ["product_designer"]


def test_a_leader_builds_a_team_through_the_api(world: Any) -> None:
    client = world.api("leader")
    area = post(client, "/api/v1/teams/areas", {"name": "Growth"}).json()
    coach = post(client, "/api/v1/teams/people", {"name": "Cory Coach", "email": "cory@acme.test"})
    assert coach.status_code == 201
    created = post(
        client,
        "/api/v1/teams",
        {
            "name": "Onboarding",
            "mission": "New customers succeed in their first week",
            "product_area_id": area["id"],
            "coach_id": coach.json()["id"],
            "operating_mode": "project",
            "formed_on": "2025-02-01",
        },
    )
    assert created.status_code == 201, created.content
    team = created.json()
    assert team["slug"] == "onboarding"
    assert team["figures"]["project_mode"] is True
    pm = post(client, "/api/v1/teams/people", {"name": "Pia", "email": "pia@acme.test"}).json()
    added = post(
        client,
        "/api/v1/teams/members",
        {"team_id": team["id"], "person_id": pm["id"], "role": "product_manager", "allocation": 80},
    )
    assert added.status_code == 201
    changed = patch(client, f"/api/v1/teams/members/{added.json()['id']}", {"allocation": 50})
    assert changed.json()["allocation"] == 50
    renamed = patch(client, f"/api/v1/teams/{team['id']}", {"operating_mode": "product"})
    assert renamed.json()["figures"]["project_mode"] is False
    assert client.delete(f"/api/v1/teams/{team['id']}").status_code == 204
    assert world.api("viewer").get("/api/v1/teams").json()["count"] == 0
    assert world.api("viewer").get("/api/v1/teams", {"archived": "true"}).json()["count"] == 1


def test_list_filters_match_the_ui(world: Any) -> None:
    data = acme(world)
    leader = world.membership("leader")
    services.create_team(leader, name="Legacy Billing", operating_mode="project")
    client = world.api("viewer")

    def names(**params: Any) -> list[str]:
        return [t["name"] for t in client.get("/api/v1/teams", params).json()["items"]]

    assert names(mode="project") == ["Legacy Billing"]
    assert names(area=str(data.area.pk)) == ["Checkout"]
    assert names(area="none") == ["Legacy Billing"]
    assert names(gap="trio") == ["Checkout", "Legacy Billing"]
    assert names(gap="project") == ["Legacy Billing"]
    assert names(q="friction") == ["Checkout"]
    bad = client.get("/api/v1/teams", {"mode": "waterfall"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "mode"


def test_the_members_list_filters_by_team_person_and_role(world: Any) -> None:
    data = acme(world)
    leader = world.membership("leader")
    other = services.create_team(leader, name="Legacy Billing", operating_mode="project")
    services.add_member(leader, other, person=data.pat, role=TeamRole.PRODUCT_MANAGER)
    client = world.api("viewer")

    def rows(**params: Any) -> list[tuple[str, str]]:
        items = client.get("/api/v1/teams/members", params).json()["items"]
        return [(m["person_name"], m["role"]) for m in items]

    assert len(rows()) == 3
    assert rows(team_id=other.pk) == [("Pat Product", "product_manager")]
    assert rows(person_id=data.bob.pk) == [("Bob Builder", "tech_lead")]
    assert rows(team_id=data.team.pk, role="product_manager") == [
        ("Pat Product", "product_manager")
    ]
    bad = client.get("/api/v1/teams/members", {"role": "boss"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "role"


def test_bad_input_names_the_field(world: Any) -> None:
    data = acme(world)
    client = world.api("leader")
    dup = post(client, "/api/v1/teams", {"name": "Checkout again", "slug": "checkout"})
    assert dup.status_code == 400
    assert dup.json()["errors"][0]["field"] == "slug"
    # The schema declares the range (1–100), so the API refuses 150 before any service runs.
    over = patch(client, f"/api/v1/teams/members/{data.member.pk}", {"allocation": 150})
    assert over.status_code == 422
    (error,) = over.json()["errors"]
    assert error["field"] == "allocation" and "100" in error["message"]
    role = patch(client, f"/api/v1/teams/members/{data.member.pk}", {"role": "wizard"})
    assert role.status_code == 422
    assert role.json()["errors"][0]["field"] == "role"
    extra = post(client, "/api/v1/teams", {"name": "X", "colour": "red"})
    assert extra.status_code == 422
    assert TeamMember.objects.for_org(world.org_a).get(pk=data.member.pk).allocation == 60


def test_a_person_from_another_organization_is_refused_by_id(world: Any) -> None:
    data = acme(world)
    stranger = services.create_person(
        world.membership("outsider_owner"), name="Mal", email="mal@bluth.test"
    )
    response = post(
        world.api("leader"),
        "/api/v1/teams/members",
        {"team_id": data.team.pk, "person_id": stranger.pk},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "person"
    assert "no person with id" in response.json()["message"]


def test_another_organizations_team_is_a_404(world: Any) -> None:
    data = acme(world)
    client = world.api("outsider")
    assert client.get(f"/api/v1/teams/{data.team.pk}").status_code == 404
    assert patch(client, f"/api/v1/teams/{data.team.pk}", {"name": "Mine"}).status_code == 404
    assert Team.objects.for_org(world.org_a).get().name == "Checkout"


def test_export_and_import_round_trip_through_the_api(world: Any) -> None:
    acme(world)
    exported = world.api("viewer").get("/api/v1/teams/export")
    assert exported["content-type"].startswith("application/yaml")
    text = exported.content.decode()
    owner_b = world.api("outsider_owner")
    preview = post(owner_b, "/api/v1/teams/import", {"kind": "yaml", "content": text})
    assert preview.status_code == 200
    assert preview.json()["applied"] is False
    assert Team.objects.for_org(world.org_b).count() == 0
    applied = post(
        owner_b, "/api/v1/teams/import", {"kind": "yaml", "content": text, "apply": True}
    )
    assert applied.json()["applied"] is True
    assert Team.objects.for_org(world.org_b).get().slug == "checkout"


def test_an_import_with_problems_is_a_400_naming_row_and_column(world: Any) -> None:
    response = post(
        world.api("leader"),
        "/api/v1/teams/import",
        {"kind": "csv", "content": "name,email\nAnn,not-an-email\n"},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "row 2: email"


def test_out_of_range_numbers_never_reach_the_database(world: Any) -> None:
    """Issue 15, item 4: a huge or infinite number is a field message, never a 500."""
    data = acme(world)
    client = world.api("leader")
    huge = patch(client, f"/api/v1/teams/members/{data.member.pk}", {"allocation": 10**30})
    assert huge.status_code == 422
    assert huge.json()["errors"][0]["field"] == "allocation"
    limit = client.put(
        "/api/v1/teams/settings",
        data=json.dumps({"team_size_limit": 40000}),
        content_type="application/json",
    )
    assert limit.status_code == 422
    assert limit.json()["errors"][0]["field"] == "team_size_limit"
    assert world.client("leader").get(f"/teams/{data.team.slug}/").status_code == 200
