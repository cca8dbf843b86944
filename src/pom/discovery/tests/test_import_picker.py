"""The notes import picks its team by search: a member on one team finds it chosen, another
team's id is refused on the field, and "Find" works without JavaScript."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from pom.discovery.tests import helpers as h

NOTES = "date,customer,company,text,tags\n2026-01-05,Ann,Globex,Wants SSO,sso\n"


def test_a_member_on_one_team_finds_it_chosen(world: Any) -> None:
    team = h.team(world)
    html = world.client("member").get(reverse("discovery:import")).content.decode()
    assert f'name="team" value="{team.pk}" checked' in html


def test_a_team_the_member_is_not_on_is_refused_on_the_field(world: Any) -> None:
    h.team(world)
    other = h.team(world, name="Search", with_bob=False)
    data = {"team": other.pk, "format": "csv", "kind": "interview", "content": NOTES}
    response = world.client("member").post(reverse("discovery:import"), data)
    assert response.status_code == 400
    assert "not one you can pick" in response.content.decode()


def test_find_without_javascript_lists_matching_teams_and_reads_nothing(world: Any) -> None:
    h.team(world)
    search = h.team(world, name="Search", with_bob=False)
    data = {"pick": "id_team", "team_q": "sear", "format": "csv", "content": NOTES}
    response = world.client("leader").post(reverse("discovery:import"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'type="radio" name="team" value="{search.pk}"' in html
    assert "notes ready" not in html  # searched, not previewed
