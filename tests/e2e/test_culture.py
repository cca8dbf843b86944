"""The discovery-delivery demo in the browser: prepare it from the team page, present it with the
keyboard, hold it."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from pom.culture.models import Demo, DemoStatus
from pom.culture.tests import helpers as h
from tests.e2e.conftest import sign_in
from tests.fixtures import World


def test_a_team_prepares_presents_and_holds_its_demo(page: Any, world: World) -> None:
    h.period_of_work(world)
    sign_in(page, "bob@acme.test")
    page.goto("/teams/checkout/")
    page.get_by_role("link", name="Prepare the next demo").click()
    page.get_by_label("Narrative").fill("Two weeks on why repeat buyers stall.")
    page.get_by_role("button", name="Prepare the demo").click()
    expect(page.get_by_role("heading", level=1, name=re.compile("Checkout demo"))).to_be_visible()
    expect(page.get_by_text("Two weeks on why repeat buyers stall.")).to_be_visible()

    page.get_by_role("button", name="Present").click()
    expect(page.locator("body.presenting")).to_have_count(1)
    expect(page.locator("#slide-intro")).to_be_visible()
    expect(page.locator("#slide-outcomes")).to_be_hidden()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#slide-outcomes")).to_be_visible()
    expect(page.locator("#slide-intro")).to_be_hidden()
    expect(page.get_by_text("Slide 2 of 8")).to_be_visible()
    page.keyboard.press("End")
    expect(page.get_by_role("heading", name="What we will learn next")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("body.presenting")).to_have_count(0)

    page.get_by_role("button", name="Mark as held").click()
    expect(page.get_by_text(re.compile("frozen as shown"))).to_be_visible()
    expect(page.get_by_role("button", name="Mark as held")).to_have_count(0)
    assert Demo.objects.for_org(world.org_a).get().status == DemoStatus.HELD


def test_a_leader_runs_the_portfolio_review(page: Any, world: World) -> None:
    from pom.culture.tests import review_helpers as rh

    rh.portfolio(world)
    sign_in(page, "leo@acme.test")
    page.goto("/culture/reviews/")
    page.get_by_role("button", name="Start a review").click()
    expect(page.get_by_role("heading", name="Conversations to have first")).to_be_visible()
    expect(page.get_by_text("low confidence (2 of 10)")).to_be_visible()
    page.get_by_role("link", name="1. Win repeat buyers").click()
    expect(page.get_by_role("cell", name="Buyers reorder in one click")).to_be_visible()
    expect(page.get_by_text("Off track").first).to_be_visible()
    page.get_by_role("button", name="Edit notes").click()
    page.get_by_label("Notes").fill("Talk to Checkout about one-click reorder first.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Talk to Checkout about one-click reorder first.")).to_be_visible()
    page.get_by_role("button", name="Mark as held").click()
    expect(page.get_by_text(re.compile("frozen as shown"))).to_be_visible()
