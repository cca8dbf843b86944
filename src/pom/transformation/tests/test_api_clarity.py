"""The clarity pulse through the API: create, list, report, close, and answer with a link's
token (no sign-in)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core import mail

from pom.core.validation import today
from pom.transformation.models import PulseAnswer
from pom.transformation.tests import helpers as h

pytestmark = pytest.mark.django_db

BASE = "/api/v1/transformation/clarity"


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_a_leader_creates_a_pulse_and_people_are_emailed(world, django_capture_on_commit_callbacks):
    team = h.crew(world, "Payments", 2)
    h.crew(world, "Mobile", 1)
    closes = f"{today() + timedelta(days=7):%Y-%m-%d}"
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            world.api("leader"),
            f"{BASE}/pulses",
            {"title": "Monday", "audience": "teams", "team_ids": [team.pk], "closes_on": closes},
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["invited"] == 2 and body["answered"] == 0 and body["team_ids"] == [team.pk]
    assert body["status"] == "open" and "three most important" in body["questions"]["priorities"]
    assert len(mail.outbox) == 2
    listed = world.api("viewer").get(f"{BASE}/pulses").json()
    assert [p["id"] for p in listed["items"]] == [body["id"]]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"title": "", "closes_on": "2099-01-01"}, 400, "title"),
        ({"title": "T", "closes_on": "2099-01-01"}, 400, "closes_on"),
        ({"title": "T"}, 422, "closes_on"),
        ({"title": "T", "closes_on": "2099-01-01", "audience": "all"}, 422, "audience"),
        ({"title": "T", "closes_on": "2099-01-01", "colour": "red"}, 422, "colour"),
        ({"title": "T", "audience": "teams", "closes_on": "2099-01-01"}, 400, "team_ids"),
    ],
)
def test_bad_pulses_are_refused_naming_the_field(world, body, status, field):
    h.crew(world, "Payments", 1)
    response = post(world.api("leader"), f"{BASE}/pulses", body)
    assert response.status_code == status, response.content
    assert field in {e["field"].split(".")[-1] for e in response.json()["errors"]}


def test_answering_through_the_api_counts_once_and_refuses_forged_links(world):
    h.crew(world, "Payments", 1)
    pulse = h.pulse(world)
    token = h.tokens(pulse)[0]
    anonymous = world.api("anonymous")
    answer = {"pulse_id": pulse.pk, "token": token, "priorities": ["Faster payouts"]}
    assert post(anonymous, f"{BASE}/answer", answer).status_code == 201
    again = post(anonymous, f"{BASE}/answer", answer)
    assert again.status_code == 400 and "already answered" in again.json()["message"]
    forged = post(anonymous, f"{BASE}/answer", {**answer, "token": "x" * 43})
    assert forged.status_code == 400 and forged.json()["errors"][0]["field"] == "token"
    too_many = post(anonymous, f"{BASE}/answer", {**answer, "priorities": ["a", "b", "c", "d"]})
    assert too_many.status_code == 422
    assert PulseAnswer.objects.for_org(world.org_a).count() == 1


def test_the_report_hides_everything_but_counts_below_the_minimum_and_close_stops_answers(world):
    h.strategy(world)
    h.crew(world, "Payments", 6)
    pulse = h.pulse(world)
    tokens = h.tokens(pulse)
    for token in tokens[:4]:
        post(
            world.api("anonymous"),
            f"{BASE}/answer",
            {"pulse_id": pulse.pk, "token": token, "priorities": ["Faster payouts"]},
        )
    report = world.api("viewer").get(f"{BASE}/pulses/{pulse.pk}").json()
    assert (report["invited"], report["answers"], report["shown"]) == (6, 4, False)
    assert report["by_team"] == [] and report["unmatched"] == [] and report["alignment"] is None
    post(
        world.api("anonymous"),
        f"{BASE}/answer",
        {
            "pulse_id": pulse.pk,
            "token": tokens[4],
            "priorities": ["Faster payouts", "Launch in Lyon"],
        },
    )
    report = world.api("viewer").get(f"{BASE}/pulses/{pulse.pk}").json()
    assert report["shown"] and report["by_team"][0]["label"] == "Payments"
    assert report["by_team"][0]["alignment"] == pytest.approx(0.9)
    assert report["unmatched"] == [{"text": "Launch in Lyon", "count": 1}]
    assert {d["title"] for d in report["unnamed"]} == {h.BETS[1][0], h.BETS[2][0]}
    closed = post(world.api("leader"), f"{BASE}/pulses/{pulse.pk}/close", {})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    late = post(
        world.api("anonymous"),
        f"{BASE}/answer",
        {"pulse_id": pulse.pk, "token": tokens[5], "priorities": ["x"]},
    )
    assert late.status_code == 400 and "closed on" in late.json()["message"]
    assert post(world.api("leader"), f"{BASE}/pulses/{pulse.pk}/close", {}).status_code == 400
