"""The outcome workspace in a real browser: a leader walks from an outcome down to its tree, the
tests and the releases, and back up, without typing a URL; experiments are one click from the
Discovery navigation, the team's discovery page and the tree's solution panel."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from pom.strategy.tests.chain import grow_chain
from tests.e2e.conftest import sign_in
from tests.fixtures import World


def test_a_leader_walks_down_the_chain_from_an_outcome_and_back(page: Any, world: World) -> None:
    chain = grow_chain(world)
    outcome, test, sol = chain["outcome"], chain["tests"][0], chain["solutions"][0]
    sign_in(page, "leo@acme.test")
    page.get_by_role("link", name="Strategy", exact=True).first.click()
    page.get_by_role("navigation", name="Strategy sections").get_by_role(
        "link", name="Outcomes"
    ).click()
    page.get_by_role("link", name=outcome.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(outcome.title)

    # One page: every panel is named in the outcome's own navigation.
    nav = page.get_by_test_id("workspace-nav")
    for name in (
        "Metric",
        "Opportunity solution tree",
        "Assumptions and tests",
        "Decisions",
        "Releases serving this outcome",
    ):
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(page.locator("#panel-decisions")).to_contain_text("Test the reorder button first (0)")
    expect(page.locator("#panel-releases")).to_contain_text("Reorder button on web 0")

    # Down to the tree, which names its outcome, and back up.
    page.get_by_role("button", name="Open the opportunity solution tree").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Opportunity solution tree: {outcome.title}"
    )
    # The tree's solution panel leads to the solution's assumptions and tests.
    page.locator(f'[data-node="solution-{sol.pk}"]').click()
    panel = page.locator("#panel")
    expect(panel.get_by_role("heading", name=sol.title)).to_be_visible()
    expect(
        panel.get_by_role("link", name="Assumptions and tests of this solution")
    ).to_have_attribute("href", f"/experiments/map/?solution={sol.pk}")
    page.get_by_role("link", name=f"← {outcome.title}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(outcome.title)

    # Down to a test of an assumption under the outcome's solutions.
    page.locator("#panel-experiments").get_by_role("link", name=test.title).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(test.title)


def test_experiments_are_in_the_discovery_navigation_and_on_the_team_page(
    page: Any, world: World
) -> None:
    chain = grow_chain(world)
    team = chain["outcome"].owner_team
    sign_in(page, "bob@acme.test")
    page.get_by_role("link", name="Discovery", exact=True).first.click()
    page.get_by_role("navigation", name="Discovery").get_by_role("link", name="Experiments").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Assumption tests")
    expect(page.get_by_role("link", name=chain["tests"][0].title)).to_be_visible()

    page.get_by_role("link", name="Discovery", exact=True).first.click()
    page.get_by_role("link", name=team.name).first.click()
    page.get_by_role("link", name="assumption tests").click()
    expect(page).to_have_url(re.compile(rf"/experiments/\?team={team.pk}$"))
    expect(
        page.get_by_test_id("board-team-chosen").get_by_role("radio", name=team.name)
    ).to_be_checked()
