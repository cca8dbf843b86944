"""The ritual calendar's API: cadences, the calendar, the review's ritual and logged retros;
field-named errors for bad input, 404 for another organization's rows."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from pom.core.validation import today
from pom.culture.models import RitualCadence
from pom.culture.tests import helpers as h
from pom.culture.tests import ritual_helpers as rh
from pom.discovery.tests import helpers as dh

pytestmark = pytest.mark.django_db


def call(world: Any, method: str, url: str, body: Any = None, persona: str = "member") -> Any:
    client = world.api(persona)
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def test_a_team_sets_its_demo_cadence_and_reads_the_calendar(world: Any) -> None:
    team = h.team(world)
    body = {"kind": "demo", "team_id": team.pk, "every_weeks": 2, "starts_on": str(rh.days_ago(5))}
    made = call(world, "post", "/api/v1/culture/cadences", body)
    assert made.status_code == 201, made.content
    cadence = made.json()
    assert cadence["every_weeks"] == 2 and cadence["team_id"] == team.pk
    again = call(world, "post", "/api/v1/culture/cadences", body | {"every_weeks": 3})
    assert again.status_code == 200 and again.json()["id"] == cadence["id"]
    rows = call(world, "get", "/api/v1/culture/calendar?overdue=true").json()
    assert rows["count"] == 1
    (demo,) = [r for r in rows["items"][0]["rituals"] if r["kind"] == "demo"]
    assert demo["overdue"] and demo["days_overdue"] == 5 and demo["every_weeks"] == 3
    assert demo["next_due"] == str(rh.days_ago(5)) and demo["last_held"] is None
    patched = call(world, "patch", f"/api/v1/culture/cadences/{cadence['id']}", {"starts_on": None})
    assert patched.status_code == 200 and patched.json()["starts_on"] == str(today())
    listed = call(world, "get", f"/api/v1/culture/cadences?team_id={team.pk}").json()
    assert [c["id"] for c in listed["items"]] == [cadence["id"]]
    assert call(world, "delete", f"/api/v1/culture/cadences/{cadence['id']}").status_code == 204


def test_a_retro_logged_through_the_api_is_the_retro_last_held(world: Any) -> None:
    team = h.team(world)
    rh.cadence(world, "retro", every=2, starts_on=rh.days_ago(30))
    logged = call(
        world, "post", "/api/v1/culture/retros", {"team_id": team.pk, "note": "Fewer meetings"}
    )
    assert logged.status_code == 201 and logged.json()["held_on"] == str(today())
    row = call(world, "get", f"/api/v1/culture/calendar?team_id={team.pk}").json()["items"][0]
    (retro,) = [r for r in row["rituals"] if r["kind"] == "retro"]
    assert retro["last_held"] == str(today()) and not retro["overdue"]
    assert call(world, "get", "/api/v1/culture/retros").json()["count"] == 1
    retro_id = logged.json()["id"]
    assert call(world, "delete", f"/api/v1/culture/retros/{retro_id}").status_code == 204


def test_the_review_ritual_reads_the_leaders_cadence(world: Any) -> None:
    made = call(
        world,
        "post",
        "/api/v1/culture/cadences",
        {"kind": "review", "every_weeks": 4},
        persona="leader",
    )
    assert made.status_code == 201, made.content
    review = call(world, "get", "/api/v1/culture/calendar/review", persona="viewer").json()
    assert review["kind"] == "review" and review["team_id"] is None
    assert review["next_due"] == str(today()) and not review["overdue"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"every_weeks": 0}, "every_weeks"),
        ({"every_weeks": 500}, "every_weeks"),
        ({"kind": "party"}, "kind"),
        ({"starts_on": str(today() - timedelta(days=800))}, "starts_on"),
        ({"team_id": None}, "team"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_cadences_are_refused_naming_the_field(
    world: Any, body: dict[str, Any], field: str
) -> None:
    team = h.team(world)
    base = {"kind": "demo", "team_id": team.pk, "every_weeks": 2}
    response = call(world, "post", "/api/v1/culture/cadences", base | body, persona="leader")
    assert response.status_code in (400, 422), response.content
    assert field in {e["field"].split(".")[-1] for e in response.json()["errors"]}, response.json()
    assert not RitualCadence.objects.for_org(world.org_a).exists()


def test_another_organizations_team_and_cadence_are_not_found(world: Any) -> None:
    theirs = dh.team(world, "Theirs", org="b")
    refused = call(
        world,
        "post",
        "/api/v1/culture/cadences",
        {"kind": "demo", "team_id": theirs.pk, "every_weeks": 2},
        persona="leader",
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "team"
    mine = rh.cadence(world, "demo")
    for method in ("get", "delete"):
        response = call(world, method, f"/api/v1/culture/cadences/{mine.pk}", persona="outsider")
        assert response.status_code == 404
