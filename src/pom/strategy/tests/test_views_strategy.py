"""Strategy pages as a person uses them: forms, the live linter, ranking, planning, check-ins."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse

from pom.strategy.models import CheckIn, FundingAllocation, Outcome, StrategicBet
from pom.strategy.tests.helpers import plan, today


def test_live_linter_returns_findings_as_a_partial(world: Any) -> None:
    response = world.client("member").post(
        reverse("strategy:lint"), {"title": "Ship mobile app v2"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "O101" in html and "“ship”" in html and "Try:" in html


def test_live_linter_says_clear_for_a_complete_outcome(world: Any) -> None:
    p = plan(world)
    data = {
        "title": "Trial teams reach first value in 10 minutes",
        "metric_name": "median minutes to first value",
        "segment": "new trial workspaces",
        "direction": "decrease",
        "baseline_value": "25",
        "baseline_date": str(today() - timedelta(days=3)),
        "target_value": "10",
        "deadline": str(today() + timedelta(days=60)),
        "owner_team": str(p.acme.team.pk),
        "guardrails": "support tickets per week <= 200",
        "level": "team",
    }
    html = (
        world.client("member")
        .post(reverse("strategy:lint"), data, headers={"HX-Request": "true"})
        .content.decode()
    )
    assert "Clear" in html


def test_a_rank_already_taken_offers_to_insert(world: Any) -> None:
    plan(world)
    client = world.client("leader")
    data = {"title": "Win clinics", "tradeoffs": "No retail", "rank": 1, "status": "active"}
    response = client.post(reverse("strategy:bet_create"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "already taken" in html
    assert "Insert at this rank and move the bets below down one place" in html
    response = client.post(reverse("strategy:bet_create"), {**data, "insert": "on"})
    assert response.status_code == 302
    ranks = list(
        StrategicBet.objects.for_org(world.org_a)
        .filter(status="active")
        .order_by("rank")
        .values_list("title", flat=True)
    )
    assert ranks == ["Win clinics", "Win self-serve SMBs in Europe"]


def test_move_buttons_rerank_without_javascript(world: Any) -> None:
    p = plan(world)
    leader = world.membership("leader")
    from pom.strategy import services

    second = services.create_bet(
        leader, title="Become the fastest way to get paid", tradeoffs="Lower margin"
    )
    world.client("leader").post(reverse("strategy:bet_move", args=[second.pk]), {"direction": "up"})
    p.bet.refresh_from_db()
    second.refresh_from_db()
    assert (second.rank, p.bet.rank) == (1, 2)


def test_outcome_form_keeps_input_and_names_the_field_on_error(world: Any) -> None:
    p = plan(world)
    data = {
        "title": "Shoppers pay in one tap",
        "level": "team",
        "owner_team": str(p.acme.team.pk),
        "direction": "increase",
        "baseline_value": "50",
        "target_value": "40",
        "status": "draft",
        "guardrails": "refund rate somewhere around 2",
    }
    response = world.client("member").post(reverse("strategy:outcome_create"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Line 1" in html and "Shoppers pay in one tap" in html
    data["guardrails"] = "refund rate <= 2"
    response = world.client("member").post(reverse("strategy:outcome_create"), data)
    assert response.status_code == 400
    assert "must be above the baseline 50" in response.content.decode()
    assert not Outcome.objects.for_org(world.org_a).filter(title="Shoppers pay in one tap").exists()


def test_a_refused_commit_is_linted_once_and_its_guardrails_read_once(
    world: Any, monkeypatch: Any
) -> None:
    """Data flows one way: the service lints to refuse, the page shows those same findings."""
    from pom.strategy import clarity, forms

    p = plan(world)
    lints, parses = [], []
    lint_outcome, parse_guardrails = clarity.lint_outcome, forms.parse_guardrails
    monkeypatch.setattr(
        clarity, "lint_outcome", lambda *a, **k: lints.append(1) or lint_outcome(*a, **k)
    )
    monkeypatch.setattr(
        forms, "parse_guardrails", lambda *a, **k: parses.append(1) or parse_guardrails(*a, **k)
    )
    data = {
        "title": "Ship the mobile app v2",
        "level": "team",
        "owner_team": str(p.acme.team.pk),
        "direction": "increase",
        "status": "committed",
        "guardrails": "refund rate <= 2",
    }
    response = world.client("member").post(reverse("strategy:outcome_create"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Only an outcome the clarity linter accepts can be committed" in html
    assert "O101" in html
    assert (len(lints), len(parses)) == (1, 1)
    assert not Outcome.objects.for_org(world.org_a).filter(title=data["title"]).exists()


def test_check_in_is_two_clicks_from_the_team(world: Any) -> None:
    p = plan(world)
    client = world.client("member")
    team_page = client.get(reverse("strategy:team_outcomes", args=["checkout"])).content.decode()
    check_in_url = reverse("strategy:check_in", args=[p.outcome.pk])
    assert f'href="{check_in_url}"' in team_page
    response = client.post(
        check_in_url,
        {"value": "36", "confidence": "7", "status": "on_track", "commentary": "Nudge shipped"},
    )
    assert response.status_code == 302
    assert CheckIn.objects.for_org(world.org_a).filter(outcome=p.outcome, value=36).exists()
    outcome_page = client.get(reverse("strategy:outcome", args=[p.outcome.pk])).content.decode()
    assert "Nudge shipped" in outcome_page and "56% of the way" in outcome_page


def test_stale_badge_after_the_configured_days(world: Any) -> None:
    p = plan(world)
    Outcome.objects.for_org(world.org_a).filter(pk=p.outcome.pk).update(
        last_check_in_on=today() - timedelta(days=15)
    )
    page = (
        world.client("viewer")
        .get(reverse("strategy:outcome", args=[p.outcome.pk]))
        .content.decode()
    )
    assert ">stale</span>" in page
    from pom.strategy import services

    services.update_settings(world.membership("leader"), stale_after_days=21)
    page = (
        world.client("viewer")
        .get(reverse("strategy:outcome", args=[p.outcome.pk]))
        .content.decode()
    )
    assert ">stale</span>" not in page


def test_cycle_planning_commits_a_team_and_funds_a_project(world: Any) -> None:
    p = plan(world)
    client = world.client("leader")
    from pom.strategy import services
    from pom.strategy.tests.helpers import clear_outcome

    spare = services.create_outcome(
        world.membership("leader"),
        **clear_outcome(title="Shoppers return twice a month"),
        owner_team=p.acme.team,
    )
    page = client.get(
        reverse("strategy:cycle", args=[p.cycle.pk]) + f"?team={p.acme.team.pk}"
    ).content.decode()
    assert "Plan Checkout for This quarter" in page and "Shoppers return twice a month" in page
    response = client.post(
        reverse("strategy:cycle_commit", args=[p.cycle.pk]),
        {"team": p.acme.team.pk, "outcome": spare.pk},
    )
    assert response.status_code == 302
    spare.refresh_from_db()
    assert spare.status == "committed"
    response = client.post(
        reverse("strategy:funding_create", args=[p.cycle.pk]),
        {"target": f"project:{p.project.pk}", "amount": "40000"},
    )
    assert response.status_code == 302
    assert FundingAllocation.objects.for_org(world.org_a).filter(project=p.project).exists()
    page = client.get(reverse("strategy:cycle", args=[p.cycle.pk])).content.decode()
    assert "75.0%" in page and "25.0%" in page  # teams vs projects by amount


def test_funding_without_an_amount_or_headcount_is_refused(world: Any) -> None:
    p = plan(world)
    response = world.client("leader").post(
        reverse("strategy:funding_create", args=[p.cycle.pk]), {"target": f"project:{p.project.pk}"}
    )
    assert response.status_code == 400
    assert "Give an amount, a headcount, or both." in response.content.decode()


def test_empty_strategy_pages_explain_what_goes_there(world: Any) -> None:
    client = world.client("viewer")
    assert "No active bets yet" in client.get(reverse("strategy:index")).content.decode()
    assert "Nothing to draw yet" in client.get(reverse("strategy:map")).content.decode()
    assert "No outcomes yet" in client.get(reverse("strategy:outcomes")).content.decode()
    assert "No cycles yet" in client.get(reverse("strategy:cycles")).content.decode()


def test_outcome_search_and_filters(world: Any) -> None:
    p = plan(world)
    client = world.client("viewer")
    html = client.get(reverse("strategy:outcomes"), {"q": "searchers"}).content.decode()
    assert p.other.title in html and p.outcome.title not in html
    html = client.get(reverse("strategy:outcomes"), {"level": "business"}).content.decode()
    assert p.business.title in html and p.other.title not in html
    html = client.get(reverse("strategy:outcomes"), {"q": "zzz"}).content.decode()
    assert "No outcome matches" in html


def test_the_team_page_lists_outcomes_one_click_from_a_check_in(world: Any) -> None:
    p = plan(world)
    html = world.client("member").get(f"/teams/{p.acme.team.slug}/").content.decode()
    assert p.outcome.title in html
    assert f'href="{reverse("strategy:check_in", args=[p.outcome.pk])}"' in html
    viewer_html = world.client("viewer").get(f"/teams/{p.acme.team.slug}/").content.decode()
    assert p.outcome.title in viewer_html
    assert reverse("strategy:check_in", args=[p.outcome.pk]) not in viewer_html


def test_the_import_page_previews_then_applies_and_the_export_downloads(world):
    from pom.strategy.tests.test_transfer import OKR_CSV

    p = plan(world)
    client = world.client("leader")
    before = Outcome.objects.for_org(world.org_a).count()
    page = client.post(
        "/strategy/import/", {"kind": "csv", "content": OKR_CSV, "action": "preview"}
    )
    html = page.content.decode()
    assert page.status_code == 200 and "Preview: 1 change" in html and "3 outcomes" in html
    assert 'name="kind" value="csv"' in html  # the apply button carries the choices
    assert Outcome.objects.for_org(world.org_a).count() == before
    applied = client.post(
        "/strategy/import/",
        {"kind": "csv", "content": OKR_CSV, "action": "apply"},
    )
    assert applied.status_code == 302 and applied["Location"] == "/strategy/"
    assert Outcome.objects.for_org(world.org_a).count() == before + 3

    export = client.get("/strategy/export/")
    assert export["Content-Type"].startswith("application/yaml")
    assert "attachment" in export["Content-Disposition"]
    text = export.content.decode()
    assert "Trial teams reach first value in a day" in text and p.bet.title in text
    refused = client.post("/strategy/import/", {"kind": "yaml", "content": text})
    assert refused.status_code == 400
    assert "already has a strategy" in refused.content.decode()
    replaced = client.post(
        "/strategy/import/",
        {"kind": "yaml", "content": text, "replace": "on", "allow_warnings": "on"},
    )
    body = replaced.content.decode()
    assert replaced.status_code == 200
    assert 'name="replace" value="on"' in body and 'name="allow_warnings" value="on"' in body


def test_only_leaders_are_offered_the_import(world):
    plan(world)
    assert "/strategy/import/" not in world.client("member").get("/strategy/").content.decode()
    assert "/strategy/import/" in world.client("leader").get("/strategy/").content.decode()
    assert world.client("member").get("/strategy/import/").status_code == 403
