"""Release pages: the list with its findings, logging with the solution picker, the chain."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pom.delivery.models import Release
from pom.delivery.tests import helpers as h

pytestmark = pytest.mark.django_db


def _their_solution(world):
    """A solution of org B (mallory's), made through the services."""
    from pom.discovery import services as discovery
    from pom.discovery.tests import helpers as dh
    from pom.strategy.models import Outcome

    team = dh.team(world, "Bluth team", org="b", with_bob=False)
    outcome = Outcome.objects.create(organization=world.org_b, title="Theirs", owner_team=team)
    from pom.accounts.models import Membership

    owner = Membership.objects.for_org(world.org_b).get(role="owner")
    opp = discovery.create_opportunity(owner, outcome=outcome, title="I can't see theirs")
    return discovery.create_solution(owner, opportunity=opp, title="Their idea")


def _form(world, **extra):
    return {
        "team": h.team(world).pk,
        "title": "Reorder button",
        "shipped_at": "2026-02-03T10:00",
        "kind": "feature",
        "rollout_percent": "100",
        **extra,
    }


def test_the_list_shows_which_outcome_each_release_serves_and_flags_unlinked_work(world):
    h.release(world, "Linked one", solutions=[h.solution(world)])
    h.release(world, "Loose chore")
    page = world.client("viewer").get(reverse("delivery:releases")).content.decode()
    assert "Linked one" in page and "More repeat buyers" in page
    assert "Unlinked work" in page


def test_an_empty_list_says_what_to_do(world):
    h.team(world)
    page = world.client("member").get(reverse("delivery:releases")).content.decode()
    assert "No releases yet" in page and "Log the first release" in page
    filtered = world.client("member").get(reverse("delivery:releases"), {"q": "zzz"})
    assert "No release matches these filters" in filtered.content.decode()


def test_logging_a_release_with_picked_solutions_goes_to_its_page(world):
    sol = h.solution(world)
    r = world.client("member").post(
        reverse("delivery:release_create"), _form(world, solutions=[sol.pk])
    )
    assert r.status_code == 302
    release = Release.objects.for_org(world.org_a).get()
    assert r["Location"] == release.get_absolute_url()
    page = world.client("member").get(r["Location"]).content.decode()
    assert "Win repeat buyers" in page and "One-click reorder" in page


def test_find_without_javascript_shows_matches_keeps_the_input_and_saves_nothing(world):
    h.solution(world, "Saved baskets")
    r = world.client("member").post(
        reverse("delivery:release_create"), _form(world, solutions_q="basket", pick="id_solutions")
    )
    assert r.status_code == 200
    page = r.content.decode()
    assert "Saved baskets" in page and 'value="Reorder button"' in page
    assert not Release.objects.for_org(world.org_a).exists()


def test_a_rejected_form_is_400_with_the_message_and_keeps_the_chosen_solutions(world):
    sol = h.solution(world)
    r = world.client("member").post(
        reverse("delivery:release_create"),
        _form(world, shipped_at="2999-01-01T00:00", solutions=[sol.pk]),
    )
    assert r.status_code == 400
    page = r.content.decode()
    assert "is in the future" in page
    assert f'value="{sol.pk}" checked' in page
    assert not Release.objects.for_org(world.org_a).exists()


def test_the_search_leaves_out_chosen_solutions(world):
    a, b = h.solution(world, "Saved baskets"), h.solution(world, "Saved cards")
    r = world.client("viewer").get(
        reverse("core:pick", args=["solutions"]), {"q": "saved", "exclude": [a.pk]}
    )
    page = r.content.decode()
    assert "Saved cards" in page and "Saved baskets" not in page
    assert b.pk


def test_a_release_without_solutions_says_it_is_unlinked_and_offers_to_link(world):
    release = h.release(world)
    page = world.client("member").get(release.get_absolute_url()).content.decode()
    assert "Unlinked work" in page and "Link the solutions it ships" in page
    assert (
        "Link the solutions"
        not in world.client("viewer").get(release.get_absolute_url()).content.decode()
    )


def test_editing_moves_the_chosen_solutions(world):
    a, b = h.solution(world, "A"), h.solution(world, "B")
    release = h.release(world, solutions=[a])
    edit = (
        world.client("member")
        .get(reverse("delivery:release_edit", args=[release.pk]))
        .content.decode()
    )
    assert f'value="{a.pk}" checked' in edit
    r = world.client("member").post(
        reverse("delivery:release_edit", args=[release.pk]), _form(world, solutions=[b.pk])
    )
    assert r.status_code == 302
    assert [s.title for s in release.solutions.all()] == ["B"]


def test_another_orgs_team_or_solution_is_a_field_error_and_nothing_is_saved(world):
    theirs = _their_solution(world)
    r = world.client("member").post(
        reverse("delivery:release_create"), _form(world, solutions=[theirs.pk])
    )
    assert r.status_code == 400
    assert "Choose a solution from the list" in r.content.decode()
    r = world.client("member").post(
        reverse("delivery:release_create"), _form(world, team=theirs.team_id)
    )
    assert r.status_code == 400
    assert "Choose a team from the list" in r.content.decode()
    assert not Release.objects.for_org(world.org_a).exists()


def test_the_release_form_starts_with_no_team_picked_for_a_member_on_several(world):
    h.team(world)
    h.team(world, "Checkout")
    page = world.client("member").get(reverse("delivery:release_create")).content.decode()
    assert " checked" not in page.split("Solutions it ships")[0].split("Team")[1]


def test_deleting_a_release(world):
    release = h.release(world)
    r = world.client("member").post(reverse("delivery:release_delete", args=[release.pk]))
    assert r.status_code == 302
    assert not Release.objects.for_org(world.org_a).exists()


def test_a_filter_matching_more_than_the_cap_says_so_and_shows_the_newest(world, monkeypatch):
    # Counting every unlinked or matching release cost half a second at 1,000 teams: the
    # filtered list counts up to the cap and says "more than".
    from pom.delivery.views import releases as view

    monkeypatch.setattr(view, "CAP", 2)
    for day in (3, 2, 1):
        h.release(world, title=f"Unlinked fix {day}", shipped_at=h.ago(day))
    client = world.client("member")
    body = client.get("/delivery/releases/?linked=no").content.decode()
    assert "More than 2 releases match; these are the 2 newest" in body
    assert "Unlinked fix 1" in body
    body = client.get("/delivery/releases/?q=fix 1").content.decode()
    assert "More than" not in body and "Unlinked fix 1" in body
    # The whole list is counted exactly.
    assert "More than" not in client.get("/delivery/releases/").content.decode()
