"""Decisions that age, in a real browser: a leader sets "revisit if activation falls below 30%",
the number falls, and the decision comes back on the home's to-do list and the filtered log; and
principles a decision cites, counted on the principles page."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from pom.discovery import services as discovery
from pom.discovery.tests import helpers as h
from tests.e2e.conftest import loaded, sign_in
from tests.fixtures import World


def test_a_leader_sets_a_revisit_condition_and_the_decision_comes_back_when_met(
    page: Any, world: World
) -> None:
    leo = world.membership("leader")
    checkout = h.team(world, "Checkout")
    activation = h.metric(world, "Activation", value=34.0)
    decision = discovery.record_decision(
        leo, title="Self-serve onboarding only", team=checkout, rationale="Sales calls do not scale"
    )
    discovery.record_decision(
        leo,
        title="Weekly pricing review",
        team=checkout,
        decided_on=h.days_ago(30),
        revisit_on=h.days_ago(1),
    )
    discovery.record_decision(leo, title="Keep the free plan", team=checkout)
    sign_in(page, "leo@acme.test")

    page.goto(f"/discovery/decisions/{decision.pk}/")
    page.get_by_text("Edit the decision").click()
    metric = page.get_by_role("combobox", name="…or revisit if the metric")
    metric.fill("activ")
    expect(page.get_by_role("option", name=re.compile("Activation"))).to_be_visible()
    metric.press("ArrowDown")
    metric.press("Enter")
    page.get_by_label("Comparison").select_option("below")
    page.get_by_label("Threshold").fill("30")
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_test_id("revisit-when")).to_contain_text("if Activation falls below 30%")
    expect(page.get_by_test_id("revisit-due")).to_have_count(0)

    # The next refresh of the metric brings 28%: the condition is met.
    h.set_latest(activation, 28.0, h.TODAY())
    page.get_by_role("link", name="pom home").click()
    todo = page.locator(".todo-list")
    expect(todo.locator('[data-key="decisions_due"]')).to_contain_text(
        "2 decisions due for revisit"
    )
    page.get_by_role("link", name="Revisit: 2 decisions due for revisit").click()
    log = page.locator("#decision-list")
    expect(log).to_contain_text("Self-serve onboarding only")
    expect(log).to_contain_text("Weekly pricing review")
    expect(log).not_to_contain_text("Keep the free plan")
    expect(page.get_by_label("Due for revisit")).to_be_checked()

    # Revisit it: keep it, with a note; it leaves the list.
    log.get_by_role("link", name="Self-serve onboarding only").click()
    expect(page.get_by_test_id("revisit-due")).to_contain_text("the metric is at 28")
    page.get_by_label("Keep it").check()
    page.get_by_label("Note").fill("A seasonal dip; we look again at the next data")
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_test_id("revisit-due")).to_have_count(0)
    expect(page.get_by_text("A seasonal dip; we look again at the next data")).to_be_visible()
    page.get_by_role("link", name="pom home").click()
    expect(todo.locator('[data-key="decisions_due"]')).to_contain_text("1 decision due for revisit")


def test_a_decision_cites_principles_and_the_principles_page_counts_them(
    page: Any, world: World
) -> None:
    sign_in(page, "leo@acme.test")
    page.goto("/strategy/principles/")
    expect(page.get_by_text("No principles yet.")).to_be_visible()
    page.get_by_role("textbox", name="Principle").fill("Customers own their data")
    page.get_by_role("button", name="Add principle").click()
    expect(page.get_by_test_id("principles")).to_contain_text("Customers own their data")
    page.get_by_text("Add a principle").click()  # folded once there is a list
    page.get_by_role("textbox", name="Principle").fill("Clarity over features")
    page.get_by_role("button", name="Add principle").click()
    loaded(page)
    page.get_by_role("button", name="Move “Clarity over features” up").click()
    principles = page.get_by_test_id("principles")
    expect(principles.locator("li").first).to_contain_text("Clarity over features")

    page.goto("/discovery/decisions/")
    page.get_by_text("Record a decision").click()
    page.get_by_label("What was decided").fill("One plan, no add-ons")
    page.get_by_role("checkbox", name="Clarity over features").check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("One plan, no add-ons")
    page.get_by_role("link", name="1. Clarity over features").click()

    expect(principles.locator("li").first).to_contain_text("cited by 1 decision")
    expect(principles.locator("li").nth(1)).to_contain_text("cited by 0 decisions")
    principles.get_by_role("link", name="cited by 1 decision").click()
    expect(page.locator("#decision-list")).to_contain_text("One plan, no add-ons")
