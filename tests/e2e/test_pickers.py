"""Pickers in the browser (core/pickers.py): type, move with the arrow keys, pick with Enter,
submit, and see the result — attendees of a touchpoint (the team's people first), the input an
input repeats, the decision that supersedes another."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from pom.discovery import services
from pom.discovery.models import StakeholderInput, Triage
from pom.discovery.tests import helpers as h
from pom.teams.models import Person, TeamMember
from tests.e2e.conftest import sign_in
from tests.fixtures import World


def test_attendees_are_picked_by_keyboard_the_teams_people_first(page: Any, world: World) -> None:
    team = h.team(world, "Checkout")
    growth = h.team(world, "Growth", with_bob=False)
    ana = Person.objects.create(organization=world.org_a, name="Ana Lane", email="ana@x.test")
    TeamMember.objects.create(organization=world.org_a, team=team, person=ana)
    aaron = Person.objects.create(organization=world.org_a, name="Aaron Lane", email="aa@x.test")
    TeamMember.objects.create(organization=world.org_a, team=growth, person=aaron)
    sign_in(page, "bob@acme.test")
    page.goto("/discovery/touchpoints/")
    form = page.locator("#log")
    form.get_by_role("combobox", name="Team").fill("check")
    expect(page.get_by_role("option", name="Checkout")).to_be_visible()
    form.get_by_role("combobox", name="Team").press("ArrowDown")
    form.get_by_role("combobox", name="Team").press("Enter")
    expect(page.get_by_test_id("id_team-chosen")).to_contain_text("Checkout")
    form.get_by_label("Customer").fill("Dana at Initech")
    who = form.get_by_role("combobox", name="Who attended")
    who.fill("lane")
    options = page.locator("#id_attendees-listbox [role=option]")
    expect(options.first).to_contain_text("Ana Lane")  # on the team: before Aaron
    expect(options.nth(1)).to_contain_text("Aaron Lane")
    who.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    who.press("Enter")
    expect(page.get_by_test_id("id_attendees-chosen")).to_contain_text("Ana Lane")
    who.fill("ana")
    expect(page.get_by_text("No person matches “ana”")).to_be_visible()  # picked once, not twice
    who.press("Escape")
    form.get_by_role("button", name="Log touchpoint").click()
    expect(page.get_by_text(re.compile("Logged .* with 0 insights"))).to_be_visible()
    tp = team.touchpoints.get()
    assert [p.name for p in tp.attendees.all()] == ["Ana Lane"]


def test_an_input_is_marked_a_duplicate_of_one_found_by_search(page: Any, world: World) -> None:
    team = h.team(world)
    carol = world.membership("stakeholder")
    first = services.submit_input(
        carol, kind="constraint", text="Invoices over 10k need finance approval", team=team
    )
    services.submit_input(carol, kind="constraint", text="Big invoices need approval", team=team)
    sign_in(page, "bob@acme.test")
    page.goto("/discovery/inbox/")
    item = page.locator(".inbox-item").filter(has_text="Big invoices need approval")
    search = item.get_by_role("combobox", name="Duplicate of which input")
    search.fill("10k")
    expect(item.get_by_role("option", name=re.compile("Invoices over 10k"))).to_be_visible()
    search.press("ArrowDown")
    search.press("Enter")
    item.get_by_role("button", name="Mark duplicate").click()
    expect(page.get_by_text("Input marked as a duplicate")).to_be_visible()
    repeated = StakeholderInput.objects.for_org(world.org_a).get(text__startswith="Big")
    assert repeated.triage == Triage.DUPLICATE and repeated.duplicate_of == first


def test_a_decision_is_superseded_by_one_found_by_search(page: Any, world: World) -> None:
    leo = world.membership("leader")
    team = h.team(world)
    old = services.record_decision(leo, title="Sales-led onboarding", team=team)
    services.record_decision(leo, title="Self-serve onboarding", team=team)
    sign_in(page, "leo@acme.test")
    page.goto(f"/discovery/decisions/{old.pk}/")
    box = page.get_by_role("combobox", name="Find the decision that replaces it")
    box.fill("onboarding")
    listbox = page.locator("#successor-listbox")
    expect(listbox.get_by_role("option", name=re.compile("Self-serve onboarding"))).to_be_visible()
    expect(listbox).not_to_contain_text("Sales-led")  # it does not replace itself
    box.press("ArrowDown")
    box.press("Enter")
    page.get_by_role("button", name="Mark as superseded").click()
    expect(page.get_by_text("Review recorded: superseded")).to_be_visible()
    old.refresh_from_db()
    assert old.status == "superseded" and old.superseded_by.title == "Self-serve onboarding"
