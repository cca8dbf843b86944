"""Pages: preparing a demo in a minute, the presentable demo, Markdown, holding and the team panel."""

from __future__ import annotations

from typing import Any

import pytest

from pom.culture.models import Demo
from pom.culture.tests import helpers as h
from pom.discovery.tests import helpers as dh

pytestmark = pytest.mark.django_db


def test_a_member_prepares_the_teams_demo_from_its_records(world: Any) -> None:
    h.period_of_work(world)
    client = world.client("member")
    form = client.get("/culture/teams/checkout/demos/new/").content.decode()
    assert f'value="{h.days_ago(13).isoformat()}"' in form  # the default period is filled in
    response = client.post(
        "/culture/teams/checkout/demos/new/", {"narrative": "Two weeks on reordering."}
    )
    demo = Demo.objects.for_org(world.org_a).get()
    assert response.status_code == 302 and response["Location"] == f"/culture/demos/{demo.pk}/"
    page = client.get(response["Location"]).content.decode()
    for shown in (
        "Two weeks on reordering.",
        "24%",
        "I buy the same coffee every month",
        "I can&#x27;t reorder what I bought",
        "Reorder button A/B",
        "Kill: Reminder fake door",
        "Payments team has not exposed saved cards yet",
        "Saved-basket prototype",
        "Reorder button to 10% of customers",
        "Unlinked work",
        "data-present",
        "culture/culture.js",
    ):
        assert shown in page, shown


def test_a_bad_period_shows_the_error_under_the_field_and_saves_nothing(world: Any) -> None:
    h.team(world)
    response = world.client("member").post(
        "/culture/teams/checkout/demos/new/",
        {"period_start": h.days_ago(2).isoformat(), "period_end": h.days_ago(5).isoformat()},
    )
    assert response.status_code == 400
    assert "The period ends before it starts." in response.content.decode()
    assert not Demo.objects.for_org(world.org_a).exists()


def test_an_empty_period_says_what_it_has_no_data_for(world: Any) -> None:
    demo = h.demo(world)
    page = world.client("viewer").get(f"/culture/demos/{demo.pk}/").content.decode()
    assert "What this period has no data for" in page
    assert "No insight was recorded" in page


def test_markdown_export_downloads_the_demo(world: Any) -> None:
    h.period_of_work(world)
    demo = h.demo(world, narrative="Our story")
    response = world.client("viewer").get(f"/culture/demos/{demo.pk}/markdown/")
    assert response["Content-Type"].startswith("text/markdown")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    assert text.startswith(f"# {demo.title}") and "Our story" in text
    assert "](http://testserver/strategy/outcomes/" in text


def test_holding_freezes_the_page_and_the_edit_form_is_refused(world: Any) -> None:
    demo = h.demo(world)
    client = world.client("member")
    client.post(f"/culture/demos/{demo.pk}/hold/")
    page = client.get(f"/culture/demos/{demo.pk}/").content.decode()
    assert "frozen as shown" in page and "Mark as held" not in page
    response = client.get(f"/culture/demos/{demo.pk}/edit/", follow=True)
    assert "frozen as it was shown" in response.content.decode()
    client.post(f"/culture/demos/{demo.pk}/delete/")
    assert Demo.objects.for_org(world.org_a).filter(pk=demo.pk).exists()


def test_index_finds_teams_by_name_and_lists_demos(world: Any) -> None:
    h.held_demo(world)
    dh.team(world, "Search", with_bob=False)
    page = world.client("leader").get("/culture/?q=sear").content.decode()
    assert "Prepare a demo of Search" in page and "Prepare a demo of Checkout" not in page
    assert "Checkout demo" in page and "Held" in page
    mine = world.client("member").get("/culture/").content.decode()
    assert 'href="/culture/teams/checkout/demos/new/"' in mine  # bob's own team, no search needed


def test_demos_list_ignores_a_team_it_cannot_read(world: Any) -> None:
    h.held_demo(world)
    for team in ("abc", "0", "999999"):
        response = world.client("leader").get(f"/culture/?team={team}")
        assert response.status_code == 200
        assert "Checkout demo" in response.content.decode()


def test_the_team_page_shows_the_culture_panel(world: Any) -> None:
    h.held_demo(world)
    page = world.client("member").get("/teams/checkout/").content.decode()
    assert "Last demo:" in page and "Prepare the next demo" in page
