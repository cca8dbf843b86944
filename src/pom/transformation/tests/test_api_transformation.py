"""The transformation API: readiness assessments with their verdict and comparison."""

import json
from datetime import date

import pytest

from pom.transformation.models import ReadinessAssessment
from pom.transformation.tests import helpers as h

pytestmark = pytest.mark.django_db
URL = "/api/v1/transformation/readiness"


def post(client, body):
    return client.post(URL, data=json.dumps(body), content_type="application/json")


def test_taking_an_assessment_returns_its_verdict_and_first_step(world):
    response = post(world.api("leader"), {"ceo_belief": 3, "coaching_capacity": 0})
    assert response.status_code == 201
    body = response.json()
    assert body["verdict"] == "not_yet"
    assert body["first_step"].startswith("Build the CEO's case")
    assert [g["key"] for g in body["gaps"]] == ["ceo_belief", "pain", "sponsor", "coaching"]
    assert body["previous_id"] is None and body["changes"] == []


def test_one_assessment_carries_the_comparison_with_the_one_before(world):
    first = h.early(world, on=date(2026, 1, 15))
    second = h.assessment(world, assessed_on=date(2026, 6, 1))
    body = world.api("viewer").get(f"{URL}/{second.pk}").json()
    assert body["previous_id"] == first.pk
    assert {c["label"]: c["direction"] for c in body["changes"]}["Verdict"] == "better"


def test_the_list_is_newest_first_and_paginated(world):
    h.early(world, on=date(2026, 1, 15))
    h.assessment(world, assessed_on=date(2026, 6, 1))
    body = world.api("viewer").get(URL).json()
    assert body["count"] == 2
    assert [i["assessed_on"] for i in body["items"]] == ["2026-06-01", "2026-01-15"]
    assert body["items"][0]["verdict_label"] == "Ready to start pilots"


@pytest.mark.parametrize(
    ("body", "field", "status"),
    [
        ({"ceo_belief": 7}, "ceo_belief", 422),
        ({"ceo_belief": 4, "surprise": 1}, "surprise", 422),
        ({"ceo_belief": 4, "pain_lost_share": True}, "pain_evidence", 400),
        ({"ceo_belief": 4, "assessed_on": "2999-01-01"}, "assessed_on", 400),
    ],
)
def test_bad_input_is_a_field_error_and_nothing_is_stored(world, body, field, status):
    response = post(world.api("leader"), body)
    assert response.status_code == status, response.content
    assert field in [e["field"] for e in response.json()["errors"]]
    assert not ReadinessAssessment.objects.for_org(world.org_a).exists()


def test_an_outsider_gets_404_for_another_orgs_assessment(world):
    a = h.assessment(world)
    response = world.api("outsider").get(f"{URL}/{a.pk}")
    assert response.status_code == 404
    assert response.json()["message"] == f"No readiness assessment with id {a.pk}."


def test_a_null_team_list_on_a_wave_clears_its_teams(world):
    from pom.transformation.services import rollout

    team = h.pilot_team(world, "Wave team")
    wave = rollout.plan_wave(
        h.leader(world), name="Wave 1", starts_on=h.days_ago(-30), team_ids=[team.pk]
    )
    response = world.api("leader").patch(
        f"/api/v1/transformation/waves/{wave.pk}",
        data=json.dumps({"team_ids": None}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert not wave.teams.exists()
