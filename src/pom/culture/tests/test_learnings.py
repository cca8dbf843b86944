"""The learning log: entries linked to what taught them, proposals from concluded tests, search
and the quarter's view, pages and API."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pom.culture import learnings
from pom.culture.models import Learning
from pom.culture.tests import helpers as h
from pom.discovery.tests import helpers as dh
from pom.experiments.models import AssumptionTest

pytestmark = pytest.mark.django_db


def concluded(world: Any) -> AssumptionTest:
    h.period_of_work(world)
    return AssumptionTest.objects.for_org(world.org_a).get(title="Reminder fake door")


def test_a_concluded_test_proposes_an_entry_prefilled_from_it(world: Any) -> None:
    test = concluded(world)
    assert [t.pk for t in learnings.proposals(h.bob(world))] == [test.pk]
    proposal = learnings.proposal_from_test(test)
    assert proposal["lesson"] == "Reminders are not the pain; finding the product again is."
    assert "Refuted → Kill" in proposal["what_happened"]
    entry = learnings.record_learning(h.bob(world), **proposal | {"tags": "reminders, Retention"})
    assert (entry.team, entry.test, entry.tag_list) == (test.team, test, ["reminders", "retention"])
    assert learnings.proposals(h.bob(world)) == []


def test_search_filters_and_the_quarter_view(world: Any) -> None:
    test = concluded(world)
    learnings.record_learning(h.bob(world), **learnings.proposal_from_test(test))
    learnings.record_learning(
        h.bob(world), team=h.team(world), title="Incident review", lesson="Page the on-call",
        source="incident", learned_on=dh.days_ago(400),
    )  # fmt: skip
    actor = h.bob(world)
    assert [e.title for e in learnings.learnings_for(actor, q="finding the product")] == [
        "What “Reminder fake door” taught us"
    ]
    assert [e.title for e in learnings.learnings_for(actor, source="incident")] == [
        "Incident review"
    ]
    start, end = learnings.quarter_bounds(learnings.this_quarter()) or (None, None)
    assert [e.source for e in learnings.learnings_for(actor, start=start, end=end)] == ["test"]
    assert learnings.quarter_bounds("2026-Q4") == (
        dh.TODAY().replace(2026, 10, 1),
        dh.TODAY().replace(2026, 12, 31),
    )
    assert learnings.quarter_bounds("2026-Q5") is None


def test_bad_input_names_the_field_and_saves_nothing(world: Any) -> None:
    team = h.team(world)
    with pytest.raises(ValidationError) as exc:
        learnings.record_learning(h.bob(world), team=team, title="No lesson", lesson="")
    assert "lesson" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        learnings.record_learning(
            h.bob(world), team=team, title="Future", lesson="x", learned_on=dh.days_ago(-3)
        )
    assert "learned_on" in exc.value.message_dict
    theirs = dh.team(world, "Theirs", org="b")
    with pytest.raises(ValidationError) as exc:
        learnings.record_learning(h.bob(world), team=theirs.pk, title="x", lesson="y")
    assert "team" in exc.value.message_dict
    assert not Learning.objects.for_org(world.org_a).exists()


def test_only_the_team_writes_its_learnings(world: Any) -> None:
    other = dh.team(world, "Search", with_bob=False)
    with pytest.raises(PermissionDenied):
        learnings.record_learning(h.bob(world), team=other, title="x", lesson="y")
    with pytest.raises(PermissionDenied):
        learnings.record_learning(
            world.membership("stakeholder"), team=other, title="x", lesson="y"
        )


def test_pages_propose_record_and_find_learnings(world: Any) -> None:
    test = concluded(world)
    client = world.client("member")
    log = client.get("/culture/learnings/").content.decode()
    assert f"/culture/learnings/new/?test={test.pk}" in log and "Reminder fake door" in log
    form = client.get(f"/culture/learnings/new/?test={test.pk}").content.decode()
    assert "Reminders are not the pain" in form
    response = client.post(
        "/culture/learnings/new/",
        {
            "team": test.team_id,
            "test": test.pk,
            "title": "Reminders are not the pain",
            "lesson": "Finding the product again is.",
            "source": "test",
            "tags": "retention",
        },
    )
    assert response.status_code == 302
    found = client.get("/culture/learnings/?q=finding+the+product").content.decode()
    assert "Reminders are not the pain" in found and "Concluded tests waiting" not in found
    bad = client.get("/culture/learnings/?quarter=soon").content.decode()
    assert "Write the quarter as YEAR-Q1" in bad
    unknown = client.get("/culture/learnings/?team=abc&source=zzz&quarter=soon")
    assert unknown.status_code == 200 and "Reminders are not the pain" in unknown.content.decode()
    one = client.get(f"/culture/learnings/?team={test.team_id}&tag=Retention").content.decode()
    assert "Reminders are not the pain" in one
    none = client.get("/culture/learnings/?tag=none-such").content.decode()
    assert "No learning matches these filters" in none
    refused = client.post("/culture/learnings/new/", {"title": "No lesson", "source": "other"})
    assert refused.status_code == 400


def test_api_records_and_lists_learnings(world: Any) -> None:
    test = concluded(world)
    api = world.api("member")
    made = api.post(
        "/api/v1/culture/learnings",
        data=json.dumps({"title": "T", "lesson": "L", "test_id": test.pk, "source": "test"}),
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["team_id"] == test.team_id
    listed = api.get("/api/v1/culture/learnings?quarter=" + learnings.this_quarter()).json()
    assert [i["title"] for i in listed["items"]] == ["T"]
    assert api.get("/api/v1/culture/learnings?quarter=someday").status_code == 400
