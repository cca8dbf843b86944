"""The transformation in the browser: a leader takes the readiness assessment and retakes it."""

from __future__ import annotations

import re
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


def test_a_leader_finds_a_candidate_reads_why_and_chooses_it_as_a_pilot(
    page: Any, world: World
) -> None:
    h.pilot_team(world, "Checkout", touch_weeks=6)
    h.pilot_team(world, "Billing", stage="retire")
    sign_in(page, "leo@acme.test")
    page.goto("/transformation/pilots/")
    expect(page.get_by_test_id("candidate")).to_have_count(2)
    page.get_by_label("Find a team").fill("check")
    expect(page.get_by_test_id("candidate")).to_have_count(1)
    page.get_by_role("link", name="Checkout").click()
    expect(page.get_by_test_id("criterion-customer_access")).to_contain_text(
        "6 of the last 8 weeks"
    )
    page.get_by_role("button", name="Choose as pilot").click()
    expect(page.locator("#id_reason_error")).to_be_visible()
    page.get_by_label("Why this team").fill("They already talk to customers every week.")
    page.get_by_role("button", name="Choose as pilot").click()
    expect(page.get_by_role("heading", name="A pilot since")).to_be_visible()
    expect(page.get_by_text("has not said yet whether it is hungry to learn").first).to_be_visible()
    page.get_by_role("link", name="Pilot teams").click()
    expect(page.get_by_test_id("pilot-count")).to_contain_text("1 pilot chosen: Checkout")


def test_a_team_member_answers_whether_the_team_is_hungry_to_learn(page: Any, world: World) -> None:
    team = h.pilot_team(world, "Checkout", with_bob=True)
    sign_in(page, "bob@acme.test")
    page.goto(f"/transformation/pilots/{team.slug}/")
    expect(page.get_by_test_id("criterion-hungry")).to_contain_text("Not asked yet")
    page.get_by_label("We are willing to be beginners again").fill("5")
    page.get_by_label("We can make time to learn").fill("4")
    page.get_by_label("We go looking for customers").fill("5")
    page.get_by_role("button", name="Save my answer").click()
    expect(page.get_by_test_id("criterion-hungry")).to_contain_text("1 member answered; 4.7 of 5")


def test_a_leader_plans_a_wave_and_logs_an_objection(page: Any, world: World) -> None:
    h.pilot_team(world, "Checkout")
    h.pilot_team(world, "Search")
    h.pilot_team(world, "Billing")
    sign_in(page, "leo@acme.test")
    page.goto("/transformation/rollout/")
    page.get_by_text("Plan a wave").click()
    page.locator("#id_wave-name").fill("Wave 1")
    page.locator("#id_wave-starts_on").fill("2027-01-04")
    page.locator("#id_wave-teams").fill("Checkout\nNowhere")
    page.get_by_role("button", name="Plan wave").click()
    expect(page.get_by_text("No active team named 'Nowhere'.")).to_be_visible()
    page.locator("#id_wave-teams").fill("Checkout\nSearch")
    page.get_by_role("button", name="Plan wave").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wave 1")
    expect(page.get_by_test_id("check-coach")).to_contain_text("not met")
    expect(page.get_by_test_id("wave-warning")).to_contain_text("Everyone at once")

    page.get_by_role("link", name="Resistance").click()
    page.get_by_text("Log an objection").click()
    page.locator("#id_kind").select_option("no_time")
    page.get_by_label("Raised by").fill("tech lead")
    page.get_by_label("What was said").fill("We ship every week; when would we interview anyone?")
    page.get_by_role("button", name="Log objection").click()
    expect(page.get_by_test_id("objection")).to_contain_text("tech lead")


def test_the_signs_page_shows_the_five_signs_and_what_waits_for_data(
    page: Any, world: World
) -> None:
    sign_in(page, "victor@acme.test")
    page.goto("/transformation/signs/")
    for letter in "abcde":
        expect(page.get_by_test_id(f"sign-{letter}")).to_be_visible()
    expect(page.get_by_test_id("measure-metrics_moving")).to_contain_text("bound to a metric yet")


