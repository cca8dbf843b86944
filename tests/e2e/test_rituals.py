"""The ritual calendar in the browser: a team sets its demo cadence from its page and sees the
next one due; another team's late retro shows as overdue on the calendar and on the home."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from playwright.sync_api import expect

from pom.core.validation import today
from pom.culture.tests import helpers as h
from pom.culture.tests import ritual_helpers as rh
from pom.discovery.tests import helpers as dh
from tests.e2e.conftest import loaded, sign_in
from tests.fixtures import World


def test_a_team_sets_its_demo_cadence_and_an_overdue_ritual_shows_on_the_calendar(
    page: Any, world: World
) -> None:
    h.team(world)
    search = dh.team(world, "Search", with_bob=False)
    rh.cadence(world, "retro", every=2, team=search, starts_on=rh.days_ago(5))
    sign_in(page, "bob@acme.test")

    page.goto("/teams/checkout/")
    expect(page.get_by_text("No ritual cadence set")).to_be_visible()
    page.get_by_role("link", name="Rituals and cadences →").click()
    loaded(page)
    page.get_by_label("Ritual").select_option(label="Discovery-delivery demo")
    page.get_by_label("Every how many weeks").fill("2")
    page.get_by_label("First due on").fill((today() + timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Save the cadence").click()
    expect(
        page.get_by_text("Discovery-delivery demo every 2 weeks: on the calendar.")
    ).to_be_visible()
    demo = page.locator('.ritual-card[data-kind="demo"]')
    expect(demo).to_contain_text("Due in 3 days")

    page.goto("/teams/checkout/")
    expect(page.get_by_test_id("next-ritual")).to_contain_text("Discovery-delivery demo")
    expect(page.get_by_test_id("next-ritual")).to_contain_text("in 3 days")

    page.goto("/culture/rituals/")
    expect(page.locator('tr[data-team="search"]')).to_contain_text("Overdue 5 days")
    expect(page.locator('tr[data-team="checkout"]')).to_contain_text("Due in 3 days")
    page.get_by_label("Only teams with an overdue ritual").check()
    page.get_by_role("button", name="Filter").click()
    expect(page.locator('tr[data-team="search"]')).to_be_visible()
    expect(page.locator('tr[data-team="checkout"]')).to_have_count(0)


def test_a_person_turns_the_digest_off_in_their_preferences(page: Any, world: World) -> None:
    sign_in(page, "bob@acme.test")
    page.goto("/culture/")
    page.get_by_role("link", name="Notifications").click()
    loaded(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("What I receive")
    digest = page.get_by_label("Send me the weekly digest")
    expect(digest).to_be_checked()
    digest.uncheck()
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Saved: you receive what you chose.")).to_be_visible()
    expect(page.get_by_label("Send me the weekly digest")).not_to_be_checked()
    expect(page.get_by_label("Tell me when my input is triaged")).to_be_checked()
