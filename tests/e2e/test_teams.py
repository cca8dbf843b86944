"""The teams pillar in a real browser: the index, a team, people, areas, the organization map,
imports and settings."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from pom.teams import services
from pom.teams.models import Team, TeamMember
from pom.teams.tests.helpers import acme
from tests.e2e.conftest import loaded, sign_in
from tests.fixtures import World


def test_the_index_filters_teams_and_shows_their_gaps(page: Any, world: World) -> None:
    acme(world)
    services.create_team(
        world.membership("leader"), name="Legacy Billing", operating_mode="project"
    )
    sign_in(page, "victor@acme.test")
    page.get_by_role("link", name="Teams", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Teams")
    rows = page.locator("#team-rows tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("no designer")
    # The filters answer a change through htmx, which runs once the page has loaded (deferred
    # script); until then the visible Filter button submits the form.
    loaded(page)
    page.get_by_label("Operating mode").select_option("project")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Legacy Billing")
    expect(page).to_have_url(re.compile(r"mode=project"))


def test_a_leader_creates_a_team_and_fills_the_trio(page: Any, world: World) -> None:
    leader = world.membership("leader")
    for name, email in (
        ("Pat Product", "pat@acme.test"),
        ("Dee Designer", "dee@acme.test"),
        ("Tim Tech", "tim@acme.test"),
    ):
        services.create_person(leader, name=name, email=email)
    sign_in(page, "leo@acme.test")
    page.goto("/teams/new/")
    page.get_by_label("Name", exact=True).fill("Search")
    page.get_by_role("textbox", name="Mission").fill("Customers find the right product in seconds")
    page.get_by_role("button", name="Create team").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Search")
    gap = page.locator(".composition-gap").first
    expect(gap).to_contain_text("no Product manager, no Product designer, no Tech lead")
    for name, email, role in (
        ("Pat Product", "pat@acme.test", "Product manager"),
        ("Dee Designer", "dee@acme.test", "Product designer"),
        ("Tim Tech", "tim@acme.test", "Tech lead"),
    ):
        page.get_by_label("Person (email)").fill(email)
        page.locator("#member-add").get_by_label("Role").select_option(label=role)
        page.get_by_role("button", name="Add to team").click()
        # Wait for this person's swap before filling the next form (htmx replaces it).
        expect(page.locator("#team-members")).to_contain_text(f"{name} joined Search")
    expect(page.locator(".composition-gap")).to_have_count(0)
    expect(page.locator("#team-members tbody tr")).to_have_count(3)
    # The team's figures at the top of the page follow the members (htmx swaps them too).
    figures = page.locator("#team-figures")
    expect(figures).to_contain_text("trio complete")
    expect(figures).to_contain_text("3 people")
    # Edit through the htmx form: a bad slug shows under its field, then a good save goes back.
    page.get_by_role("button", name="Edit team").click()
    page.get_by_label("Short address (optional)").fill("map")
    page.get_by_role("button", name="Save team").click()
    expect(page.locator(".field-error")).to_contain_text("reserved")
    # Save from a freshly loaded edit page: typing straight into the just-swapped form raced
    # htmx's focus restoration now and then and sent the text to another field.
    page.goto("/teams/search/edit/")
    slug = page.locator("#team-form #id_slug")
    slug.fill("search-team")
    expect(slug).to_have_value("search-team")
    page.locator("#team-form").get_by_role("button", name="Save team").click()
    expect(page).to_have_url(re.compile(r"/teams/search-team/$"))
    # Archive (htmx, after a confirmation): the page stays, marked archived, with a way back.
    page.get_by_role("button", name="Archive").click()
    expect(page.locator("main")).to_contain_text("This team is archived")
    expect(page.get_by_role("button", name="Restore")).to_be_visible()


def test_a_member_changes_an_allocation_on_their_team(page: Any, world: World) -> None:
    data = acme(world)
    sign_in(page, "bob@acme.test")
    page.goto("/teams/checkout/")
    page.get_by_label("Allocation of Bob Builder (%)").fill("40")
    page.locator(f"#member-{data.member.pk}").get_by_role("button", name="Save").click()
    expect(page.locator("#team-members")).to_contain_text("at 40%")
    assert TeamMember.objects.for_org(world.org_a).get(pk=data.member.pk).allocation == 40


def test_the_person_page_shows_teams_and_allocation(page: Any, world: World) -> None:
    data = acme(world)
    second = services.create_team(world.membership("leader"), name="Search")
    services.add_member(world.membership("leader"), second, person=data.bob, allocation=60)
    sign_in(page, "victor@acme.test")
    page.goto("/teams/people/")
    page.get_by_label("Find a person").fill("bob")
    expect(page.locator("#people-rows tbody tr")).to_have_count(1)
    page.get_by_role("link", name="Bob Builder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bob Builder")
    expect(page.locator("main")).to_contain_text("120%")
    expect(page.get_by_role("link", name="Search")).to_be_visible()


def test_the_organization_map_draws_real_teams(page: Any, world: World) -> None:
    acme(world)
    leader = world.membership("leader")
    growth = services.create_area(leader, name="Growth")
    for i in range(30):
        services.create_team(
            leader,
            name=f"Growth {i:02d}",
            product_area=growth,
            operating_mode="project" if i % 3 == 0 else "product",
            pilot_status="pilot" if i == 4 else "none",
        )
    sign_in(page, "victor@acme.test")
    page.goto("/teams/map/")
    expect(page.locator("#org-map[data-ready=true]")).to_be_visible()
    expect(page.locator(".map-area")).to_have_count(2)
    expect(page.locator(".tile")).to_have_count(31)
    expect(page.locator(".tile.mode-project")).to_have_count(10)
    checkout = page.get_by_role("link", name=re.compile(r"^Checkout · 2 people"))
    expect(checkout).to_have_attribute("title", re.compile("no product designer"))
    page.get_by_label("Highlight").select_option("pilot")
    expect(page.locator(".tile:not(.dim)")).to_have_count(1)
    checkout.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/teams/checkout/$"))


def test_areas_and_settings_pages(page: Any, world: World) -> None:
    acme(world)
    sign_in(page, "leo@acme.test")
    page.goto("/teams/areas/")
    page.get_by_label("Name").fill("Growth")
    page.get_by_label("Leader (email)").fill("pat@acme.test")
    page.get_by_role("button", name="Create area").click()
    expect(page.get_by_role("cell", name=re.compile("Growth"))).to_be_visible()
    expect(page.get_by_role("link", name="Pat Product").first).to_be_visible()
    page.goto("/teams/settings/")
    page.get_by_label("Team size limit").fill("1")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".field-error")).to_be_visible()
    page.get_by_label("Team size limit").fill("8")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("saved")


def test_a_csv_import_is_previewed_then_applied(page: Any, world: World) -> None:
    acme(world)
    sign_in(page, "leo@acme.test")
    page.goto("/teams/import/")
    page.get_by_label("Content", exact=True).fill(
        "name,email,team,role\nDee Designer,dee@acme.test,checkout,designer\n"
    )
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#import-result")).to_contain_text("Put Dee Designer on Checkout")
    assert (
        not TeamMember.objects.for_org(world.org_a).filter(person__email="dee@acme.test").exists()
    )
    page.get_by_role("button", name=re.compile("Apply 2 changes")).click()
    expect(page).to_have_url(re.compile(r"/teams/$"))
    expect(page.locator(".messages")).to_contain_text("Imported")
    assert Team.objects.for_org(world.org_a).get(slug="checkout").members.count() == 3


def test_a_refused_htmx_action_says_who_may_do_it(page: Any, world: World) -> None:
    data = acme(world)
    sign_in(page, "bob@acme.test")
    page.goto("/teams/checkout/")
    figures = page.locator("#team-figures")
    expect(figures).to_contain_text("2 people")
    # While bob has the page open, an owner makes him a viewer: his next change is refused.
    from pom.accounts import services as accounts

    accounts.change_role(world.membership("owner"), world.membership("member"), role="viewer")
    page.get_by_label("Allocation of Bob Builder (%)").fill("40")
    page.locator(f"#member-{data.member.pk}").get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_have_text(
        re.compile(
            r"Only Checkout's own members, and leaders and owners can change this team\. "
            r"You are a viewer here\."
        )
    )
    assert TeamMember.objects.for_org(world.org_a).get(pk=data.member.pk).allocation == 60