def test_a_ceo_sees_an_anti_pattern_on_the_home_and_follows_its_evidence(
    page: Any, world: World
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from pom.delivery import services as delivery
    from pom.transformation import pattern_facts

    leader = h.leader(world)
    for name in ("Checkout", "Search"):
        team = h.pilot_team(world, name)
        for i in range(3):
            delivery.log_release(
                leader,
                team=team,
                title=f"{name} feature {i}",
                shipped_at=timezone.now() - timedelta(days=i + 1),
            )
    pattern_facts.cached(leader, refresh=True)  # the scan, as the patterns page keeps it
    sign_in(page, "leo@acme.test")
    page.goto("/transformation/")
    finding = page.get_by_test_id("home-patterns").get_by_test_id(
        "finding-shipping_without_outcome"
    )
    expect(finding).to_contain_text("6 of 6 releases serve no outcome")
    finding.get_by_role("link", name="Evidence: Releases not linked to an outcome").click()
    expect(page).to_have_url(re.compile(r"/delivery/releases/\?linked=no"))
    expect(page.get_by_text("Checkout feature 0")).to_be_visible()


def test_a_leader_sends_a_pulse_and_a_person_answers_through_the_emailed_link(
    page: Any, world: World, live_server: Any
) -> None:
    from django.core import mail

    h.strategy(world)
    payments = h.crew(world, "Payments", 2)
    h.crew(world, "Mobile", 1)
    mail.outbox.clear()
    sign_in(page, "leo@acme.test")
    page.goto("/transformation/")
    page.get_by_test_id("home-clarity").get_by_role("link", name="Send a clarity pulse").click()
    form = page.locator("#new-pulse")
    form.get_by_label("Title").fill("Monday morning test, March")
    form.get_by_label("Who is asked").select_option("teams")
    teams = form.get_by_role("combobox", name="Teams")
    teams.fill("pay")
    expect(page.get_by_role("option", name="Payments")).to_be_visible()
    teams.press("ArrowDown")
    teams.press("Enter")
    expect(page.get_by_test_id("id_team_ids-chosen")).to_contain_text("Payments")
    form.get_by_role("button", name="Create and send").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Monday morning test, March")
    expect(page.get_by_test_id("response")).to_contain_text("0 of 2 people answered")

    # The worker emailed each person on Payments their own link.
    emails = {m.to[0]: m.body for m in mail.outbox}
    assert sorted(emails) == sorted(p.email for p in [m.person for m in payments.members.all()])
    pulse_id, token = h.token_in(next(iter(emails.values())))
    link = f"/transformation/clarity/{pulse_id}/answer/{token}/"

    # The person answers without signing in, with the keyboard only.
    visitor = page.context.browser.new_context(base_url=live_server.url)
    answer = visitor.new_page()
    answer.goto(link)
    expect(answer.get_by_role("heading", level=1)).to_have_text("Monday morning test, March")
    answer.get_by_role("button", name="Send my answer").focus()
    answer.keyboard.press("Enter")
    expect(answer.locator("#id_priority_1_error")).to_be_visible()  # at least one priority
    answer.get_by_label("First").focus()
    answer.keyboard.type("Faster payouts")
    answer.keyboard.press("Tab")
    answer.keyboard.type("The mobile app")
    answer.keyboard.press("Tab")
    answer.keyboard.type("Hire more engineers")
    answer.keyboard.press("Tab")
    answer.keyboard.type("I build the payout API.")
    answer.keyboard.press("Tab")
    answer.keyboard.press("Enter")
    expect(answer.get_by_test_id("thanks")).to_contain_text("is counted")

    # The same link again: refused, nothing stored.
    answer.goto(link)
    expect(answer.get_by_test_id("refused")).to_contain_text("already answered")
    forged = answer.goto(f"/transformation/clarity/{pulse_id}/answer/{'x' * 43}/")
    assert forged is not None and forged.status == 400
    expect(answer.get_by_test_id("refused")).to_contain_text("not valid")
    visitor.close()

    page.reload()
    expect(page.get_by_test_id("response")).to_contain_text("1 of 2 people answered")
    expect(page.get_by_test_id("too-few")).to_be_visible()  # one answer: nothing but counts
