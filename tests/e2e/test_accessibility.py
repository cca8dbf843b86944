"""Accessibility in a real browser: axe-core finds no serious or critical WCAG violation on any
main page, for a leader and for a member, on the demo organization (which has a badge of every
kind: outcome statuses, trio gaps, test verdicts, guardrail states, decision statuses…).

axe-core is vendored for the tests only (tests/e2e/vendor/, see README there) and evaluated in
the page through Playwright, so the app's Content-Security-Policy is not loosened for it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from pom.accounts.models import Membership, Organization, Role, User
from pom.core.management.commands.demo import DEMO_PASSWORD, DEMO_SLUG, Command
from pom.metrics.tests.helpers import metrics_dir
from tests.e2e.conftest import sign_in

AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
# What WCAG 2.1 A and AA ask, plus axe's best practices; only serious and critical fail the test.
AXE_OPTIONS = {"resultTypes": ["violations"]}
FAILING = ("serious", "critical")
# The opportunity solution tree's canvas (issue 13, item 3): its nodes' accessible names
# ("title — stage, evidence") do not contain their wrapped, shortened visible lines. That one rule
# is known on that one page until the canvas names its nodes by their visible text; every other
# rule is checked there too.
KNOWN = {"tree": ("label-content-name-mismatch",)}
LEADER = "leah@acme.example.com"
MEMBER = "bob@acme.example.com"

# Each test loads the demo's metric files into its own folder (parallel workers share none).
__all__ = ["metrics_dir"]


def _main_pages(org: Organization) -> list[str]:
    from pom.discovery.models import Decision, Touchpoint
    from pom.experiments.models import AssumptionTest
    from pom.metrics.models import Metric
    from pom.strategy.models import Outcome
    from pom.teams.models import Team

    outcome = Outcome.objects.for_org(org).filter(opportunities__isnull=False).first()
    team = Team.objects.for_org(org).first()
    assert outcome is not None and team is not None
    pages = [
        reverse("core:home"),
        reverse("strategy:index"),
        reverse("strategy:map"),
        reverse("strategy:outcomes"),
        outcome.get_absolute_url(),
        reverse("strategy:cycles"),
        reverse("teams:index"),
        team.get_absolute_url(),
        reverse("teams:people"),
        reverse("teams:map"),
        reverse("discovery:index"),
        reverse("discovery:tree", args=[outcome.pk]),
        reverse("discovery:touchpoints"),
        reverse("discovery:insights"),
        reverse("discovery:inbox"),
        reverse("discovery:decisions"),
        reverse("experiments:index"),
        reverse("experiments:map"),
        reverse("delivery:overview"),
        reverse("delivery:releases"),
        reverse("metrics:index"),
        reverse("culture:index"),
        reverse("culture:learnings"),
        reverse("culture:calendar"),
        reverse("transformation:index"),
        reverse("transformation:pilots"),
        reverse("transformation:signs"),
        reverse("accounts:profile"),
        reverse("accounts:members"),
        reverse("teams:settings"),
    ]
    for model, name in (
        (Touchpoint, "discovery:touchpoint"),
        (Decision, "discovery:decision"),
        (AssumptionTest, "experiments:test"),
        (Metric, "metrics:metric"),
    ):
        first = model.objects.for_org(org).first()  # type: ignore[attr-defined]
        if first is not None:
            pages.append(reverse(name, args=[first.pk]))
    return pages


def _violations(page: Any) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("options => window.axe.run(document, options)", AXE_OPTIONS)
    known = KNOWN.get(urlsplit(page.url).path.split("/")[-2], ())
    found = []
    for violation in result["violations"]:
        if violation["impact"] not in FAILING or violation["id"] in known:
            continue
        for node in violation["nodes"][:3]:
            found.append(
                f"{violation['id']} ({violation['impact']}): {node['target']} "
                f"{node.get('failureSummary', '').splitlines()[-1:]}"
            )
    return found


@pytest.fixture
def demo(transactional_db: Any, metrics_dir: Any) -> Organization:
    assert Command().load_demo()
    org = Organization.objects.get(slug=DEMO_SLUG)
    leader = User.objects.create_user(email=LEADER, password=DEMO_PASSWORD, full_name="Leah Lind")
    Membership.objects.create(organization=org, user=leader, role=Role.LEADER)
    return org


@pytest.mark.parametrize("email", [LEADER, MEMBER])
def test_every_main_page_has_no_serious_accessibility_violation(
    page: Any, demo: Organization, email: str
) -> None:
    sign_in(page, email, DEMO_PASSWORD)
    problems: dict[str, list[str]] = {}
    for url in _main_pages(demo):
        response = page.goto(url)
        assert response is not None and response.ok, url
        expect(page.locator("h1").first).to_be_visible()
        if found := _violations(page):
            problems[url] = found
    assert problems == {}, "\n".join(f"{url}: {v}" for url, vs in problems.items() for v in vs)


def test_the_main_navigation_works_on_a_phone(browser: Any, live_server: Any, demo: Any) -> None:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in(page, MEMBER, DEMO_PASSWORD)
        nav = page.get_by_role("navigation", name="Main")
        menu = nav.get_by_role("button", name="Menu")
        expect(menu).to_be_visible()
        discovery = nav.get_by_role("link", name="Discovery", exact=True)
        expect(discovery).to_be_hidden()
        menu.click()
        expect(discovery).to_be_visible()
        # Every pillar is reachable without scrolling sideways: the open menu fits the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        discovery.click()
        expect(page).to_have_url(re.compile(r"/discovery/$"))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        # The new page starts with the menu closed; opened, it marks where the member is.
        expect(menu).to_have_attribute("aria-expanded", "false")
        menu.click()
        expect(menu).to_have_attribute("aria-expanded", "true")
        expect(discovery).to_have_attribute("aria-current", "page")
        # On a phone's narrow columns, no date breaks over two lines.
        for url in ("/discovery/touchpoints/", "/discovery/decisions/", "/strategy/outcomes/"):
            page.goto(url)
            dates = page.locator("time.date")
            expect(dates.first).to_be_visible()
            assert page.evaluate(
                "[...document.querySelectorAll('time.date')]"
                ".every(t => t.getClientRects().length === 1)"
            ), url
    finally:
        context.close()
