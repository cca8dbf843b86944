"""Discovery lists read their filters through pom.core.filters: a value that does not parse
leaves the list unfiltered, and the page still answers."""

from __future__ import annotations

from typing import Any

import pytest

from pom.discovery import services
from pom.discovery.tests import helpers as h

pytestmark = pytest.mark.django_db

GARBAGE = "?team=abc&triage=zzz&kind=zzz&unlinked=maybe&tag="


def _rows(world: Any) -> None:
    bob = world.membership("member")
    team = h.team(world)
    services.record_touchpoint(bob, team=team, happened_on=h.days_ago(1), customer_name="Zed Corp")
    services.add_insight(bob, team=team, text="Search finds nothing")
    services.record_decision(bob, title="Focus on search", team=team)
    services.submit_input(
        world.membership("stakeholder"), kind="suggestion", text="Add a bulk export", team=team
    )


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("/discovery/touchpoints/", "Zed Corp"),
        ("/discovery/insights/", "Search finds nothing"),
        ("/discovery/decisions/", "Focus on search"),
        ("/discovery/inbox/", "Add a bulk export"),
    ],
)
def test_a_filter_value_that_does_not_parse_leaves_the_list_unfiltered(
    world: Any, url: str, shown: str
) -> None:
    _rows(world)
    response = world.client("member").get(url + GARBAGE)
    assert response.status_code == 200
    assert shown in response.content.decode()


def test_the_inbox_opens_on_new_input_and_all_shows_every_state(world: Any) -> None:
    _rows(world)
    client = world.client("member")
    assert "Add a bulk export" in client.get("/discovery/inbox/").content.decode()
    assert "Add a bulk export" not in client.get("/discovery/inbox/?triage=linked").content.decode()
    assert "Add a bulk export" in client.get("/discovery/inbox/?triage=").content.decode()
    other = h.team(world, "Search", with_bob=False)
    assert (
        "Add a bulk export" not in client.get(f"/discovery/inbox/?team={other.pk}").content.decode()
    )
