"""The discovery API as a program uses it: push evidence, grow and reshape a tree, search, import."""

from __future__ import annotations

import json
from typing import Any

from pom.discovery.models import Opportunity, Touchpoint
from pom.discovery.tests import helpers as h


def post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_pushing_the_same_evidence_twice_changes_nothing(world: Any) -> None:
    api, team = world.api("member"), h.team(world)
    body = {
        "team_id": team.pk,
        "external_id": "gong:42",
        "happened_on": str(h.days_ago(1)),
        "kind": "sales_call",
        "customer_name": "Ann",
        "insights": [{"text": "Exports take forever", "tags": ["export"]}],
    }
    first = post(api, "/api/v1/discovery/evidence", body)
    assert first.status_code == 201 and first.json()["created"] is True
    assert first.json()["touchpoint"]["insights"][0]["tags"] == ["export"]
    again = post(api, "/api/v1/discovery/evidence", body)
    assert again.status_code == 200 and again.json()["created"] is False
    assert Touchpoint.objects.for_org(world.org_a).count() == 1


def test_bad_evidence_gets_field_errors_and_writes_nothing(world: Any) -> None:
    api, team = world.api("member"), h.team(world)
    future = post(
        api, "/api/v1/discovery/touchpoints", {"team_id": team.pk, "happened_on": "2999-01-01"}
    )
    assert future.status_code == 400
    assert future.json()["errors"][0]["field"] == "happened_on"
    empty = post(
        api,
        "/api/v1/discovery/touchpoints",
        {"team_id": team.pk, "happened_on": str(h.days_ago(1)), "insights": [{"text": " "}]},
    )
    assert empty.status_code == 400
    assert empty.json()["errors"][0]["field"] == "insights.0.text"
    assert Touchpoint.objects.for_org(world.org_a).count() == 0


def test_grow_and_reshape_a_tree_through_the_api(world: Any) -> None:
    api, team = world.api("member"), h.team(world)
    outcome = h.outcome(world, team)
    top = post(
        api,
        "/api/v1/discovery/opportunities",
        {"outcome_id": outcome.pk, "title": "I can't find orders"},
    ).json()
    child = post(
        api,
        "/api/v1/discovery/opportunities",
        {"parent_id": top["id"], "title": "Search misses old orders"},
    ).json()
    assert child["outcome_id"] == outcome.pk and child["team_id"] == team.pk
    post(
        api,
        "/api/v1/discovery/solutions",
        {"opportunity_id": child["id"], "title": "Index archived orders"},
    )
    cycle = post(
        api, f"/api/v1/discovery/opportunities/{top['id']}/move", {"parent_id": child["id"]}
    )
    assert cycle.status_code == 400 and "inside its own subtree" in cycle.json()["message"]
    tree = api.get(f"/api/v1/discovery/outcomes/{outcome.pk}/tree").json()
    assert tree["nodes"] == 4
    node = tree["tree"]["children"][0]["children"][0]
    assert node["title"] == "Search misses old orders"
    assert node["children"][0]["kind"] == "solution"
    moved = post(api, f"/api/v1/discovery/opportunities/{child['id']}/move", {"parent_id": None})
    assert moved.status_code == 200 and moved.json()["parent_id"] is None


def test_search_and_link_insights_through_the_api(world: Any) -> None:
    api, team = world.api("member"), h.team(world)
    outcome = h.outcome(world, team)
    opp = post(
        api, "/api/v1/discovery/opportunities", {"outcome_id": outcome.pk, "title": "Invoices"}
    ).json()
    insight = post(
        api,
        "/api/v1/discovery/insights",
        {"team_id": team.pk, "text": "Invoice PDFs are unreadable", "tags": ["Billing"]},
    ).json()
    post(api, "/api/v1/discovery/insights", {"team_id": team.pk, "text": "Love the dashboard"})
    found = api.get("/api/v1/discovery/insights?q=invoice pdf").json()
    assert [i["id"] for i in found["items"]] == [insight["id"]]
    assert api.get("/api/v1/discovery/insights?tag=billing").json()["count"] == 1
    assert (
        post(
            api, f"/api/v1/discovery/insights/{insight['id']}/opportunities/{opp['id']}", {}
        ).status_code
        == 204
    )
    assert api.get(f"/api/v1/discovery/opportunities/{opp['id']}").json()["evidence_count"] == 1
    assert api.get(f"/api/v1/discovery/insights?opportunity_id={opp['id']}").json()["count"] == 1


