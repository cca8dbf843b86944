"""The teams index and the people list read their filters through pom.core.filters: a value that
does not parse leaves the list unfiltered, and the page still answers."""

from __future__ import annotations

from typing import Any

import pytest

from pom.teams import services
from pom.teams.queries import teams
from pom.teams.tests.helpers import acme

pytestmark = pytest.mark.django_db


def test_filters_that_do_not_parse_leave_the_teams_list_unfiltered(world: Any) -> None:
    acme(world)
    client = world.client("viewer")
    garbage = {"area": "abc", "mode": "zzz", "stage": "x", "gap": "nope", "archived": "maybe"}
    response = client.get("/teams/", garbage)
    assert response.status_code == 200
    page = " ".join(response.content.decode().split())  # as a reader sees the text
    assert "Checkout" in page and "1 team · teams over" in page


def test_the_area_filter_takes_an_id_or_none(world: Any) -> None:
    a = acme(world)
    services.create_team(world.membership("leader"), name="Loose", mission="No area yet")
    client = world.client("viewer")
    in_area = client.get("/teams/", {"area": a.area.pk}).content.decode()
    assert "Checkout" in in_area and "Loose" not in in_area
    outside = client.get("/teams/", {"area": "none"}).content.decode()
    assert "Loose" in outside and "Checkout" not in outside
    assert f'<option value="{a.area.pk}" selected' in in_area


def test_archived_teams_are_listed_only_when_asked_for(world: Any) -> None:
    a = acme(world)
    services.archive_team(world.membership("leader"), a.team)
    org_id = world.org_a.pk
    assert list(teams(org_id)) == []
    assert list(teams(org_id, {"archived": "true"})) == [a.team]
    assert list(teams(org_id, {"archived": "0"})) == []


def test_people_search_that_does_not_match_says_so(world: Any) -> None:
    acme(world)
    client = world.client("viewer")
    assert "Bob Builder" in client.get("/teams/people/", {"q": " bob "}).content.decode()
    assert "Nobody matches" in client.get("/teams/people/", {"q": "zzz"}).content.decode()
