"""The pilot-selection API: ranked candidates, the recommendation, choices and hunger answers."""

import json

import pytest

from pom.transformation.models import PilotChoice
from pom.transformation.tests import helpers as h

pytestmark = pytest.mark.django_db
BASE = "/api/v1/transformation/pilots"


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_candidates_are_ranked_with_their_criteria(world):
    h.pilot_team(world, "Billing", stage="retire")
    h.pilot_team(world, "Checkout", touch_weeks=6)
    body = world.api("viewer").get(f"{BASE}/candidates").json()
    assert body["count"] == 2
    first = body["items"][0]
    assert (first["team_name"], first["rank"], first["score"]) == ("Checkout", 1, 4.0)
    assert [c["key"] for c in first["criteria"]] == [
        "familiar",
        "hungry",
        "cross_functional",
        "customer_access",
        "stage",
    ]
    assert first["criteria"][1]["meets"] is None
    found = world.api("viewer").get(f"{BASE}/candidates?q=bill").json()
    assert [i["team_name"] for i in found["items"]] == ["Billing"]


def test_the_recommendation_counts_pilots_and_warns(world):
    a, b = h.pilot_team(world, "A"), h.pilot_team(world, "B")
    h.choose(world, a)
    h.choose(world, b)
    body = world.api("viewer").get(f"{BASE}/recommendation").json()
    assert (body["size"], body["recommended"], body["pilots"]) == ("small", 1, 2)
    assert "more than the 1 advised" in body["warnings"][0]


def test_a_leader_chooses_a_pilot_and_gets_the_warnings(world):
    team = h.pilot_team(world, "Checkout", stage="sustain")
    response = post(
        world.api("leader"),
        f"{BASE}/choices",
        {"team_id": team.pk, "reason": "Close to customers."},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["active"] and body["team_name"] == "Checkout"
    assert (
        "Checkout falls short on: reliable customer access, explore or invest stage."
        in body["warnings"]
    )
    ended = post(
        world.api("leader"), f"{BASE}/choices/{body['id']}/end", {"reason": "Stage changed."}
    )
    assert ended.status_code == 200 and ended.json()["ended_on"] is not None
    again = post(world.api("leader"), f"{BASE}/choices/{body['id']}/end", {"reason": "Again."})
    assert again.status_code == 400 and "already ended" in again.json()["message"]


@pytest.mark.parametrize(
    ("body", "field", "status"),
    [
        ({"reason": "x"}, "team_id", 422),
        ({"team_id": 99999, "reason": "x"}, "team_id", 400),
        ({"team_id": "TEAM", "reason": ""}, "reason", 400),
        ({"team_id": "TEAM", "reason": "x", "extra": 1}, "extra", 422),
    ],
)
def test_bad_choices_name_the_field_and_store_nothing(world, body, field, status):
    team = h.pilot_team(world, "Checkout")
    body = {k: (team.pk if v == "TEAM" else v) for k, v in body.items()}
    response = post(world.api("leader"), f"{BASE}/choices", body)
    assert response.status_code == status, response.content
    assert field in [e["field"] for e in response.json()["errors"]]
    assert not PilotChoice.objects.for_org(world.org_a).exists()


def test_a_team_member_answers_hunger_through_the_api(world):
    team = h.pilot_team(world, "Checkout", with_bob=True)
    ok = post(
        world.api("member"),
        f"{BASE}/hunger",
        {"team_id": team.pk, "beginners": 5, "time_to_learn": 5, "feedback": 3},
    )
    assert ok.status_code == 201 and ok.json()["feedback"] == 3
    bad = post(
        world.api("member"),
        f"{BASE}/hunger",
        {"team_id": team.pk, "beginners": 0, "time_to_learn": 5, "feedback": 3},
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "beginners"
    c = world.api("viewer").get(f"{BASE}/candidates/{team.pk}").json()
    assert {x["key"]: x["meets"] for x in c["criteria"]}["hungry"] is True


def test_another_orgs_team_is_404(world):
    team = h.pilot_team(world, "Checkout")
    response = world.api("outsider").get(f"{BASE}/candidates/{team.pk}")
    assert response.status_code == 404
