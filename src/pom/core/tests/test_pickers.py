"""The pickers (core/pickers.py): a search scoped to the member's organization, bounded, without
duplicates, in the order that makes sense, in a fixed number of queries; and the form field that
turns another organization's id into a field error."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse
from tests.query_counts import count_queries

from pom.core import pickers
from pom.discovery.tests import helpers as dh
from pom.teams.models import Person, TeamMember

pytestmark = pytest.mark.django_db


def _pick(world, kind, persona="member", **params):
    response = world.client(persona).get(reverse("core:pick", args=[kind]), params)
    assert response.status_code == 200
    return response.content.decode()


def _person(world, team, name, org="a"):
    organization = world.org_a if org == "a" else world.org_b
    person = Person.objects.create(
        organization=organization, name=name, email=f"{name.lower().replace(' ', '.')}@x.test"
    )
    if team is not None:
        TeamMember.objects.create(organization=organization, team=team, person=person)
    return person


def test_another_organizations_rows_never_appear(world):
    dh.team(world, "Checkout")
    dh.team(world, "Checkout Bluth", org="b")
    page = _pick(world, "teams", q="checkout")
    assert "Checkout" in page and "Bluth" not in page
    assert "Checkout" not in _pick(world, "teams", persona="outsider", q="zzz-none")


def test_people_of_the_chosen_team_come_first_each_once(world):
    checkout, growth = dh.team(world, "Checkout"), dh.team(world, "Growth")
    _person(world, growth, "Aaron Growth")
    both = _person(world, checkout, "Zed Both")
    TeamMember.objects.create(organization=world.org_a, team=growth, person=both)
    _person(world, None, "Abe Nobody")
    src = pickers.source("people")
    rows, _ = pickers.find(src, world.membership("member"), "", scope={"team": checkout.pk})
    names = [p.name for p in rows]
    assert names[:2] == ["Bob", "Zed Both"]  # the team's, then everyone else by name
    assert names[2:] == ["Aaron Growth", "Abe Nobody"]
    assert len(names) == len(set(names))
    page = _pick(world, "people", q="", team=checkout.pk)
    assert page.index("Zed Both") < page.index("Aaron Growth")
    assert "on the team" in page


def test_a_search_shows_at_most_the_limit_and_says_so(world):
    for i in range(pickers.LIMIT + 3):
        dh.team(world, f"Team {i:02}", with_bob=False)
    page = _pick(world, "teams", q="team")
    assert page.count('role="option"') == pickers.LIMIT
    assert f"The first {pickers.LIMIT} matches" in page
    assert "No team matches “zzz”" in _pick(world, "teams", q="zzz")


def test_chosen_rows_are_left_out_and_bad_ids_ignored(world):
    a, b = dh.team(world, "Alpha"), dh.team(world, "Beta")
    page = _pick(world, "teams", exclude=[a.pk, "x"])
    assert "Beta" in page and "Alpha" not in page
    assert b.pk


def test_an_unknown_picker_is_404(world):
    response = world.client("member").get(reverse("core:pick", args=["passwords"]))
    assert response.status_code == 404


def test_a_search_runs_a_fixed_number_of_queries(world):
    client = world.client("member")
    team = dh.team(world, "Checkout")
    for i in range(3):
        _person(world, team, f"Person {i}")
    dh.grow_tree(world, size=3)
    urls = [
        reverse("core:pick", args=[kind]) + f"?q=e&team={team.pk}"
        for kind in ("people", "teams", "solutions", "opportunities", "outcomes")
    ]
    few = [count_queries(client, url) for url in urls]
    for i in range(3, 30):
        _person(world, team, f"Person {i}")
        dh.team(world, f"Team {i}", with_bob=False)
    dh.grow_tree(world, size=12)
    assert [count_queries(client, url) for url in urls] == few


class _Form(forms.Form):
    team = pickers.PickerField("teams")
    people = pickers.PickerField("people", multiple=True, required=False, follow=("team",))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        pickers.bind(self, actor)


def test_the_field_cleans_ids_drops_repeats_and_refuses_other_orgs(world):
    team = dh.team(world, "Checkout")
    theirs = _person(world, dh.team(world, "Bluth", org="b"), "Buster", org="b")
    ours = _person(world, team, "Ann")
    actor = world.membership("member")
    form = _Form({"team": str(team.pk), "people": [ours.pk, ours.pk]}, actor=actor)
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"team": team.pk, "people": [ours.pk]}
    form = _Form({"team": str(team.pk), "people": [theirs.pk]}, actor=actor)
    assert not form.is_valid()
    assert "Choose a person from the list" in form.errors["people"][0]
    assert _Form({"team": "abc"}, actor=actor).errors["team"]
    assert _Form({}, actor=actor).errors["team"] == ["Choose a team."]


def test_the_field_draws_nothing_chosen_until_someone_picks(world):
    dh.team(world, "Checkout")
    html = str(_Form(actor=world.membership("member"))["team"])
    assert "checked" not in html and "None chosen yet" in html
    assert 'role="combobox"' in html and 'aria-controls="id_team-listbox"' in html


def test_find_without_javascript_draws_the_matches_as_choices(world):
    team = dh.team(world, "Checkout")
    _person(world, team, "Ann")
    data = {"team": str(team.pk), "people_q": "ann", "pick": "id_people"}
    html = str(_Form(data, actor=world.membership("member"))["people"])
    assert 'type="checkbox" name="people" value=' in html and "Ann" in html
