"""A test's numbers are bounded at the schema, the service and the database (issue 15, item 4)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction

from pom.experiments import services
from pom.experiments.models import AssumptionTest, ExperimentVariant
from pom.experiments.tests import helpers as h

BASE = "/api/v1/experiments"


def send(client: Any, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    ("arm", "field"),
    [
        ({"users": 10**19, "conversions": 1}, "users"),
        ({"users": 100, "conversions": 10**30}, "conversions"),
        ({"users": 100, "conversions": 1, "planned_share": 1e300}, "planned_share"),
    ],
)
def test_huge_arm_numbers_are_refused_by_field(world: Any, arm: dict[str, Any], field: str) -> None:
    test = h.ab_test(world, started=True)
    body = {
        "variants": [
            {"name": "Control", "users": 100, "conversions": 1},
            {"name": "Treatment", **arm},
        ]
    }
    if "planned_share" in arm:
        body["variants"][0]["planned_share"] = 0.5
    answer = send(world.api("member"), "put", f"{BASE}/tests/{test.pk}/variants", body)
    assert answer.status_code in (400, 422), answer.content
    assert any(field in e["field"] for e in answer.json()["errors"]), answer.json()
    assert world.api("member").get(f"{BASE}/tests/{test.pk}").status_code == 200
    variants = ExperimentVariant.objects.for_org(world.org_a)
    assert not variants.exclude(users=None).exists()
    assert not variants.exclude(planned_share=None).exists()


def test_the_service_refuses_numbers_past_the_bounds(world: Any) -> None:
    test = h.ab_test(world, metric_kind="continuous", started=True)
    member = world.membership("member")
    with pytest.raises(ValidationError) as exc:
        services.set_variants(
            member,
            test,
            [
                {"name": "Control", "n": 10, "mean": 1e300, "sd": 1},
                {"name": "Treatment", "n": 10, "mean": 1, "sd": 1},
            ],
        )
    assert "variants[0].mean" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.update_test(member, test, planned_users=10**12)
    assert "planned_users" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.update_test(member, test, criterion_threshold=float("inf"))
    assert "criterion_threshold" in exc.value.message_dict


def test_the_database_refuses_numbers_past_the_bounds(world: Any) -> None:
    test = h.binary_data(h.ab_test(world, started=True), world)
    variant = ExperimentVariant.objects.for_org(world.org_a).first()
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        ExperimentVariant.objects.for_org(world.org_a).filter(pk=variant.pk).update(mean=1e300)
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        AssumptionTest.objects.for_org(world.org_a).filter(pk=test.pk).update(
            criterion_threshold=1e300
        )
