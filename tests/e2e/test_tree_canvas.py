"""The opportunity solution tree as a canvas: fit to view, zoom, pan, full screen, the fourth
level (assumption tests, with their status and verdict in words) and the keyboard path."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from pom.accounts.models import User
from pom.discovery import services
from pom.discovery.tests import helpers as h
from pom.experiments import services as experiments
from tests.e2e.test_discovery import bob, sign_in
from tests.fixtures import World

LONG = (
    "I can't tell which of my past orders are still on their way when the carrier changes the "
    "delivery date without telling me"
)


def tree_with_tests(world: World) -> dict[str, Any]:
    team = h.team(world)
    outcome = h.outcome(world, team)
    actor = bob(world)
    opp = services.create_opportunity(actor, outcome=outcome, title=LONG)
    other = services.create_opportunity(actor, outcome=outcome, title="I don't trust the dates")
    sol = services.create_solution(actor, opportunity=opp, title="Live delivery tracking")
    belief = experiments.create_assumption(
        actor,
        solution=sol,
        statement="Customers look at the tracking page",
        risk_type="value",
        importance=5,
        evidence_strength=1,
    )
    planned = experiments.create_test(
        actor,
        team=team,
        title="Fake door: Track my order",
        method="fake_door",
        hypothesis="Customers click 'Track my order'",
        success_criterion="At least 10 % of visitors click",
        assumptions=[belief],
    )
    done = experiments.create_test(
        actor,
        team=team,
        title="Interviews on tracking",
        method="other",
        hypothesis="Customers want live tracking",
        success_criterion="Most of 8 customers ask for it unprompted",
        assumptions=[belief],
    )
    experiments.start_test(actor, done)
    experiments.conclude_test(
        actor, done, result="refuted", decision="pivot", rationale="Only 1 of 8 asked for it."
    )
    return {
        "outcome": outcome,
        "opp": opp,
        "other": other,
        "sol": sol,
        "planned": planned,
        "done": done,
    }


def zoom_of(page: Any) -> float:
    return float(page.locator("#tree svg").get_attribute("data-zoom"))


def test_fit_zoom_pan_and_open_a_test_from_the_fourth_level(page: Any, world: World) -> None:
    made = tree_with_tests(world)
    sign_in(page, "bob@acme.test")
    page.goto(f"/discovery/outcomes/{made['outcome'].pk}/tree/")
    canvas = page.locator("#tree")
    expect(canvas).to_have_attribute("data-ready", "1")
    expect(page.get_by_text("2 opportunities, 1 solution, 2 assumption tests")).to_be_visible()

    # The long title wraps inside its box: all of it is there, on several lines.
    opp = page.locator(f'[data-node="opportunity-{made["opp"].pk}"]')
    title_lines = opp.locator("text.title")
    assert title_lines.count() >= 3
    assert " ".join(title_lines.all_text_contents()) == LONG

    # The fourth level: each test says its status and verdict in words.
    done = page.locator(f'[data-node="test-{made["sol"].pk}-{made["done"].pk}"]')
    planned = page.locator(f'[data-node="test-{made["sol"].pk}-{made["planned"].pk}"]')
    expect(done).to_contain_text("Concluded: refuted, pivot")
    expect(planned).to_contain_text("Planned · Fake door")
    expect(page.locator(f'[data-node="solution-{made["sol"].pk}"]')).to_contain_text("1 assumption")

    # Fit to view: every box is inside the canvas.
    page.get_by_role("button", name="Zoom in").click()
    page.get_by_role("button", name="Zoom in").click()
    page.get_by_role("button", name="Fit to view").click()
    frame = canvas.bounding_box()
    for node in page.locator("#tree .node").all():
        b = node.bounding_box()
        assert frame["x"] <= b["x"] and b["x"] + b["width"] <= frame["x"] + frame["width"] + 1
        assert frame["y"] <= b["y"] and b["y"] + b["height"] <= frame["y"] + frame["height"] + 1
    fitted = zoom_of(page)

    # Zoom in, with the button and with the keyboard, and the zoom level says so.
    page.get_by_role("button", name="Zoom in").click()
    expect(page.get_by_label("Zoom level")).to_have_text(f"{round(fitted * 125)}%")
    canvas.focus()
    page.keyboard.press("+")
    assert zoom_of(page) > fitted * 1.5

    # Pan: drag the background, then the arrow keys; the boxes move with the canvas.
    canvas.scroll_into_view_if_needed()
    frame = canvas.bounding_box()
    before = opp.bounding_box()
    page.mouse.move(frame["x"] + 8, frame["y"] + frame["height"] - 8)
    page.mouse.down()
    page.mouse.move(frame["x"] + 128, frame["y"] + frame["height"] - 48, steps=5)
    page.mouse.up()
    after = opp.bounding_box()
    assert abs(after["x"] - before["x"] - 120) < 2
    canvas.focus()
    page.keyboard.press("ArrowLeft")
    assert opp.bounding_box()["x"] > after["x"] + 40

    # Full screen and back.
    page.get_by_role("button", name="Full screen").click()
    expect(page.locator(".tree-page")).to_have_class(re.compile("is-full"))
    expect(page.get_by_role("button", name="Leave full screen")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert canvas.bounding_box()["width"] > frame["width"]
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Full screen")).to_have_attribute(
        "aria-pressed", "false"
    )

    # One click from a test to its page.
    page.get_by_role("button", name="Fit to view").click()
    done.click()
    expect(page).to_have_url(re.compile(f"/experiments/tests/{made['done'].pk}/$"))
    expect(page.get_by_role("heading", name="Interviews on tracking")).to_be_visible()


def test_the_keyboard_walks_the_tree_opens_and_closes_branches(page: Any, world: World) -> None:
    made = tree_with_tests(world)
    sign_in(page, "bob@acme.test")
    page.goto(f"/discovery/outcomes/{made['outcome'].pk}/tree/")
    expect(page.locator("#tree")).to_have_attribute("data-ready", "1")
    root = page.locator(f'[data-node="outcome-{made["outcome"].pk}"]')
    opp = page.locator(f'[data-node="opportunity-{made["opp"].pk}"]')
    sol = page.locator(f'[data-node="solution-{made["sol"].pk}"]')
    tests = page.locator('#tree [data-kind="test"]')

    # Down from the opportunity goes to the next box down the page; Enter opens its panel.
    opp.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#panel").get_by_role("heading", name=LONG)).to_be_visible()

    # Close the solution's branch: its tests go; open it again: they are back, focus stays.
    sol.focus()
    page.keyboard.press("ArrowLeft")
    expect(sol).to_have_attribute("aria-expanded", "false")
    expect(tests).to_have_count(0)
    expect(sol).to_be_focused()
    expect(sol).to_contain_text("2")  # how many boxes are hidden under it
    page.keyboard.press("ArrowRight")
    expect(sol).to_have_attribute("aria-expanded", "true")
    expect(tests).to_have_count(2)
    expect(sol).to_be_focused()

    # Enter on a solution opens its panel, which still links to its assumptions and tests.
    page.keyboard.press("Enter")
    panel = page.locator("#panel")
    expect(panel.get_by_role("heading", name="Live delivery tracking")).to_be_visible()
    expect(panel.get_by_role("link", name="Assumptions and tests of this solution")).to_be_visible()

    # The arrows move between boxes; Enter on a test opens the test.
    root.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("() => document.activeElement.getAttribute('data-node')")
    assert focused and focused != f"outcome-{made['outcome'].pk}"
    done = page.locator(f'[data-node="test-{made["sol"].pk}-{made["done"].pk}"]')
    done.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"/experiments/tests/{made['done'].pk}/$"))


def test_the_tree_reads_and_links_without_javascript(
    browser: Any, live_server: Any, world: World
) -> None:
    made = tree_with_tests(world)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    client = Client()
    client.force_login(User.objects.get(email="bob@acme.test"))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    page = context.new_page()
    try:
        page.goto(f"/discovery/outcomes/{made['outcome'].pk}/tree/")
        done = page.locator(f'[data-node="test-{made["sol"].pk}-{made["done"].pk}"]')
        expect(done).to_contain_text("Concluded: refuted, pivot")
        expect(page.get_by_role("button", name="Fit to view")).to_be_hidden()
        page.locator(f'[data-node="opportunity-{made["opp"].pk}"]').click()
        expect(page.get_by_role("heading", name=LONG)).to_be_visible()
    finally:
        context.close()
