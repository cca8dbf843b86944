"""Pre-registration is real: the criterion's words and rule agree, no result data arrives before
the start, the criterion is frozen at the start (409 through the API), and the test page shows
every change made before the start from the audit log."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pom.core.audit import acting_as
from pom.experiments import services
from pom.experiments.models import AssumptionTest, ExperimentVariant
from pom.experiments.preregistration import disagreement
from pom.experiments.stats import SuccessCriterion
from pom.experiments.tests import helpers as h

BASE = "/api/v1/experiments"
DATA = {
    "variants": [
        {"name": "Control", "users": 500, "conversions": 50},
        {"name": "Treatment", "users": 500, "conversions": 60},
    ]
}


def send(client: Any, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def test_words_and_rule_must_agree_on_the_numbers() -> None:
    rule = SuccessCriterion(direction="increase", kind="relative", threshold=0.05, confidence=0.95)
    assert (
        disagreement("Repeat purchases up at least 5 % relative, 95 % confidence", rule, "binary")
        == ""
    )
    assert disagreement("Customers like it", rule, "binary") == ""
    assert "The words say 10%" in disagreement("Up 10% with 95% confidence", rule, "binary")
    assert "90% confidence" in disagreement("Up 5% with 90% confidence", rule, "binary")


def test_a_criterion_whose_words_contradict_its_rule_is_refused(world: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        h.ab_test(world, success_criterion="Repeat purchases up 10 %", criterion_threshold=0.05)
    assert (
        "The words say 10% but the rule says" in caught.value.message_dict["success_criterion"][0]
    )
    assert not AssumptionTest.objects.for_org(world.org_a).exists()


def test_no_result_data_before_the_start_through_the_api(world: Any) -> None:
    t = h.ab_test(world)
    response = send(world.api("member"), "put", f"{BASE}/tests/{t.pk}/variants", DATA)
    assert response.status_code == 409
    assert response.json()["message"].startswith("No result data before the test starts")
    assert not ExperimentVariant.objects.for_org(world.org_a).exclude(users=None).exists()
    services.start_test(h.bob(world), t)
    again = send(world.api("member"), "put", f"{BASE}/tests/{t.pk}/variants", DATA)
    assert again.status_code == 200


def test_the_test_page_offers_no_data_fields_before_the_start_and_refuses_posted_data(
    world: Any,
) -> None:
    t = h.ab_test(world)
    client = world.client("member")
    page = client.get(reverse("experiments:test", args=[t.pk])).content.decode()
    assert "Results are entered once the test has started" in page
    assert 'disabled name="users"' in page
    response = client.post(
        reverse("experiments:test_variants", args=[t.pk]),
        {"name": ["Control", "Treatment"], "users": ["100", "100"], "conversions": ["10", "12"]},
        follow=True,
    )
    assert "No result data before the test starts" in response.content.decode()
    assert not ExperimentVariant.objects.for_org(world.org_a).exclude(users=None).exists()


def test_changing_the_criterion_after_the_start_is_a_conflict_with_the_reason(world: Any) -> None:
    t = h.ab_test(world, started=True)
    response = send(
        world.api("member"),
        "patch",
        f"{BASE}/tests/{t.pk}",
        {"success_criterion": "Anything that goes up"},
    )
    assert response.status_code == 409
    error = response.json()["errors"][0]
    assert error["field"] == "success_criterion" and "move the goalposts" in error["message"]
    page = world.client("member").post(
        reverse("experiments:test_edit", args=[t.pk]),
        {
            "title": "Reorder button A/B",
            "success_criterion": "Anything that goes up",
            "criterion_threshold": "0.01",
        },
    )
    assert page.status_code in (200, 302, 400)
    t.refresh_from_db()
    assert t.success_criterion.startswith("Repeat purchase rate up at least 5 %")
    assert t.criterion_threshold == 0.05
    edit = world.client("member").get(reverse("experiments:test_edit", args=[t.pk]))
    assert "Locked when the test started" in edit.content.decode()


def test_the_test_page_shows_changes_to_the_criterion_before_the_start(world: Any) -> None:
    bob = h.bob(world)
    with acting_as(bob.user):
        t = h.ab_test(world)
        services.update_test(
            bob,
            t,
            success_criterion="Repeat purchase rate up at least 8 % relative, 95 % confidence",
            criterion_threshold=0.08,
        )
        services.start_test(bob, t)
    page = world.client("viewer").get(reverse("experiments:test", args=[t.pk])).content.decode()
    assert "Changes before the start" in page
    assert "wrote it down" in page and "changed" in page
    assert "“0.05” → “0.08”" in page
    assert bob.user.email in page
    assert "Locked at the start" in page
