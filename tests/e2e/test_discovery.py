"""Discovery in the browser: one test per page, including drag and drop on the tree."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from pom.accounts.models import User
from pom.discovery import services
from pom.discovery.models import Opportunity, StakeholderInput, Triage
from pom.discovery.tests import helpers as h
from tests.e2e.conftest import loaded
from tests.fixtures import World


def sign_in(page: Any, email: str) -> None:
    """Start signed in, through a session cookie.

    Signing in through the form in every test trips the per-address sign-in rate limit (all
    browser tests come from 127.0.0.1); the sign-in form itself is tested with accounts.
    """
    client = Client()
    client.force_login(User.objects.get(email=email))
    page.goto("/accounts/login/")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    origin = page.evaluate("() => location.origin")
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": origin}]
    )
    page.goto("/")


def bob(world: World) -> Any:
    return world.membership("member")


def test_overview_lists_teams_cadence_and_trees(page: Any, world: World) -> None:
    team = h.team(world)
    outcome = h.outcome(world, team, "More repeat buyers")
    services.record_touchpoint(bob(world), team=team, happened_on=h.days_ago(0))
    sign_in(page, "bob@acme.test")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Discovery").click()
    expect(page.get_by_role("heading", name="Discovery", exact=True)).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Checkout")).to_contain_text("1 week")
    page.get_by_role("link", name="More repeat buyers").click()
    expect(page).to_have_url(re.compile(f"/discovery/outcomes/{outcome.pk}/tree/"))


def test_team_page_shows_the_heatmap_trio_and_targeted_opportunity(page: Any, world: World) -> None:
    team = h.team(world)
    outcome = h.outcome(world, team)
    opp = services.create_opportunity(bob(world), outcome=outcome, title="I can't reorder quickly")
    services.set_target(bob(world), opp)
    pm = h.team(world).members.get().person
    services.record_touchpoint(
        bob(world),
        team=team,
        happened_on=h.days_ago(0),
        attendees=[pm],
        insights=[{"text": "Reorder is buried"}],
    )
    sign_in(page, "bob@acme.test")
    page.goto(f"/discovery/teams/{team.pk}/")
    expect(page.get_by_role("heading", name="Checkout: discovery")).to_be_visible()
    expect(page.get_by_text("1 week in a row")).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("Touchpoints per week"))).to_be_visible()
    expect(page.locator(".trio li").filter(has_text="Product manager")).to_contain_text(
        "1 of 1 touchpoint"
    )
    expect(page.get_by_role("link", name="I can't reorder quickly")).to_be_visible()
    expect(page.get_by_text("Reorder is buried")).to_be_visible()


def test_log_an_interview_with_its_insights_in_one_form(page: Any, world: World) -> None:
    h.team(world)
    sign_in(page, "bob@acme.test")
    page.goto("/discovery/touchpoints/")
    expect(page.get_by_text("No touchpoints yet")).to_be_visible()
    form = page.locator("#log")
    team = form.get_by_role("combobox", name="Team")
    team.fill("check")
    expect(page.get_by_role("option", name="Checkout")).to_be_visible()
    team.press("ArrowDown")
    team.press("Enter")
    expect(page.get_by_test_id("id_team-chosen")).to_contain_text("Checkout")
    form.get_by_label("Customer").fill("Ann Lee")
    form.get_by_label("Company").fill("Globex")
    form.get_by_label("Insights").fill(
        '"Exports take forever" #export\nShe keeps a spreadsheet on the side #workaround'
    )
    who = form.get_by_role("combobox", name="Who attended")
    who.fill("bob")
    expect(page.locator("#id_attendees-listbox [role=option]").first).to_contain_text("Bob")
    who.press("ArrowDown")
    who.press("Enter")
    expect(page.get_by_test_id("id_attendees-chosen")).to_contain_text("Bob")
    form.get_by_role("button", name="Log touchpoint").click()
    expect(
        page.get_by_text(re.compile("Logged Interview with Ann Lee .* with 2 insights"))
    ).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Ann Lee")
    expect(row).to_contain_text("Globex")
    expect(row).to_contain_text("Bob")
    row.get_by_role("link").click()
    expect(page.get_by_text("Exports take forever")).to_be_visible()


def test_a_touchpoint_in_the_future_is_refused_with_a_clear_message(
    page: Any, world: World
) -> None:
    h.team(world)
    sign_in(page, "bob@acme.test")
    page.goto("/discovery/touchpoints/")
    page.get_by_label("Date").fill("2099-01-01")
    page.get_by_label("Insights").fill("#only-a-tag")
    page.get_by_role("button", name="Log touchpoint").click()
    expect(page.get_by_text("Line 1 has tags but no insight text.")).to_be_visible()


def test_search_insights_filter_by_tag_and_link_one_to_an_opportunity(
    page: Any, world: World
) -> None:
    team = h.team(world)
    outcome = h.outcome(world, team)
    opp = services.create_opportunity(bob(world), outcome=outcome, title="I can't export invoices")
    services.add_insight(
        bob(world), team=team, text="Exporting invoices takes an hour", tags=["billing"]
    )
    services.add_insight(bob(world), team=team, text="The dashboard is pretty", tags=["ui"])
    sign_in(page, "bob@acme.test")
    page.goto("/discovery/insights/")
    page.get_by_label("Search insights").fill("invoice export")
    expect(page.get_by_text("1 insight matches")).to_be_visible()
    expect(page.get_by_text("The dashboard is pretty")).to_have_count(0)
    page.get_by_label("Search insights").fill("")
    page.get_by_label("ui", exact=True).check()
    expect(page.get_by_text("The dashboard is pretty")).to_be_visible()
    expect(page.get_by_text("Exporting invoices takes an hour")).to_have_count(0)
    page.goto("/discovery/insights/?tag=billing")
    link = page.get_by_role("combobox", name="Link this insight to an opportunity")
    link.fill("export")
    expect(page.get_by_role("option", name=re.compile("I can't export invoices"))).to_be_visible()
    link.press("ArrowDown")
    link.press("Enter")
    page.get_by_role("button", name="Link to opportunity").click()
    expect(
        page.get_by_text("The insight is now evidence for “I can't export invoices”")
    ).to_be_visible()
    assert opp.insights.count() == 1


def test_drag_an_opportunity_onto_another_and_move_one_back_with_the_keyboard(
    page: Any, world: World
) -> None:
    team = h.team(world)
    outcome = h.outcome(world, team)
    a = services.create_opportunity(bob(world), outcome=outcome, title="I can't find past orders")
    b = services.create_opportunity(
        bob(world), outcome=outcome, title="I don't trust delivery dates"
    )
    child = services.create_opportunity(
        bob(world), outcome=outcome, parent=a, title="Search misses old orders"
    )
    sign_in(page, "bob@acme.test")
    page.goto(f"/discovery/outcomes/{outcome.pk}/tree/")
    source = page.locator(f'[data-node="opportunity-{b.pk}"]')
    target = page.locator(f'[data-node="opportunity-{a.pk}"]')
    expect(source).to_be_visible()
    source.drag_to(target)
    expect(page.get_by_role("status")).to_contain_text("Moved “I don't trust delivery dates”")
    expect(
        page.locator("#panel").get_by_role("heading", name="I don't trust delivery dates")
    ).to_be_visible()
    b.refresh_from_db()
    assert b.parent_id == a.pk

    # A cycle by drag and drop is refused in the browser and nothing changes.
    page.locator(f'[data-node="opportunity-{a.pk}"] rect.box').drag_to(
        page.locator(f'[data-node="opportunity-{child.pk}"] rect.box')
    )
    expect(page.get_by_role("status")).to_contain_text("inside its own subtree")
    page.goto(f"/discovery/outcomes/{outcome.pk}/tree/")
    a.refresh_from_db()
    assert a.parent_id is None

    # The keyboard way: focus the node, Enter opens the side panel, "Move under…" moves it.
    page.locator(f'[data-node="opportunity-{b.pk}"]').focus()
    page.keyboard.press("Enter")
    panel = page.locator("#panel")
    expect(panel.get_by_role("heading", name="I don't trust delivery dates")).to_be_visible()
    panel.get_by_label("Move under…").select_option(label="The outcome (top level)")
    panel.get_by_role("button", name="Move", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Moved “I don't trust delivery dates”.")
    b.refresh_from_db()
    assert b.parent_id is None


def test_edit_an_opportunity_in_the_side_panel_and_export_the_tree(page: Any, world: World) -> None:
    team = h.team(world)
    outcome = h.outcome(world, team)
    opp = services.create_opportunity(bob(world), outcome=outcome, title="I can't pay by invoice")
    sign_in(page, "bob@acme.test")
    page.goto(f"/discovery/outcomes/{outcome.pk}/tree/")
    page.locator(f'[data-node="opportunity-{opp.pk}"]').click()
    panel = page.locator("#panel")
    panel.get_by_label("Stage").select_option("now")
    panel.get_by_label("Targeted: the one we are working on").check()
    panel.get_by_role("button", name="Save opportunity").click()
    expect(page.locator(f'[data-node="opportunity-{opp.pk}"]')).to_have_attribute(
        "aria-label", re.compile("Now, no evidence, targeted")
    )
    opp.refresh_from_db()
    assert opp.targeted and opp.stage == "now"
    with page.expect_download() as download:
        page.get_by_role("button", name="Export SVG").click()
    assert download.value.suggested_filename == f"opportunity-tree-{outcome.pk}.svg"
    with page.expect_download() as png:
        page.get_by_role("button", name="Export PNG").click()
    assert png.value.suggested_filename.endswith(".png")


def test_a_stakeholder_gives_input_and_the_team_triages_it(
    page: Any, world: World, browser: Any, live_server: Any
) -> None:
    team = h.team(world)
    outcome = h.outcome(world, team)
    services.create_opportunity(bob(world), outcome=outcome, title="I can't get invoices approved")
    sign_in(page, "carol@acme.test")
    page.goto("/discovery/inbox/")
    page.get_by_text("Give input to a team").click()
    page.get_by_label("Kind").select_option("constraint")
    page.get_by_label("Your input").fill("Finance must approve every invoice over 10k")
    team_box = page.get_by_role("combobox", name="For team")
    team_box.fill("Check")
    expect(page.get_by_role("option", name="Checkout")).to_be_visible()
    team_box.press("ArrowDown")
    team_box.press("Enter")
    page.get_by_role("button", name="Send input").click()
    expect(page.get_by_text("your input is in the team's inbox")).to_be_visible()
    expect(page.get_by_role("button", name="Link to opportunity")).to_have_count(
        0
    )  # stakeholders do not triage

    context = browser.new_context(base_url=live_server.url)
    team_page = context.new_page()
    sign_in(team_page, "bob@acme.test")
    team_page.goto("/discovery/inbox/")
    item = team_page.locator(".inbox-item").filter(has_text="Finance must approve")
    link = item.get_by_role("combobox", name="Opportunity", exact=True)
    link.fill("invoices")
    item.get_by_role("option", name=re.compile("I can't get invoices approved")).click()
    item.get_by_role("button", name="Link to opportunity").click()
    expect(team_page.get_by_text("Input linked to the opportunity")).to_be_visible()
    assert StakeholderInput.objects.for_org(world.org_a).get().triage == Triage.LINKED
    context.close()


def test_record_a_decision_and_filter_the_log(page: Any, world: World) -> None:
    h.team(world)
    sign_in(page, "leo@acme.test")
    page.goto("/discovery/decisions/")
    expect(page.get_by_text("No decisions recorded yet")).to_be_visible()
    page.get_by_text("Record a decision").click()
    page.get_by_label("What was decided").fill("Pause the loyalty programme")
    page.get_by_label(re.compile("^Whose decision")).select_option("leadership")
    page.get_by_label("Decided by").fill("Leadership team")
    page.get_by_label("Why").fill("Margins first this quarter")
    page.get_by_role("button", name="Record decision").click()
    # Recorded, the decision opens on its own page (to set when to revisit it), then the log.
    expect(loaded(page).get_by_text("Decision recorded.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pause the loyalty programme")
    expect(page.get_by_test_id("decision-status")).to_contain_text("Leadership")
    expect(page.get_by_role("main")).to_contain_text("leo@acme.test")  # who wrote it down
    page.get_by_role("link", name="← Decision log").click()
    row = loaded(page).get_by_role("row").filter(has_text="Pause the loyalty programme")
    expect(row).to_contain_text("Leadership")
    expect(row).to_contain_text("Accepted")
    page.get_by_label("Show").select_option("team")
    expect(page.get_by_text("No decisions match these filters")).to_be_visible()


def test_import_interview_notes_preview_then_apply(page: Any, world: World, tmp_path: Any) -> None:
    h.team(world)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "date,customer,company,text,tags\n2026-01-05,Ann,Globex,Slow export,export\n2099-01-01,Bo,,Future,\n"
    )
    good = tmp_path / "notes.csv"
    good.write_text(
        "date,customer,company,text,tags\n2026-01-05,Ann,Globex,Slow export,export\n2026-01-05,Ann,Globex,Wants SSO,sso\n"
    )
    sign_in(page, "bob@acme.test")
    page.goto("/discovery/import/")
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("Row 3: 2099-01-01 is in the future.")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Import"))).to_have_count(0)
    page.locator("input[type=file]").set_input_files(str(good))
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("2 notes ready.")).to_be_visible()
    page.get_by_role("button", name="Import 2 notes").click()
    expect(page.get_by_text("Imported 2 insight(s) from 1 touchpoint(s).")).to_be_visible()
    expect(page.get_by_text("Wants SSO")).to_be_visible()


def test_a_viewer_reads_the_tree_but_cannot_move_anything(page: Any, world: World) -> None:
    team = h.team(world)
    outcome = h.outcome(world, team)
    a = services.create_opportunity(bob(world), outcome=outcome, title="Need A")
    b = services.create_opportunity(bob(world), outcome=outcome, title="Need B")
    sign_in(page, "victor@acme.test")
    page.goto(f"/discovery/outcomes/{outcome.pk}/tree/")
    page.locator(f'[data-node="opportunity-{b.pk}"]').click()
    panel = page.locator("#panel")
    expect(panel.get_by_role("heading", name="Need B")).to_be_visible()
    expect(panel.get_by_role("button", name="Save opportunity")).to_have_count(0)
    expect(page.get_by_text("Drag an opportunity")).to_have_count(0)
    page.locator(f'[data-node="opportunity-{b.pk}"]').drag_to(
        page.locator(f'[data-node="opportunity-{a.pk}"]')
    )
    expect(page.get_by_role("status").filter(has_text="Moved")).to_have_count(0)
    assert Opportunity.objects.for_org(world.org_a).get(pk=b.pk).parent_id is None


def test_edit_a_touchpoint_and_its_insights_and_link_them_from_it(page: Any, world: World) -> None:
    team = h.team(world)
    outcome = h.outcome(world, team)
    services.create_opportunity(bob(world), outcome=outcome, title="I can't export invoices")
    tp = services.record_touchpoint(
        bob(world),
        team=team,
        happened_on=h.days_ago(3),
        customer_name="Ann Lee",
        insights=[
            {"text": "Exports take forever", "kind": "quote"},
            {"text": "She keeps a spreadsheet on the side", "kind": "observation"},
        ],
    )
    sign_in(page, "bob@acme.test")
    page.goto(f"/discovery/touchpoints/{tp.pk}/")
    # A quote and an observation read differently: the customer's words, or what the team saw.
    expect(page.locator("blockquote.insight-quote")).to_contain_text("Quote")
    expect(page.locator("blockquote.insight-quote")).to_contain_text("“Exports take forever”")
    expect(page.locator(".insight-observation")).to_contain_text("Observation")
    expect(page.locator(".insight-observation")).to_contain_text("spreadsheet on the side")
    # Edit the touchpoint itself.
    page.get_by_role("button", name="Edit touchpoint").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit touchpoint")
    page.get_by_label("Company").fill("Globex")
    page.get_by_label("Summary").fill("Exports are the pain")
    page.get_by_role("button", name="Save touchpoint").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Interview with Ann Lee")
    expect(page.locator("main")).to_contain_text("Globex")
    expect(page.locator("main")).to_contain_text("Exports are the pain")
    # Link the observation to an opportunity, from the touchpoint.
    observation = page.locator(".insight-list > li").filter(has_text="spreadsheet")
    observation.get_by_role("button", name="Link to opportunity").click()
    expect(
        page.get_by_text("The insight is now evidence for “I can't export invoices”")
    ).to_be_visible()
    observation = page.locator(".insight-list > li").filter(has_text="spreadsheet")
    expect(observation.locator(".evidence-for")).to_contain_text("I can't export invoices")
    # Edit the quote: it becomes an observation, and the page comes back to the touchpoint.
    quote = page.locator(".insight-list > li").filter(has_text="Exports take forever")
    quote.get_by_role("link", name=re.compile("Edit insight")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit insight")
    page.get_by_label("Quote or observation").fill("Exports take forever, every Monday")
    page.get_by_label("Kind").select_option("observation")
    page.get_by_role("button", name="Save insight").click()
    expect(page.get_by_text("Insight saved.")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/discovery/touchpoints/{tp.pk}/$"))
    expect(page.locator(".insight-observation")).to_have_count(2)
    expect(page.locator("blockquote.insight-quote")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("every Monday")
