"""Moving an opportunity or a solution: a script (drag and drop) gets JSON, a form a redirect."""

from __future__ import annotations

from typing import Any

import pytest

from pom.discovery import services
from pom.discovery.tests import helpers as h

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}


def test_a_move_posted_by_a_script_answers_json_and_a_refusal_says_why(world: Any) -> None:
    bob = world.membership("member")
    team = h.team(world)
    outcome = h.outcome(world, team)
    a = services.create_opportunity(bob, outcome=outcome, team=team, title="Slow search")
    b = services.create_opportunity(bob, outcome=outcome, team=team, title="No filters")
    client = world.client("member")
    moved = client.post(f"/discovery/opportunities/{b.pk}/move/", {"parent": a.pk}, headers=JSON)
    assert moved.status_code == 200 and moved.json() == {"message": "Moved “No filters”."}
    refused = client.post(f"/discovery/opportunities/{a.pk}/move/", {"parent": b.pk}, headers=JSON)
    assert refused.status_code == 400 and "inside its own subtree" in refused.json()["message"]
    back = client.post(f"/discovery/opportunities/{b.pk}/move/", {"parent": ""})
    assert back.status_code == 302 and back["Location"].endswith(f"#opportunity-{b.pk}")
