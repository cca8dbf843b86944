"""The decision API: status, revisit conditions, editing, reviews, principles; errors name the field."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from pom.discovery import services
from pom.discovery.tests import helpers as h
from pom.strategy import services as strategy

pytestmark = pytest.mark.django_db
BASE = "/api/v1/discovery/decisions"


def send(client: Any, method: str, url: str, body: Any) -> Any:
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def test_create_with_a_condition_then_it_comes_due_and_filters(world: Any) -> None:
    api = world.api("leader")
    activation = h.metric(world, value=40.0)
    made = send(
        api,
        "post",
        BASE,
        {
            "title": "Self-serve onboarding",
            "status": "proposed",
            "revisit_metric_id": activation.pk,
            "revisit_comparison": "below",
            "revisit_threshold": 30,
        },
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["status"] == "proposed" and body["due"] is False
    assert body["revisit_condition"] == "if Activation falls below 30%"
    h.set_latest(activation, 25.0, h.TODAY())
    due = api.get(BASE + "?due=true").json()["items"]
    assert [d["title"] for d in due] == ["Self-serve onboarding"] and due[0]["due"] is True
    assert api.get(BASE + "?status=accepted").json()["items"] == []


def test_bad_input_names_the_field_and_changes_nothing(world: Any) -> None:
    api = world.api("leader")
    theirs = h.metric(world, "Theirs", org="b", value=1.0)
    refused = send(
        api,
        "post",
        BASE,
        {
            "title": "X",
            "revisit_metric_id": theirs.pk,
            "revisit_comparison": "below",
            "revisit_threshold": 1,
        },
    )
    assert refused.status_code == 400 and "revisit_metric" in refused.content.decode()
    nan = api.post(
        BASE,
        data='{"title": "X", "revisit_comparison": "below", "revisit_threshold": NaN}',
        content_type="application/json",
    )
    assert nan.status_code in (400, 422) and "revisit_threshold" in nan.content.decode()
    assert api.get(BASE).json()["count"] == 0


def test_patch_status_and_reviews(world: Any) -> None:
    api = world.api("member")
    bob = world.membership("member")
    d = services.record_decision(
        bob,
        title="Drop the wizard",
        team=h.team(world),
        decided_on=h.days_ago(20),
        revisit_on=h.days_ago(1),
    )
    new = services.record_decision(bob, title="Guided setup", team=h.team(world))
    patched = send(api, "patch", f"{BASE}/{d.pk}", {"rationale": "It confused people"})
    assert patched.status_code == 200 and patched.json()["rationale"] == "It confused people"
    bad = send(api, "patch", f"{BASE}/{d.pk}", {"title": ""})
    assert bad.status_code == 400 and "title" in bad.content.decode()
    cycle = send(
        api, "post", f"{BASE}/{d.pk}/status", {"status": "superseded", "superseded_by_id": d.pk}
    )
    assert cycle.status_code == 400 and "superseded_by" in cycle.content.decode()
    later = str(h.TODAY() + timedelta(days=30))
    review = send(
        api, "post", f"{BASE}/{d.pk}/reviews", {"outcome": "postpone", "next_revisit_on": later}
    )
    assert review.status_code == 201 and review.json()["next_revisit_on"] == later
    assert api.get(f"{BASE}/{d.pk}").json()["due"] is False
    done = send(
        api, "post", f"{BASE}/{d.pk}/status", {"status": "superseded", "superseded_by_id": new.pk}
    )
    assert done.json()["superseded_by_id"] == new.pk
    history = api.get(f"{BASE}/{d.pk}/reviews").json()
    assert [r["outcome"] for r in history] == ["postpone"]
    assert world.api("outsider").get(f"{BASE}/{d.pk}").status_code == 404


def test_principles_crud_reorder_and_citations(world: Any) -> None:
    api = world.api("leader")
    first = send(api, "post", "/api/v1/strategy/principles", {"text": "Clarity over features"})
    second = send(api, "post", "/api/v1/strategy/principles", {"text": "Customers own their data"})
    assert first.status_code == 201 and second.json()["position"] == 2
    a, b = first.json()["id"], second.json()["id"]
    cited = send(api, "post", BASE, {"title": "No data export fees", "principle_ids": [b]})
    assert cited.json()["principle_ids"] == [b]
    order = send(api, "post", "/api/v1/strategy/principles/reorder", {"order": [b, a]})
    assert [(p["id"], p["position"], p["invoked"]) for p in order.json()] == [(b, 1, 1), (a, 2, 0)]
    bad = send(api, "post", "/api/v1/strategy/principles/reorder", {"order": [b]})
    assert bad.status_code == 400 and "order" in bad.content.decode()
    assert (
        send(api, "patch", f"/api/v1/strategy/principles/{a}", {"position": 0}).status_code == 422
    )
    assert api.delete(f"/api/v1/strategy/principles/{b}").status_code == 204
    assert [p["position"] for p in api.get("/api/v1/strategy/principles").json()] == [1]
    theirs = strategy.create_principle(world.membership("outsider_owner"), text="Theirs")
    refused = send(api, "post", BASE, {"title": "Borrowed", "principle_ids": [theirs.pk]})
    assert refused.status_code == 400 and "principles" in refused.content.decode()
    assert api.get(f"/api/v1/strategy/principles/{theirs.pk}").status_code == 404
