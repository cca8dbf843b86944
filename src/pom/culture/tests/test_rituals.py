"""The ritual calendar: a team's cadences, last held read from pom's own records, next due and
overdue; the calendar page, the team's rituals page, the team panel and the home's to-do line."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pom.core.validation import today
from pom.culture import calendar, rituals
from pom.culture.models import RitualCadence, RitualLog
from pom.culture.tests import helpers as h
from pom.culture.tests import ritual_helpers as rh
from pom.discovery.tests import helpers as dh
from pom.strategy import services as strategy

pytestmark = pytest.mark.django_db


def text_of(response: Any) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def row_of(world: Any, team: Any = None) -> calendar.TeamRituals:
    (row,) = calendar.team_rows(world.org_a.pk, [team or h.team(world)], today())
    return row


def ritual(world: Any, kind: str, team: Any = None) -> calendar.Ritual:
    return next(r for r in row_of(world, team).rituals if r.kind == kind)


# --- Services and the calendar's figures ---------------------------------------------------------


def test_a_demo_cadence_counts_from_the_last_held_demo(world: Any) -> None:
    rh.cadence(world, "demo", every=2, starts_on=rh.days_ago(60))
    rh.demo_held(world, days=5)
    demo = ritual(world, "demo")
    assert demo.last_held == today() - timedelta(days=5)
    assert demo.next_due == today() + timedelta(days=9)
    assert not demo.overdue and demo.due_in == 9


def test_a_demo_held_longer_ago_than_its_cadence_is_overdue(world: Any) -> None:
    rh.cadence(world, "demo", every=1, starts_on=rh.days_ago(60))
    rh.demo_held(world, days=10)
    demo = ritual(world, "demo")
    assert demo.overdue and demo.days_overdue == 3


def test_a_ritual_never_held_is_due_on_its_first_day(world: Any) -> None:
    rh.cadence(world, "retro", every=2, starts_on=rh.days_ago(4))
    retro = ritual(world, "retro")
    assert retro.last_held is None
    assert retro.next_due == rh.days_ago(4) and retro.days_overdue == 4


def test_check_ins_on_the_teams_own_outcomes_are_its_check_in_ritual(world: Any) -> None:
    rh.cadence(world, "check_in", every=1, starts_on=rh.days_ago(60))
    outcome = h.outcome(world)
    strategy.record_check_in(h.bob(world), outcome, value=23, confidence=6, date=rh.days_ago(3))
    check_in = ritual(world, "check_in")
    assert check_in.last_held == rh.days_ago(3) and not check_in.overdue
    other = h.team(world, "Search")
    assert ritual(world, "check_in", other).last_held is None


def test_a_logged_retro_is_the_retro_last_held(world: Any) -> None:
    rh.cadence(world, "retro", every=2, starts_on=rh.days_ago(60))
    assert ritual(world, "retro").overdue
    rituals.log_retro(h.bob(world), team=h.team(world), held_on=rh.days_ago(2), note="Went well")
    retro = ritual(world, "retro")
    assert retro.last_held == rh.days_ago(2) and not retro.overdue


def test_the_portfolio_review_counts_from_the_last_held_review(world: Any) -> None:
    rh.cadence(world, "review", every=4, starts_on=rh.days_ago(90))
    assert calendar.review_ritual(world.org_a.pk, today()).overdue
    rh.review_held(world, days=30)
    review = calendar.review_ritual(world.org_a.pk, today())
    assert review.last_held == rh.days_ago(30) and review.days_overdue == 2
    rh.review_held(world, days=1)
    assert not calendar.review_ritual(world.org_a.pk, today()).overdue


def test_setting_a_cadence_again_changes_it_rather_than_adding_one(world: Any) -> None:
    first = rh.cadence(world, "demo", every=2)
    again, created = rituals.set_cadence(
        h.bob(world), team=h.team(world), kind="demo", every_weeks=3
    )
    assert not created and again.pk == first.pk and again.every_weeks == 3
    assert RitualCadence.objects.for_org(world.org_a).count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"every_weeks": 0}, "every_weeks"),
        ({"every_weeks": 27}, "every_weeks"),
        ({"every_weeks": "often"}, "every_weeks"),
        ({"every_weeks": None}, "every_weeks"),
        ({"kind": "party"}, "kind"),
        ({"starts_on": "2001-01-01"}, "starts_on"),
        ({"starts_on": "soon"}, "starts_on"),
        ({"team": None}, "team"),
        ({"kind": "review"}, "team"),
    ],
)
def test_a_bad_cadence_names_the_field_and_changes_nothing(
    world: Any, changes: dict[str, Any], field: str
) -> None:
    args = {"kind": "demo", "team": h.team(world), "every_weeks": 2} | changes
    with pytest.raises(ValidationError) as caught:
        rituals.set_cadence(world.membership("leader"), **args)
    assert field in caught.value.message_dict
    assert not RitualCadence.objects.for_org(world.org_a).exists()


def test_another_organizations_team_is_refused_as_a_field_error(world: Any) -> None:
    theirs = dh.team(world, "Theirs", org="b")
    with pytest.raises(ValidationError) as caught:
        rituals.set_cadence(world.membership("leader"), kind="demo", team=theirs.pk, every_weeks=2)
    assert "team" in caught.value.message_dict


def test_only_the_teams_people_and_leaders_set_its_cadence(world: Any) -> None:
    search = h.team(world, "Search")  # bob is on it
    other = dh.team(world, "Billing", with_bob=False)
    with pytest.raises(PermissionDenied):
        rituals.set_cadence(h.bob(world), kind="demo", team=other, every_weeks=2)
    with pytest.raises(PermissionDenied):
        rituals.set_cadence(
            world.membership("stakeholder"), kind="demo", team=search, every_weeks=2
        )
    with pytest.raises(PermissionDenied):
        rituals.set_cadence(h.bob(world), kind="review", every_weeks=4)
    rituals.set_cadence(world.membership("leader"), kind="demo", team=other, every_weeks=2)


def test_a_retro_cannot_be_logged_in_the_future(world: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        rituals.log_retro(
            h.bob(world), team=h.team(world), held_on=today() + timedelta(days=1), note=""
        )
    assert "held_on" in caught.value.message_dict
    assert not RitualLog.objects.for_org(world.org_a).exists()


# --- Pages ----------------------------------------------------------------------------------------


def test_a_member_sets_the_teams_demo_cadence_and_sees_the_next_one_due(world: Any) -> None:
    h.team(world)
    client = world.client("member")
    url = reverse("culture:team_rituals", args=["checkout"])
    response = client.post(
        url, {"kind": "demo", "every_weeks": "2", "starts_on": rh.days_ago(3).isoformat()}
    )
    assert response.status_code == 302 and response["Location"] == url
    page = text_of(client.get(url))
    assert "Overdue 3 days" in page
    rh.demo_held(world, days=1)
    page = text_of(client.get(url))
    due = today() + timedelta(days=13)
    assert "Due in 13 days" in page and f"Next: {due:%a} {due.day} {due:%b %Y}" in page


def test_a_bad_cadence_on_the_page_shows_under_its_field(world: Any) -> None:
    h.team(world)
    response = world.client("member").post(
        reverse("culture:team_rituals", args=["checkout"]), {"kind": "demo", "every_weeks": "99"}
    )
    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 26." in text_of(response)
    assert not RitualCadence.objects.for_org(world.org_a).exists()


def test_the_calendar_flags_overdue_rituals_and_filters_to_them(world: Any) -> None:
    rh.cadence(world, "demo", every=1, starts_on=rh.days_ago(10))
    search = dh.team(world, "Search", with_bob=False)
    rh.cadence(world, "retro", every=2, team=search, starts_on=rh.days_ago(1))
    rituals.log_retro(world.membership("leader"), team=search, held_on=rh.days_ago(1))
    client = world.client("viewer")
    page = text_of(client.get(reverse("culture:calendar")))
    assert "Checkout 1 overdue" in page and "Overdue 10 days" in page
    assert "Search" in page and "Due in 13 days" in page
    only = client.get(reverse("culture:calendar") + "?overdue=1")
    assert [r.team.name for r in only.context["page"].object_list] == ["Checkout"]
    one = client.get(reverse("culture:calendar") + f"?team={search.pk}")
    assert [r.team.name for r in one.context["page"].object_list] == ["Search"]
    none = text_of(client.get(reverse("culture:calendar") + f"?team={search.pk}&overdue=1"))
    assert "No team here has an overdue ritual." in none


def test_a_member_narrows_the_calendar_to_their_teams(world: Any) -> None:
    h.team(world)
    dh.team(world, "Search", with_bob=False)
    mine = world.client("member").get(reverse("culture:calendar") + "?mine=1")
    assert [r.team.name for r in mine.context["page"].object_list] == ["Checkout"]


def test_the_team_panel_shows_the_next_ritual_and_the_last_demo(world: Any) -> None:
    rh.cadence(world, "demo", every=2, starts_on=rh.days_ago(30))
    rh.cadence(world, "retro", every=2, starts_on=rh.days_ago(2))
    demo = rh.demo_held(world, days=20)
    page = text_of(world.client("viewer").get(reverse("teams:team", args=["checkout"])))
    assert "Next ritual: Discovery-delivery demo overdue 6 days" in page
    assert "2 rituals overdue" in page
    assert f"Last demo: {demo.title}" in page


def test_a_team_without_cadences_is_told_how_to_set_one(world: Any) -> None:
    h.team(world)
    page = text_of(world.client("viewer").get(reverse("teams:team", args=["checkout"])))
    assert "No ritual cadence set" in page


def test_a_leader_sets_the_portfolio_reviews_cadence(world: Any) -> None:
    client = world.client("leader")
    response = client.post(reverse("culture:review_cadence"), {"every_weeks": "4"})
    assert response.status_code == 302
    page = text_of(client.get(reverse("culture:calendar")))
    assert "Portfolio review the leaders', for the whole organization Due today" in page


def test_a_retro_is_logged_and_taken_back_from_the_team_page(world: Any) -> None:
    h.team(world)
    client = world.client("member")
    url = reverse("culture:retro_log", args=["checkout"])
    client.post(url, {"held_on": rh.days_ago(1).isoformat(), "note": "Shorter standups"})
    log = RitualLog.objects.for_org(world.org_a).get()
    page = text_of(client.get(reverse("culture:team_rituals", args=["checkout"])))
    assert "Shorter standups" in page
    client.post(reverse("culture:retro_delete", args=[log.pk]))
    assert not RitualLog.objects.for_org(world.org_a).exists()


def test_a_stopped_cadence_leaves_the_calendar(world: Any) -> None:
    made = rh.cadence(world, "demo", every=1, starts_on=rh.days_ago(10))
    world.client("member").post(reverse("culture:cadence_stop", args=[made.pk]))
    assert not RitualCadence.objects.for_org(world.org_a).exists()
    assert not ritual(world, "demo").overdue


# --- The home's to-do list ------------------------------------------------------------------------


def todo(world: Any, persona: str) -> dict[str, tuple[int, str]]:
    html = world.client(persona).get(reverse("core:home")).content.decode()
    found = {}
    for key, count, url in re.findall(
        r'data-key="([a-z_]+)">\s*<strong class="todo-count">(\d+)</strong>.*?<a href="([^"]+)"',
        html,
        flags=re.S,
    ):
        found[key] = (int(count), url.replace("&amp;", "&"))
    return found


def test_the_home_lists_teams_with_an_overdue_ritual_linked_to_exactly_those(world: Any) -> None:
    checkout = h.team(world)
    search = dh.team(world, "Search", with_bob=False)
    billing = dh.team(world, "Billing", with_bob=False)
    rh.cadence(world, "demo", every=1, starts_on=rh.days_ago(10))
    rh.cadence(world, "retro", every=1, team=search, starts_on=rh.days_ago(3))
    rh.cadence(world, "retro", every=1, team=billing, starts_on=rh.days_ago(0))
    found = todo(world, "leader")
    assert found["overdue_rituals"] == (2, reverse("culture:calendar") + "?overdue=1")
    listed = world.client("leader").get(found["overdue_rituals"][1])
    assert {r.team.name for r in listed.context["page"].object_list} == {"Checkout", "Search"}
    mine = todo(world, "member")
    assert mine["overdue_rituals"] == (
        1,
        reverse("culture:calendar") + f"?team={checkout.pk}&overdue=1",
    )


def test_the_home_tells_leaders_when_the_portfolio_review_is_overdue(world: Any) -> None:
    rh.cadence(world, "review", every=2, starts_on=rh.days_ago(1))
    assert todo(world, "leader")["overdue_review"] == (1, reverse("culture:reviews"))
    assert "overdue_review" not in todo(world, "member")
