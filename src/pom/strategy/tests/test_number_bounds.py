"""Numbers that would break pages forever are refused with a field message (issue 15, item 4).

``budget: 1e300`` used to be stored (SQLite keeps any number), after which the project, the
project list, the export and the cycle page answered 500 and the row could not be deleted.
Every number is bounded at the schema, the form, the service and the database.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction

from pom.strategy import services
from pom.strategy.models import CheckIn, FundingAllocation, Outcome, Project, StrategicBet
from pom.strategy.tests.helpers import plan


def send(client: Any, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def fields_of(answer: Any) -> set[str]:
    return {e["field"] for e in answer.json()["errors"]}


def pages_still_work(world: Any, p: Any) -> None:
    client = world.client("leader")
    for url in (
        f"/strategy/projects/{p.project.pk}/",
        "/strategy/projects/",
        f"/strategy/cycles/{p.cycle.pk}/",
        f"/strategy/outcomes/{p.outcome.pk}/",
        "/strategy/outcomes/",
        "/strategy/",
    ):
        assert client.get(url).status_code == 200, url
    api = world.api("leader")
    for url in ("/api/v1/strategy/projects", "/api/v1/strategy/funding", "/api/v1/strategy/export"):
        assert api.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        (
            "post",
            "projects",
            {
                "name": "X",
                "reason": "regulatory",
                "start": "2026-01-01",
                "end": "2026-02-01",
                "budget": 1e300,
            },
            "budget",
        ),
        ("patch", "projects/{project}", {"budget": 1e300}, "budget"),
        ("patch", "projects/{project}", {"budget": 0.001}, "budget"),
        ("patch", "funding/{funding}", {"amount": 1e300}, "amount"),
        ("patch", "funding/{funding}", {"headcount": 1e9}, "headcount"),
        ("patch", "outcomes/{outcome}", {"target_value": 1e300}, "target_value"),
        ("patch", "outcomes/{outcome}", {"baseline_value": -1e300}, "baseline_value"),
        ("post", "outcomes/{outcome}/check-ins", {"value": 1e300, "confidence": 5}, "value"),
        ("patch", "bets/{bet}", {"rank": 40000}, "rank"),
    ],
)
def test_out_of_range_numbers_are_refused_by_field_and_pages_keep_working(
    world: Any, method: str, path: str, body: dict[str, Any], field: str
) -> None:
    p = plan(world)
    ids = {
        "project": p.project.pk,
        "funding": p.funding.pk,
        "outcome": p.outcome.pk,
        "bet": p.bet.pk,
    }
    url = "/api/v1/strategy/" + path.format(**ids)
    answer = send(world.api("leader"), method, url, body)
    assert answer.status_code in (400, 422), answer.content
    assert field in fields_of(answer), answer.json()
    pages_still_work(world, p)


def test_the_services_refuse_out_of_range_numbers_from_any_caller(world: Any) -> None:
    p = plan(world)
    leader = world.membership("leader")
    with pytest.raises(ValidationError) as exc:
        services.update_project(leader, p.project, budget="1e300")
    assert "budget" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.update_funding(leader, p.funding, amount=10**20)
    assert "amount" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.update_outcome(leader, p.outcome, current_value=float("inf"))
    assert "current_value" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.record_check_in(leader, p.outcome, value=1e16, confidence=5)
    assert "value" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.update_settings(leader, stale_after_days="a year")
    assert "stale_after_days" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.update_settings(leader, max_active_bets=10**30)
    assert "max_active_bets" in exc.value.message_dict
    p.project.refresh_from_db()
    assert p.project.budget == 50000


def test_the_project_form_names_the_field(world: Any) -> None:
    p = plan(world)
    answer = world.client("leader").post(
        "/strategy/projects/",
        {
            "name": "Big",
            "reason": "other",
            "start": "2026-01-01",
            "end": "2026-02-01",
            "budget": "1e300",
        },
    )
    assert answer.status_code == 400
    assert "budget" in answer.context["form"].errors
    assert not Project.objects.for_org(world.org_a).filter(name="Big").exists()
    pages_still_work(world, p)


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (Project, "budget", 1e300),
        (FundingAllocation, "amount", 1e300),
        (FundingAllocation, "headcount", 1e9),
        (Outcome, "target_value", 1e300),
        (CheckIn, "value", -1e300),
        (StrategicBet, "rank", 5000),
    ],
)
def test_the_database_refuses_out_of_range_numbers(
    world: Any, model: Any, field: str, value: Any
) -> None:
    plan(world)
    row = model.objects.for_org(world.org_a).first()
    # A check constraint (IntegrityError), or PostgreSQL's numeric precision itself (DataError).
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        model.objects.for_org(world.org_a).filter(pk=row.pk).update(**{field: value})
