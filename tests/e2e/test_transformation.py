"""The transformation in the browser: a leader takes the readiness assessment and retakes it."""

from __future__ import annotations

from datetime import date
from typing import Any

from playwright.sync_api import expect

from pom.transformation.tests import helpers as h
from tests.e2e.conftest import sign_in
from tests.fixtures import World


def test_a_leader_takes_the_readiness_assessment_and_sees_what_moved(
    page: Any, world: World
) -> None:
    h.early(world, on=date(2026, 1, 15))
    sign_in(page, "leo@acme.test")
    page.goto("/transformation/")
    expect(page.get_by_test_id("verdict")).to_have_text("Not ready yet")
    page.get_by_role("link", name="Readiness").first.click()

    page.get_by_label("CEO belief (1–5)").fill("5")
    page.get_by_label("Margin pressure").check()
    page.get_by_role("button", name="Record assessment").click()
    # Pain without figures is refused, under its field; nothing else is lost.
    expect(page.locator("#id_pain_evidence_error")).to_contain_text("Pain without figures")
    expect(page.get_by_label("CEO belief (1–5)")).to_have_value("5")

    page.get_by_label("Evidence of the pain").fill("Gross margin down from 61 % to 54 %.")
    page.get_by_label("Competition").check()
    page.get_by_label("Executive sponsor").fill("Dana Ruiz, COO")
    page.get_by_label("Coaching capacity (teams)").fill("2")
    page.get_by_role("button", name="Record assessment").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Readiness assessment of")
    expect(page.get_by_test_id("verdict")).to_have_text("Ready to start pilots")
    expect(page.get_by_test_id("changes")).to_contain_text("2/5")

    page.get_by_role("link", name="Overview").click()
    expect(page.get_by_test_id("first-step")).to_contain_text("Choose the pilot teams")
