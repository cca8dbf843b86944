"""Rollout and resistance pages and their API: forms that refuse bad input, 404 across orgs."""

import json

import pytest

from pom.teams import services as teams
from pom.transformation.models import Blocker, Objection, Wave
from pom.transformation.services import rollout
from pom.transformation.tests import helpers as h

pytestmark = pytest.mark.django_db


def test_a_leader_plans_a_wave_naming_its_teams(world):
    h.pilot_team(world, "Checkout")
    h.pilot_team(world, "Search")
    coach = h.person(world, "Cora Coach")
    client = world.client("leader")
    response = client.post(
        "/transformation/rollout/",
        {
            "wave-name": "Wave 1",
            "wave-starts_on": "2027-01-04",
            "wave-coach": coach.email,
            "wave-teams": "Checkout\nsearch",
            "wave-status": "planned",
        },
    )
    wave = Wave.objects.for_org(world.org_a).get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/transformation/rollout/waves/{wave.pk}/"
    )
    page = client.get(response["Location"]).content.decode()
    assert "Checkout" in page and 'data-testid="check-coach"' in page
    assert "Everyone at once: this wave holds 2 of the 2 active teams" in page


def test_an_unknown_team_name_is_shown_under_the_field_and_nothing_is_stored(world):
    response = world.client("leader").post(
        "/transformation/rollout/",
        {
            "wave-name": "Wave 1",
            "wave-starts_on": "2027-01-04",
            "wave-teams": "Nowhere",
            "wave-status": "planned",
        },
    )
    assert response.status_code == 400 and "No active team named" in response.content.decode()
    assert not Wave.objects.for_org(world.org_a).exists()


def test_the_rollout_page_lists_open_blockers_and_says_what_to_do_when_empty(world):
    client = world.client("viewer")
    assert "No waves planned yet." in client.get("/transformation/rollout/").content.decode()
    rollout.raise_blocker(h.leader(world), title="Annual project funding", kind="funding")
    assert "Annual project funding" in client.get("/transformation/rollout/").content.decode()


def test_a_blocker_recorded_from_the_form_with_a_pilot_team(world):
    h.pilot_team(world, "Checkout")
    response = world.client("leader").post(
        "/transformation/rollout/blockers/new/",
        {
            "blocker-title": "Sales promises dates",
            "blocker-kind": "stakeholder_behaviour",
            "blocker-found_by": "Checkout",
            "blocker-status": "open",
        },
    )
    assert response.status_code == 302
    assert Blocker.objects.for_org(world.org_a).get().found_by.name == "Checkout"


def test_the_resistance_log_filters_by_kind_and_answers_htmx_with_rows(world):
    rollout.log_objection(
        h.leader(world), kind="no_time", raised_by="tech lead", statement="We ship weekly."
    )
    rollout.log_objection(
        h.leader(world), kind="less_control", raised_by="VP", statement="Who decides?"
    )
    client = world.client("viewer")
    page = client.get(
        "/transformation/resistance/?kind=no_time", headers={"HX-Request": "true"}
    ).content.decode()
    assert "<html" not in page and "We ship weekly." in page and "Who decides?" not in page


def test_an_objection_marked_resolved_without_a_response_is_refused(world):
    response = world.client("leader").post(
        "/transformation/resistance/",
        {"kind": "no_time", "raised_by": "tech lead", "statement": "No time", "status": "resolved"},
    )
    assert response.status_code == 400 and 'id="id_response_error"' in response.content.decode()
    assert not Objection.objects.for_org(world.org_a).exists()


def test_the_wave_api_refuses_another_orgs_team_with_404(world):
    theirs = teams.create_team(world.membership("outsider_owner"), name="Theirs")
    response = world.api("leader").post(
        "/api/v1/transformation/waves",
        data=json.dumps({"name": "W", "starts_on": "2027-01-04", "team_ids": [theirs.pk]}),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Wave.objects.for_org(world.org_a).exists()


def test_the_wave_api_returns_entry_criteria_and_warnings(world):
    h.assessment(world, coaching_capacity=1)
    a, b = h.pilot_team(world, "A"), h.pilot_team(world, "B")
    h.pilot_team(world, "C")
    response = world.api("leader").post(
        "/api/v1/transformation/waves",
        data=json.dumps({"name": "W", "starts_on": "2027-01-04", "team_ids": [a.pk, b.pk]}),
        content_type="application/json",
    )
    body = response.json()
    assert response.status_code == 201 and not body["ready"]
    assert [c["key"] for c in body["entry_criteria"]] == [
        "pilots",
        "blockers",
        "coach",
        "capacity",
        "trios",
    ]
    assert any("coaches can support 1 at once" in w for w in body["warnings"])
    assert any("Everyone at once" in w for w in body["warnings"])
