"""The culture API: prepare, read (compiled content and Markdown), edit, hold, and 409 once held."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pom.culture.tests import helpers as h

pytestmark = pytest.mark.django_db


def call(world: Any, method: str, url: str, body: Any = None, persona: str = "member") -> Any:
    client = world.api(persona)
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def test_prepare_read_and_hold_a_demo(world: Any) -> None:
    work = h.period_of_work(world)
    made = call(world, "post", "/api/v1/culture/demos", {"team_id": work["team"].pk})
    assert made.status_code == 201, made.content
    demo = made.json()
    assert demo["period_start"] == h.days_ago(13).isoformat()
    assert demo["content"]["insights"]["total"] == 2
    assert demo["markdown"].startswith("# Checkout demo")
    patched = call(world, "patch", f"/api/v1/culture/demos/{demo['id']}", {"narrative": "Hi"})
    assert patched.json()["narrative"] == "Hi"
    held = call(world, "post", f"/api/v1/culture/demos/{demo['id']}/hold")
    assert held.json()["status"] == "held" and held.json()["held_at"]
    listed = call(world, "get", f"/api/v1/culture/demos?team_id={work['team'].pk}").json()
    assert [d["id"] for d in listed["items"]] == [demo["id"]]


def test_a_held_demo_is_a_conflict_to_change_or_delete(world: Any) -> None:
    demo = h.held_demo(world)
    for method, url, body in (
        ("patch", f"/api/v1/culture/demos/{demo.pk}", {"narrative": "Rewritten"}),
        ("post", f"/api/v1/culture/demos/{demo.pk}/hold", None),
        ("delete", f"/api/v1/culture/demos/{demo.pk}", None),
    ):
        response = call(world, method, url, body)
        assert response.status_code == 409
        assert "frozen as it was shown" in response.json()["message"]


def test_bad_input_names_the_field(world: Any) -> None:
    t = h.team(world)
    response = call(
        world,
        "post",
        "/api/v1/culture/demos",
        {"team_id": t.pk, "period_start": "2026-01-10", "period_end": "2026-01-01"},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "period_end"
    unknown = call(world, "post", "/api/v1/culture/demos", {"team_id": t.pk, "colour": "red"})
    assert unknown.status_code == 422
    missing = call(world, "post", "/api/v1/culture/demos", {"team_id": 999999})
    assert missing.status_code == 400 and missing.json()["errors"][0]["field"] == "team"
