"""The strategy pillar in a real browser: vision and ranked bets, the map, outcomes with the live
linter, check-ins, cycle planning with the funding mix, projects and comments."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from pom.strategy import services
from pom.strategy.models import CheckIn, Cycle, StrategicBet
from pom.strategy.tests.helpers import plan
from tests.e2e.conftest import loaded, sign_in
from tests.fixtures import World


def active_ranks(world: World) -> list[str]:
    bets = StrategicBet.objects.for_org(world.org_a).filter(status="active").order_by("rank")
    return [b.title for b in bets]


def test_leader_states_the_vision_and_ranks_bets_by_keyboard_and_by_dragging(
    page: Any, world: World
) -> None:
    sign_in(page, "leo@acme.test")
    page.get_by_role("link", name="Strategy", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Strategy")
    expect(page.get_by_text("No active bets yet.")).to_be_visible()
    page.locator("#id_statement").fill("Every small business runs its back office from its phone.")
    page.get_by_role("button", name="Save vision").click()
    expect(page.locator("blockquote.vision")).to_contain_text("from its phone")

    for title in ("Win self-serve SMBs", "Become the fastest way to get paid"):
        page.locator("#new-bet summary").click()
        page.get_by_label("Title").fill(title)
        page.get_by_label("Trade-offs").fill("No custom enterprise work this year.")
        page.get_by_role("button", name="Add bet").click()
        expect(page.get_by_role("link", name=title)).to_be_visible()
    assert active_ranks(world) == ["Win self-serve SMBs", "Become the fastest way to get paid"]

    # A rank already taken: the form offers to insert and move the others down.
    page.locator("#new-bet summary").click()
    page.get_by_label("Title").fill("Open a partner ecosystem")
    page.get_by_label("Trade-offs").fill("Own roadmap slows down.")
    page.locator("#id_rank").fill("1")
    page.get_by_role("button", name="Add bet").click()
    expect(page.get_by_text("Rank 1 is already taken")).to_be_visible()
    page.get_by_label("Insert at this rank and move the bets below down one place").check()
    page.get_by_role("button", name="Add bet").click()
    expect(page.locator(".bet-card").first).to_contain_text("Open a partner ecosystem")

    # Keyboard: the move buttons.
    page.get_by_role("button", name="Move Become the fastest way to get paid up").click()
    expect(page.locator(".bet-card").nth(1)).to_contain_text("Become the fastest way to get paid")
    assert active_ranks(world)[1] == "Become the fastest way to get paid"

    # Mouse: drag the last bet up.
    before = active_ranks(world)
    assert page.evaluate("document.getElementById('bet-ranking').dataset.sortableReady") == "1"
    cards = page.locator(".bet-card")
    source, target = cards.nth(2).bounding_box(), cards.nth(0).bounding_box()
    page.mouse.move(source["x"] + 8, source["y"] + 8)
    page.mouse.down()
    page.mouse.move(source["x"] + 10, source["y"] - 20, steps=5)
    page.mouse.move(target["x"] + 10, target["y"] + 4, steps=20)
    page.mouse.up()
    expect(page.get_by_text("Bets re-ranked.")).to_be_visible()
    shown = [t.strip() for t in page.locator(".bet-card .bet-title").all_inner_texts()]
    assert shown != before
    assert active_ranks(world) == shown  # the ranks saved are the order on screen


def test_the_strategy_map_shows_bets_outcome_tree_and_teams(page: Any, world: World) -> None:
    p = plan(world)
    sign_in(page, "victor@acme.test")
    page.goto("/strategy/map/")
    bet = page.locator(".map-bet").first
    expect(bet).to_contain_text(p.bet.title)
    expect(bet).to_contain_text("No custom enterprise work this year.")
    expect(bet.locator(".tree .tree, .tree ul .node-card")).to_contain_text(p.outcome.title)
    expect(bet.locator(".map-teams")).to_contain_text("Checkout")
    expect(page.locator(".map-bet").last).to_contain_text("Not linked to an active bet")
    bet.get_by_role("link", name=p.outcome.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(p.outcome.title)


def test_the_live_linter_flags_an_output_as_it_is_typed(page: Any, world: World) -> None:
    p = plan(world)
    sign_in(page, "bob@acme.test")
    page.goto("/strategy/outcomes/new/")
    lint = page.locator("#lint")
    expect(lint).to_contain_text("Start typing")
    page.get_by_label("Title").press_sequentially("Launch the new onboarding", delay=10)
    expect(lint).to_contain_text("O101")
    expect(lint).to_contain_text("describes an output")
    page.get_by_label("Title").fill("Trial teams reach first value in 10 minutes")
    page.get_by_label("Metric", exact=True).fill("median minutes to first value")
    page.get_by_label("Segment").fill("new trial workspaces")
    page.get_by_label("Direction").select_option("decrease")
    owner = page.get_by_role("combobox", name="Owner team")
    owner.fill("check")
    expect(page.get_by_role("option", name="Checkout")).to_be_visible()
    owner.press("ArrowDown")
    owner.press("Enter")
    expect(page.get_by_test_id("id_owner_team-chosen")).to_contain_text("Checkout")
    page.get_by_label("Baseline value").fill("25")
    page.get_by_label("Target value").fill("10")
    expect(lint).not_to_contain_text("O101")
    expect(lint).to_contain_text("O123")  # still no deadline
    page.get_by_label("Target value").fill("30")
    page.get_by_role("button", name="Save outcome").click()
    expect(page.get_by_text("must be below the baseline 25")).to_be_visible()
    page.get_by_label("Target value").fill("10")
    page.get_by_role("button", name="Save outcome").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Trial teams reach first value in 10 minutes"
    )
    assert p.acme.team.owned_outcomes.count() == 2


def test_a_member_checks_in_from_the_team_in_two_clicks(page: Any, world: World) -> None:
    p = plan(world)
    sign_in(page, "bob@acme.test")
    page.goto(f"/strategy/teams/{p.acme.team.slug}/")
    page.get_by_role("button", name=f"Check in on {p.outcome.title}").click()
    page.get_by_label("Current value").fill("37")
    page.get_by_label("Confidence").fill("8")
    page.get_by_label("On track").check()
    page.get_by_label("Commentary").fill("The invite nudge works")
    page.get_by_label("Blockers").fill("Waiting on email deliverability")
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(p.outcome.title)
    expect(page.get_by_text("67% of the way")).to_be_visible()
    expect(page.locator("#progress-chart")).to_be_visible()
    assert page.evaluate(
        "!!window.Chart && !!Chart.getChart(document.getElementById('progress-chart'))"
    )
    assert CheckIn.objects.for_org(world.org_a).filter(outcome=p.outcome, value=37).exists()


def test_outcome_list_filters_and_marks_stale_outcomes(page: Any, world: World) -> None:
    p = plan(world)
    sign_in(page, "victor@acme.test")
    page.goto("/strategy/outcomes/")
    rows = page.locator("#outcome-rows tbody tr")
    expect(rows).to_have_count(3)
    page.get_by_label("Level").select_option("business")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(p.business.title)
    expect(page).to_have_url(re.compile(r"level=business"))
    page.get_by_label("Level").select_option("")
    page.get_by_label("Search").fill("searchers")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(p.other.title)


def test_cycle_planning_commits_a_team_funds_a_project_and_charts_the_mix(
    page: Any, world: World
) -> None:
    p = plan(world)
    services.create_outcome(
        world.membership("leader"),
        title="Shoppers return twice a month",
        owner_team=p.acme.team,
    )
    sign_in(page, "leo@acme.test")
    page.goto("/strategy/cycles/")
    page.get_by_label("Name").fill("Next quarter")
    page.get_by_label("Start").fill("2031-01-01")
    page.get_by_label("End").fill("2031-03-31")
    page.get_by_role("button", name="Add cycle").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Next quarter")
    assert Cycle.objects.for_org(world.org_a).filter(name="Next quarter").exists()

    page.goto(f"/strategy/cycles/{p.cycle.pk}/")
    assert page.evaluate("!!Chart.getChart(document.getElementById('mix-chart'))")
    page.get_by_role("link", name="Plan Checkout").click()
    expect(page.get_by_role("heading", name="Plan Checkout for This quarter")).to_be_visible()
    # The vague draft cannot be committed: the linter's errors come back.
    loaded(page)
    outcome = page.get_by_role("combobox", name="Outcome")
    outcome.fill("twice")
    expect(page.locator("#id_outcome-picker").get_by_role("option")).to_contain_text(
        ["Shoppers return twice a month"]
    )
    outcome.press("ArrowDown")
    outcome.press("Enter")
    expect(page.get_by_test_id("id_outcome-chosen")).to_contain_text("Shoppers return twice")
    page.get_by_role("button", name="Commit Checkout").click()
    expect(
        page.get_by_text("Only an outcome the clarity linter accepts can be committed")
    ).to_be_visible()

    page.locator("#new-funding summary").click()
    page.locator("#id_target").select_option(label=p.project.name)
    page.get_by_label("Amount").fill("40000")
    page.get_by_role("button", name="Add funding").click()
    expect(page.locator("table.mix")).to_contain_text("25.0%")


def test_projects_are_listed_and_edited(page: Any, world: World) -> None:
    p = plan(world)
    sign_in(page, "leo@acme.test")
    page.goto("/strategy/projects/")
    page.get_by_role("link", name=p.project.name).click()
    page.get_by_text("Edit this project").click()
    page.get_by_label("Budget").fill("65000")
    page.get_by_role("button", name="Save project").click()
    expect(page.get_by_text("Project saved.")).to_be_visible()
    expect(page.locator("dl.definition")).to_contain_text("65000")


def test_a_stakeholder_comments_on_a_bet_but_cannot_edit_it(page: Any, world: World) -> None:
    p = plan(world)
    sign_in(page, "carol@acme.test")
    page.goto(f"/strategy/bets/{p.bet.pk}/")
    expect(page.get_by_text("Edit this bet")).to_have_count(0)
    page.locator("#id_body").fill("Could we include Switzerland?")
    page.get_by_role("button", name="Add comment").click()
    expect(page.locator("#comments")).to_contain_text("Could we include Switzerland?")


NUMBERS_DOC = """\
pillar: strategy
version: 1
outcomes:
- key: trial-teams-sign-up
  title: Trial teams sign up within a week
  status: draft
