"""Assumptions and experiments in the browser: map, plan, start, enter data, read, conclude."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from pom.experiments import services
from pom.experiments.models import AssumptionTest
from pom.experiments.tests import helpers as h
from tests.e2e.conftest import loaded, sign_in
from tests.fixtures import World


def test_a_member_maps_an_assumption_and_sees_it_in_the_risky_quadrant(
    page: Any, world: World
) -> None:
    sol = h.solution(world)
    sign_in(page, "bob@acme.test")
    page.goto(f"/experiments/map/?solution={sol.pk}")
    page.get_by_role("button", name="Add an assumption").click()
    page.get_by_label("Statement").fill("Repeat buyers will reorder with one click")
    page.get_by_label("Risk type").select_option("value")
    page.get_by_label("Importance").select_option("5")
    page.get_by_label("Evidence strength").select_option("1")
    page.get_by_role("button", name="Add assumption").click()
    expect(loaded(page).get_by_test_id("risky-count")).to_have_text("1")
    expect(page.get_by_role("cell", name=re.compile("Repeat buyers will reorder"))).to_be_visible()
    expect(page.locator("#assumption-map")).to_be_visible()
    # Filtering by another risk type empties the map (htmx swap, no reload needed).
    page.get_by_label("Risk type").select_option("feasibility")
    expect(page.get_by_test_id("risky-count")).to_have_text("0")


def test_a_team_runs_an_ab_test_from_plan_to_decision(page: Any, world: World) -> None:
    a = h.assumption(world)
    sign_in(page, "bob@acme.test")
    page.goto(f"/experiments/assumptions/{a.pk}/")
    page.get_by_role("link", name="Plan a test of this assumption").click()
    loaded(page).get_by_label("Title").fill("One-click reorder A/B")
    page.get_by_label("Method").select_option("ab_experiment")
    page.get_by_label("Hypothesis").fill("A reorder button lifts repeat purchases")
    page.get_by_label("Success criterion").fill(
        "Repeat purchases up at least 5 % with 95 % confidence"
    )
    page.get_by_label("Metric kind (A/B only)").select_option("binary")
    page.get_by_label("Smallest improvement that counts").fill("0.05")
    page.get_by_role("button", name="Plan test").click()
    expect(page.get_by_test_id("status")).to_have_text("Planned")

    page.get_by_role("button", name="Start test").click()
    expect(page.get_by_test_id("status")).to_have_text("Running")
    expect(page.get_by_role("heading", name=re.compile("Pre-registered"))).to_contain_text("locked")

    page.get_by_label("Users in Control").fill("20000")
    page.get_by_label("Conversions in Control").fill("2000")
    page.get_by_label("Users in Treatment").fill("20000")
    page.get_by_label("Conversions in Treatment").fill("2400")
    page.get_by_role("button", name="Save data").click()
    expect(page.get_by_test_id("verdict")).to_contain_text("Supported")
    expect(page.get_by_test_id("summary")).to_contain_text(
        "Treatment converted 12.00% of 20,000 users"
    )
    expect(page.get_by_test_id("chance")).to_have_text("100.0%")
    expect(page.locator("#lift-chart")).to_be_visible()

    page.locator("#id_decision").select_option("persevere")
    page.get_by_label("Rationale").fill("A clear lift, well past the threshold")
    page.get_by_role("button", name="Conclude test").click()
    expect(page.get_by_test_id("result")).to_have_text("Supported")
    expect(page.get_by_test_id("decision")).to_have_text("Persevere")
    page.get_by_role("link", name="In the decision log").click()
    expect(page.get_by_text(re.compile("Persevere: One-click reorder A/B"))).to_be_visible()


def test_bad_variant_data_is_refused_with_the_variant_named(page: Any, world: World) -> None:
    t = h.ab_test(world, started=True)
    sign_in(page, "bob@acme.test")
    page.goto(f"/experiments/tests/{t.pk}/")
    page.get_by_label("Users in Control").fill("100")
    page.get_by_label("Conversions in Control").fill("150")
    page.get_by_label("Users in Treatment").fill("100")
    page.get_by_label("Conversions in Treatment").fill("10")
    page.get_by_role("button", name="Save data").click()
    expect(page.get_by_text(re.compile("Control: cannot exceed users"))).to_be_visible()
    assert AssumptionTest.objects.for_org(world.org_a).get().variants.first().users is None


def test_a_sample_ratio_mismatch_is_flagged_on_the_results_panel(page: Any, world: World) -> None:
    t = h.ab_test(world, started=True)  # data arrives only after the start
    services.set_variants(
        h.bob(world),
        t,
        [
            {"name": "Control", "planned_share": 0.5, "users": 10000, "conversions": 1000},
            {"name": "Treatment", "planned_share": 0.5, "users": 10800, "conversions": 1250},
        ],
    )
    sign_in(page, "carol@acme.test")  # a stakeholder reads
    page.goto(f"/experiments/tests/{t.pk}/")
    expect(page.get_by_test_id("warning")).to_contain_text("Sample ratio mismatch")
    expect(page.get_by_test_id("verdict")).to_contain_text("Inconclusive")
    expect(page.get_by_role("button", name="Save data")).to_have_count(0)


def test_board_and_sample_size_calculator(page: Any, world: World) -> None:
    h.ab_test(world, title="Planned one")
    h.ab_test(world, title="Running one", started=True)
    sign_in(page, "victor@acme.test")
    page.goto("/experiments/")
    expect(page.locator("[data-status=planned]")).to_contain_text("Planned one")
    expect(page.locator("[data-status=running]")).to_contain_text("Running one")
    page.get_by_role("link", name="Sample size").click()
    page.get_by_label("Baseline").fill("0.5")
    page.get_by_label("The effect is").select_option("absolute")
    page.get_by_label("Minimum detectable effect").fill("0.25")
    page.get_by_label("Power").fill("0.9")
    page.get_by_role("button", name="Calculate").click()
    expect(page.get_by_test_id("per-variant")).to_contain_text("77 users")  # R: power.prop.test
