"""The home in a real browser: a leader sees what needs them today, follows one item to where it
is fixed, fixes it, and the home no longer lists it; a member sees their team's list."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from pom.discovery import services as discovery
from pom.discovery.tests import helpers as h
from pom.strategy import services as strategy
from pom.strategy.tests.helpers import clear_outcome
from tests.e2e.conftest import sign_in
from tests.fixtures import World


def off_track_outcome(world: World) -> Any:
    leo = world.membership("leader")
    checkout = h.team(world, "Checkout")
    outcome = strategy.create_outcome(leo, **clear_outcome(owner_team=checkout))
    strategy.record_check_in(
        leo, outcome, value=30, confidence=2, status="off_track", date=h.days_ago(2)
    )
    discovery.submit_input(
        world.membership("stakeholder"), kind="context", text="Pricing moves in Q3", team=checkout
    )
    return outcome


def test_a_leader_follows_the_home_to_an_off_track_outcome_and_checks_in(
    page: Any, world: World
) -> None:
    outcome = off_track_outcome(world)
    sign_in(page, "leo@acme.test")
    todo = page.locator(".todo-list")
    expect(page.get_by_role("heading", name="Needs attention")).to_be_visible()
    expect(todo.locator('[data-key="off_track_outcomes"]')).to_contain_text("1 outcome off track")
    expect(todo.locator('[data-key="untriaged_input"]')).to_contain_text(
        "1 stakeholder input waiting for triage"
    )

    page.get_by_role("link", name="Decide what changes: 1 outcome off track").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(outcome.title)
    page.get_by_role("button", name="Check in", exact=True).click()
    page.get_by_label("Current value").fill("36")
    page.get_by_label("Confidence").fill("8")
    page.get_by_label("On track").check()
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_test_id("track-status")).to_have_text("On track")

    page.get_by_role("link", name="pom home").click()
    expect(page.get_by_role("heading", name="Needs attention")).to_be_visible()
    expect(todo.locator('[data-key="off_track_outcomes"]')).to_have_count(0)
    expect(page.get_by_test_id("clear")).to_contain_text("outcomes off track")

    # The inbox item opens the inbox, where the input waits.
    page.get_by_role("link", name="Triage: 1 stakeholder input waiting for triage").click()
    expect(page.get_by_text("Pricing moves in Q3")).to_be_visible()


def test_a_member_sees_their_teams_list(page: Any, world: World) -> None:
    off_track_outcome(world)
    sign_in(page, "bob@acme.test")
    expect(page.get_by_test_id("todo-scope")).to_have_text("For your team.")
    expect(page.locator('[data-key="off_track_outcomes"]')).to_contain_text("1 outcome off track")
    expect(page.locator('[data-key="trio_gaps"]')).to_contain_text(
        "1 team without a full product trio"
    )