data_sources:
- name: Warehouse
  kind: postgres
  settings: {host: db.internal, database: analytics, user: pom_reader}
  needs_password: true
metrics:
- name: Weekly signups
  source: Warehouse
  definition: sql
  sql: SELECT date_trunc('week', ts) AS period, count(*) AS value FROM signups GROUP BY 1
  grain: week
bindings:
- {outcome: trial-teams-sign-up, metric: Weekly signups}
"""


def test_a_document_with_a_metric_is_imported_and_the_metric_listed(
    page: Any, world: World
) -> None:
    sign_in(page, "leo@acme.test")
    page.goto("/strategy/import/")
    page.get_by_label("Content", exact=True).fill(NUMBERS_DOC)
    # By keyboard: on this form the help text below a checkbox overlaps it for the pointer.
    page.get_by_label("Import even with clarity warnings").focus()
    page.keyboard.press("Space")
    expect(page.get_by_label("Import even with clarity warnings")).to_be_checked()
    page.get_by_role("button", name="Preview").click()
    result = page.locator("#import-result")
    expect(result).to_contain_text("1 data sources")
    expect(result).to_contain_text("1 metrics")
    expect(result).to_contain_text("1 bindings")
    page.get_by_role("button", name=re.compile("Apply")).click()
    expect(page).to_have_url(re.compile(r"/strategy/$"))
    page.goto("/metrics/")
    expect(page.get_by_role("link", name="Weekly signups")).to_be_visible()
    page.goto("/metrics/sources/")
    row = page.get_by_role("row").filter(has_text="Warehouse")
    expect(row).to_contain_text("needs its password")
    row.get_by_role("link", name="Warehouse").click()
    expect(page.get_by_role("status").filter(has_text="never carries passwords")).to_be_visible()
