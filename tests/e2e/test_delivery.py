"""Delivery in the browser: log a release with the solution picker and follow it up the chain."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

from django.utils import timezone
from playwright.sync_api import expect

from pom.delivery.tests import helpers as h
from pom.metrics.tests.helpers import metrics_dir
from tests.e2e.conftest import loaded, sign_in
from tests.fixtures import World

__all__ = ["metrics_dir"]


def test_a_member_logs_a_release_picking_a_solution_by_search(page: Any, world: World) -> None:
    h.solution(world, "One-click reorder")
    h.solution(world, "Saved baskets", outcome_title="Bigger baskets")
    sign_in(page, "bob@acme.test")
    page.goto("/delivery/releases/")
    expect(page.get_by_text("No releases yet")).to_be_visible()
    page.get_by_role("button", name="Log the first release").click()
    expect(page.get_by_role("heading", name="Log a release")).to_be_visible()
    loaded(page)  # htmx (a deferred script) is listening from here on
    team = page.get_by_role("combobox", name="Team")
    team.fill("check")
    expect(page.get_by_role("option", name="Checkout")).to_be_visible()
    team.press("ArrowDown")
    team.press("Enter")
    expect(page.get_by_test_id("id_team-chosen")).to_contain_text("Checkout")
    page.get_by_label("Title").fill("Reorder button on web")
    solutions = page.get_by_role("combobox", name="Solutions it ships")
    solutions.fill("reorder")
    expect(page.get_by_role("option", name="One-click reorder")).to_be_visible()
    expect(page.get_by_role("option", name="Saved baskets")).to_have_count(0)
    solutions.press("ArrowDown")
    solutions.press("Enter")  # picks; it does not submit the form
    expect(page.get_by_test_id("id_solutions-chosen")).to_contain_text("One-click reorder")
    solutions.fill("bask")
    expect(page.get_by_role("option", name="Saved baskets")).to_be_visible()
    solutions.press("Escape")
    expect(page.get_by_role("option", name="Saved baskets")).to_be_hidden()
    expect(page.get_by_test_id("id_solutions-chosen")).not_to_contain_text("Saved baskets")
    page.get_by_role("button", name="Log release").click()
    expect(page.get_by_role("heading", name="Reorder button on web")).to_be_visible()
    chain = page.get_by_test_id("chain")
    expect(chain).to_contain_text("More repeat buyers")
    expect(chain).to_contain_text("Win repeat buyers")
    page.get_by_role("link", name="Releases").click()
    expect(page.get_by_role("link", name="Reorder button on web")).to_be_visible()


def test_without_javascript_find_lists_teams_to_pick_and_the_release_saves(
    browser: Any, live_server: Any, world: World
) -> None:
    h.solution(world, "One-click reorder")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, "bob@acme.test")
        page.goto("/delivery/releases/new/")
        page.get_by_role("combobox", name="Team").fill("check")
        page.locator("#id_team-picker").get_by_role("button", name="Find").click()
        page.get_by_role("radio", name="Checkout").check()
        page.get_by_label("Title").fill("Reorder button on web")
        page.get_by_role("combobox", name="Solutions it ships").fill("reorder")
        page.locator("#id_solutions-picker").get_by_role("button", name="Find").click()
        expect(page.get_by_test_id("id_team-chosen")).to_contain_text("Checkout")
        page.get_by_role("checkbox", name="One-click reorder").check()
        page.get_by_role("button", name="Log release").click()
        expect(page.get_by_role("heading", name="Reorder button on web")).to_be_visible()
        expect(page.get_by_test_id("chain")).to_contain_text("More repeat buyers")
    finally:
        context.close()


def test_deploys_arriving_by_webhook_show_on_the_teams_delivery_page(
    page: Any, world: World
) -> None:
    src = h.source(world)
    now = timezone.now()
    body = [
        {
            "id": f"d-{i}",
            "startedDate": (now - timedelta(days=i, minutes=10)).isoformat(),
            "finishedDate": (now - timedelta(days=i)).isoformat(),
            "deploymentCommits": [
                {"repoUrl": "https://github.com/acme/shop", "commitSha": f"sha{i}"}
            ],
        }
        for i in (1, 2, 3, 8)
    ]
    sign_in(page, "leo@acme.test")
    sent = page.request.post(
        f"/api/v1/delivery/hooks/{src.token}/deployments",
        data=json.dumps(body),
        headers={"Authorization": f"Bearer {src.plain_secret}", "Content-Type": "application/json"},
    )
    assert sent.status == 200, sent.text()
    page.goto("/delivery/")
    page.get_by_role("link", name="Checkout").click()
    expect(page.get_by_role("heading", name="Checkout: delivery")).to_be_visible()
    expect(page.get_by_test_id("figures")).to_contain_text("4 production deployments on 4 days")
    page.get_by_role("link", name="Setup").click()
    page.get_by_role("link", name="Shop pipeline").click()
    expect(page.get_by_test_id("deliveries")).to_contain_text("4 new, 0 updated.")


def test_an_outcomes_releases_say_whether_each_moved_its_metric(
    page: Any, world: World, metrics_dir: Any
) -> None:
    h.bound_series(world, h.stepped(), days_ago=58)
    h.release(world, "Reorder button", shipped_at=h.ago(30), solutions=[h.solution(world)])
    outcome = h.outcome(world)
    sign_in(page, "bob@acme.test")
    page.goto(f"/strategy/outcomes/{outcome.pk}/")
    panel = page.get_by_test_id("outcome-releases")
    expect(panel).to_contain_text("Reorder button")
    expect(panel.get_by_test_id("impact-verdict")).to_have_text("Moved")
    panel.get_by_role("link", name="Reorder button").click()
    expect(page.get_by_role("heading", name="Reorder button")).to_be_visible()
    impact = page.get_by_test_id("impact")
    expect(impact.get_by_test_id("impact-verdict")).to_have_text("Moved")
    expect(impact).to_contain_text("95% interval")
    expect(impact).to_contain_text("the way the outcome wants")
    impact.get_by_role("link", name="More repeat buyers", exact=True).click()
    expect(page.get_by_role("heading", name="More repeat buyers")).to_be_visible()


def test_the_outcomes_chart_marks_the_release_that_moved_it(
    page: Any, world: World, metrics_dir: Any
) -> None:
    h.bound_series(world, h.stepped(), days_ago=58)
    h.release(world, "Reorder button", shipped_at=h.ago(30), solutions=[h.solution(world)])
    outcome = h.outcome(world)
    sign_in(page, "leo@acme.test")
    page.goto(f"/strategy/outcomes/{outcome.pk}/")
    page.get_by_role("link", name=re.compile("^Numbers from data")).click()
    expect(page.get_by_role("heading", name="Forecast to the deadline")).to_be_visible()
    # The chart draws one line per mark (the page's script hands them to Chart.js).
    page.wait_for_function(
        "() => { const c = document.getElementById('metric-chart'); "
        "return c && c._chart && c._chart.config.plugins.length === 1; }"
    )
    marks = page.get_by_role("region", name="Marked on the chart")
    expect(marks).to_contain_text("Release: Reorder button")
    expect(marks).to_contain_text("Moved up, the way the outcome wants")
    marks.get_by_role("link", name="Release: Reorder button").click()
    expect(page.get_by_role("heading", name="Reorder button")).to_be_visible()


def test_a_member_previews_a_csv_of_releases_then_applies_it(
    page: Any, world: World, tmp_path: Any
) -> None:
    sol = h.solution(world)
    team = h.team(world)
    path = tmp_path / "releases.csv"
    path.write_text(
        "team,title,shipped_at,kind,solutions\n"
        f"{team.slug},Reorder button,2026-03-02T10:00,feature,{sol.pk}\n"
        f"{team.slug},Basket fix,2026-03-04T10:00,fix,\n",
        encoding="utf-8",
    )
    sign_in(page, "bob@acme.test")
    page.goto("/delivery/releases/")
    page.get_by_role("link", name="Import").click()
    expect(page.get_by_role("heading", name="Import releases and incidents")).to_be_visible()
    page.wait_for_load_state()  # htmx (a deferred script) is listening from here on
    page.get_by_label("What are you importing?").select_option("releases")
    page.get_by_label("File").set_input_files(str(path))
    page.get_by_role("button", name="Preview").click()
    report = page.get_by_test_id("import-report")
    expect(report).to_contain_text("Preview: 2 changes")
    expect(report).to_contain_text("Add release “Reorder button” of Checkout")
    page.get_by_role("button", name="Apply 2 changes").click()
    expect(page.get_by_text("Imported: 2 change(s) applied.")).to_be_visible()
    page.get_by_role("link", name="Reorder button").click()
    expect(page.get_by_test_id("chain")).to_contain_text("More repeat buyers")
