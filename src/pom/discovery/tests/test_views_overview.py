"""The discovery overview lists teams a page at a time, searchable by name and filterable to the
teams whose touchpoint habit has lapsed (where the home's "lapsed touchpoints" line leads)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from pom.discovery import services
from pom.discovery.tests import helpers as h
from pom.teams import services as teams

pytestmark = pytest.mark.django_db


def _teams(world: Any, n: int) -> list[Any]:
    owner = world.membership("owner")
    return [teams.create_team(owner, name=f"Squad {i:02d}") for i in range(n)]


@override_settings(POM_UI_PAGE_SIZE=5)
def test_the_overview_shows_one_page_of_teams_with_a_pager(world: Any) -> None:
    _teams(world, 12)
    body = world.client("member").get("/discovery/").content.decode()
    assert "Squad 00" in body and "Squad 04" in body
    assert "Squad 05" not in body
    assert "Page 1 of 3" in body and "12 in all" in body
    second = world.client("member").get("/discovery/?page=2").content.decode()
    assert "Squad 05" in second and "Squad 00" not in second


def test_the_search_finds_a_team_by_name(world: Any) -> None:
    _teams(world, 3)
    body = world.client("member").get("/discovery/?q=squad 01").content.decode()
    assert "Squad 01" in body
    assert "Squad 00" not in body and "Squad 02" not in body
    none = world.client("member").get("/discovery/?q=nobody").content.decode()
    assert "No team matches these filters" in none


def test_lapsed_shows_only_teams_without_a_touchpoint_since_last_week(world: Any) -> None:
    kept, lapsed = _teams(world, 2)
    bob = world.membership("owner")
    services.record_touchpoint(bob, team=kept, happened_on=h.days_ago(0), customer_name="Ann")
    services.record_touchpoint(bob, team=lapsed, happened_on=h.days_ago(30), customer_name="Al")
    client = world.client("member")
    only_lapsed = client.get("/discovery/?lapsed=1").content.decode()
    assert "Squad 01" in only_lapsed and "Squad 00" not in only_lapsed
    only_kept = client.get("/discovery/?lapsed=0").content.decode()
    assert "Squad 00" in only_kept and "Squad 01" not in only_kept
    # A value that does not parse leaves the list unfiltered.
    both = client.get("/discovery/?lapsed=maybe").content.decode()
    assert "Squad 00" in both and "Squad 01" in both


def test_htmx_gets_only_the_team_table(world: Any) -> None:
    _teams(world, 2)
    response = world.client("member").get("/discovery/?q=squad 00", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Squad 00" in body and "Squad 01" not in body
    assert "<h1>" not in body and "Opportunity solution trees" not in body
