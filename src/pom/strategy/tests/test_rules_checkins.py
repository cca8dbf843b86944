"""Check-ins carry the truth: a status, each guardrail's reading, confidence read in context,
and numbers that mean something (NaN and infinity are field errors, never a 500)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from pom.strategy import services
from pom.strategy.models import CheckIn, OutcomeStatus
from pom.strategy.tests.helpers import plan

GUARDRAIL = "support tickets per 1,000 workspaces"


def send(client: Any, method: str, url: str, body: str) -> Any:
    return getattr(client, method)(url, data=body, content_type="application/json")


def test_a_check_in_through_the_api_carries_status_and_guardrail_readings(world: Any) -> None:
    p = plan(world)
    response = send(
        world.api("member"),
        "post",
        f"/api/v1/strategy/outcomes/{p.outcome.pk}/check-ins",
        json.dumps(
            {"value": 35, "confidence": 5, "status": "at_risk", "guardrails": {GUARDRAIL: 14}}
        ),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "at_risk"
    assert body["guardrail_readings"] == [
        {"metric": GUARDRAIL, "value": 14.0, "comparison": "at_most", "limit": 12.0, "holds": False}
    ]
    p.outcome.refresh_from_db()
    assert (p.outcome.last_status, p.outcome.breached_guardrails) == ("at_risk", 1)


def test_a_reading_for_no_guardrail_is_refused_by_name(world: Any) -> None:
    p = plan(world)
    response = send(
        world.api("member"),
        "post",
        f"/api/v1/strategy/outcomes/{p.outcome.pk}/check-ins",
        json.dumps({"value": 35, "confidence": 5, "guardrails": {"churn": 1}}),
    )
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["field"] == "guardrails.churn" and GUARDRAIL in error["message"]


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers_are_field_errors_not_500s(world: Any, number: str) -> None:
    p = plan(world)
    api = world.api("member")
    before = CheckIn.objects.for_org(world.org_a).count()
    check_in = send(
        api,
        "post",
        f"/api/v1/strategy/outcomes/{p.outcome.pk}/check-ins",
        f'{{"value": {number}, "confidence": 5}}',
    )
    # Refused by the declared bound of the schema (422) or by the service (400), naming the field.
    assert check_in.status_code in (400, 422)
    assert "value" in str(check_in.json()["errors"][0])
    assert CheckIn.objects.for_org(world.org_a).count() == before
    outcome = send(
        world.api("leader"),
        "patch",
        f"/api/v1/strategy/outcomes/{p.outcome.pk}",
        f'{{"baseline_value": {number}}}',
    )
    assert outcome.status_code in (400, 422)
    assert outcome.json()["errors"][0]["field"] == "baseline_value"
    p.outcome.refresh_from_db()
    assert p.outcome.baseline_value == 31


def test_the_check_in_page_asks_for_status_and_each_guardrail(world: Any) -> None:
    p = plan(world)
    client = world.client("member")
    url = reverse("strategy:check_in", args=[p.outcome.pk])
    form = client.get(url).content.decode()
    assert "Is the outcome on track?" in form and f"{GUARDRAIL} now" in form
    missing = client.post(url, {"value": "36", "confidence": "7"})
    assert missing.status_code == 400
    bad = client.post(url, {"value": "nan", "confidence": "7", "status": "on_track"})
    assert bad.status_code == 400
    saved = client.post(
        url, {"value": "36", "confidence": "7", "status": "on_track", "guardrail_0": "9"}
    )
    assert saved.status_code == 302
    page = client.get(p.outcome.get_absolute_url()).content.decode()
    assert 'data-testid="track-status">On track<' in page
    assert "held" in page


def test_an_achieved_outcome_does_not_headline_its_old_confidence(world: Any) -> None:
    p = plan(world)
    services.update_outcome(world.membership("leader"), p.outcome, status=OutcomeStatus.ACHIEVED)
    page = world.client("viewer").get(p.outcome.get_absolute_url()).content.decode()
    assert '<dt>Result</dt><dd data-testid="confidence">Achieved' in page
    assert "6/10 that the target" not in page
    open_page = world.client("viewer").get(p.business.get_absolute_url()).content.decode()
    assert "<dt>Confidence</dt>" in open_page