def test_import_preview_reports_rows_and_apply_is_all_or_nothing(world: Any) -> None:
    api, team = world.api("member"), h.team(world)
    bad = {
        "team_id": team.pk,
        "format": "csv",
        "content": "date,text\n2026-01-02,ok\nnot-a-date,x\n",
    }
    preview = post(api, "/api/v1/discovery/imports/preview", bad).json()
    assert preview["ok"] is False and preview["errors"] == [
        {"line": 3, "message": "'not-a-date' is not a date (use YYYY-MM-DD)."}
    ]
    refused = post(api, "/api/v1/discovery/imports", bad)
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "file"
    assert api.get("/api/v1/discovery/insights").json()["count"] == 0
    good = {**bad, "content": "date,customer,text\n2026-01-02,Ann,ok\n"}
    assert post(api, "/api/v1/discovery/imports", good).json() == {"touchpoints": 1, "insights": 1}


def test_another_organizations_objects_are_not_found(world: Any) -> None:
    team = h.team(world)
    outcome = h.outcome(world, team)
    mallory = world.api("outsider")
    assert mallory.get(f"/api/v1/discovery/outcomes/{outcome.pk}/tree").status_code == 404
    response = post(
        mallory, "/api/v1/discovery/opportunities", {"outcome_id": outcome.pk, "title": "x"}
    )
    assert response.status_code == 400 and "No outcome with id" in response.json()["message"]


def test_the_team_page_shows_the_discovery_panel(world: Any) -> None:
    from pom.discovery import services

    team = h.team(world)
    bob = world.membership("member")
    services.record_touchpoint(bob, team=team, happened_on=h.days_ago(0))
    opp = services.create_opportunity(bob, outcome=h.outcome(world, team), title="I can't reorder")
    services.set_target(bob, opp)
    html = world.client("member").get(f"/teams/{team.slug}/").content.decode()
    assert "1 week in a row" in html and "I can&#x27;t reorder" in html
    assert "Log a touchpoint" in html
    assert (
        "Log a touchpoint"
        not in world.client("viewer").get(f"/teams/{team.slug}/").content.decode()
    )


def test_a_null_attendee_list_clears_the_attendees_and_a_huge_id_is_refused(world: Any) -> None:
    api, team = world.api("member"), h.team(world)
    ann = h.person(world, "Ann Attendee")
    made = post(
        api,
        "/api/v1/discovery/touchpoints",
        {"team_id": team.pk, "happened_on": str(h.days_ago(1)), "attendee_ids": [ann.pk]},
    ).json()
    url = f"/api/v1/discovery/touchpoints/{made['id']}"
    cleared = api.patch(url, json.dumps({"attendee_ids": None}), content_type="application/json")
    assert cleared.status_code == 200
    assert not Touchpoint.objects.for_org(world.org_a).get(pk=made["id"]).attendees.exists()
    huge = api.patch(url, json.dumps({"attendee_ids": [2**70]}), content_type="application/json")
    assert huge.status_code == 422
    assert huge.json()["errors"][0]["field"] == "attendee_ids.0"
    many = api.patch(
        url, json.dumps({"attendee_ids": list(range(1, 1002))}), content_type="application/json"
    )
    assert many.status_code == 422
    assert many.json()["errors"][0]["field"] == "attendee_ids"
    filtered = api.get("/api/v1/discovery/inputs", {"team_id": 2**70})
    assert filtered.status_code == 422
    assert filtered.json()["errors"][0]["field"] == "team_id"


def test_a_position_past_any_tree_is_refused_naming_it_and_nothing_moves(world: Any) -> None:
    # 2**31 overflowed PostgreSQL's integer column: a 500 instead of a message.
    api, team = world.api("member"), h.team(world)
    outcome = h.outcome(world, team)
    opp = post(
        api, "/api/v1/discovery/opportunities", {"outcome_id": outcome.pk, "title": "Invoices"}
    ).json()
    for position in (2**31, 1_000_001, -1):
        refused = post(
            api, f"/api/v1/discovery/opportunities/{opp['id']}/move", {"position": position}
        )
        assert refused.status_code == 422, position
        assert refused.json()["errors"][0]["field"] == "position"
    moved = post(api, f"/api/v1/discovery/opportunities/{opp['id']}/move", {"position": 3})
    assert moved.status_code == 200
    assert Opportunity.objects.for_org(world.org_a).get(pk=opp["id"]).position == 3
