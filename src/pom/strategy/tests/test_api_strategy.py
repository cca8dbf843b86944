"""The strategy API: lint, the map as one nested read, outcomes, funding and field-level errors."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from pom.strategy import services
from pom.strategy.models import Outcome
from pom.strategy.tests.helpers import clear_outcome, plan, today


def post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_lint_returns_findings_with_field_message_and_suggestion(world: Any) -> None:
    response = post(
        world.api("viewer"),
        "/api/v1/strategy/lint",
        {"outcome": {"title": "Launch the new onboarding flow"}},
    )
    assert response.status_code == 200
    body = response.json()
    rules = {f["rule"] for f in body["findings"]}
    assert {"O101", "O110", "O112", "O120", "O122", "O123", "O130"} <= rules
    output = next(f for f in body["findings"] if f["rule"] == "O101")
    assert output["field"] == "title" and output["severity"] == "error" and output["suggestion"]
    assert body["errors"] >= 7


def test_lint_a_bet_without_tradeoffs(world: Any) -> None:
    body = post(
        world.api("member"), "/api/v1/strategy/lint", {"bet": {"title": "Win clinics", "rank": 1}}
    ).json()
    assert [f["rule"] for f in body["findings"] if f["severity"] == "error"] == ["B101"]


def test_lint_checks_the_deadline_against_a_cycle(world: Any) -> None:
    p = plan(world)
    draft = {
        **clear_outcome(),
        "deadline": str(today() + timedelta(days=400)),
        "baseline_date": str(today() - timedelta(days=3)),
        "owner_team_id": p.acme.team.pk,
    }
    draft.pop("status", None)
    body = post(
        world.api("leader"), "/api/v1/strategy/lint", {"outcome": draft, "cycle_id": p.cycle.pk}
    ).json()
    assert [f["rule"] for f in body["findings"]] == ["O128"]


def test_lint_refuses_unknown_fields(world: Any) -> None:
    response = post(world.api("leader"), "/api/v1/strategy/lint", {"outcome": {"titel": "x"}})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "outcome.titel"


def test_the_map_is_one_nested_read(world: Any) -> None:
    p = plan(world)
    body = world.api("viewer").get("/api/v1/strategy/map").json()
    assert body["vision"]["statement"].startswith("Every small business")
    first = body["bets"][0]
    assert first["bet"]["title"] == p.bet.title and first["bet"]["tradeoffs"]
    (root,) = first["outcomes"]
    assert root["title"] == p.business.title
    (child,) = root["children"]
    assert child["owner_team"]["slug"] == "checkout"
    assert child["progress"] is not None and child["confidence"] == 6


def test_creating_an_outcome_with_a_wrong_side_target_names_the_field(world: Any) -> None:
    p = plan(world)
    body = {
        **clear_outcome(
            baseline_date=str(today() - timedelta(days=5)),
            deadline=str(today() + timedelta(days=5)),
        ),
        "owner_team_id": p.acme.team.pk,
        "target_value": 10,
    }
    response = post(world.api("member"), "/api/v1/strategy/outcomes", body)
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "target_value",
            "message": "The target 10 must be above the baseline 31 for an increase.",
        }
    ]


def test_another_orgs_team_cannot_be_named(world: Any) -> None:
    p = plan(world)
    body = {"title": "Sneaky", "owner_team_id": p.acme.team.pk}
    response = post(world.api("outsider"), "/api/v1/strategy/outcomes", body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "owner_team_id"


def test_funding_that_names_two_targets_is_a_400_naming_the_field(world: Any) -> None:
    p = plan(world)
    body = {
        "cycle_id": p.cycle.pk,
        "team_id": p.acme.team.pk,
        "project_id": p.project.pk,
        "amount": 5,
    }
    response = post(world.api("leader"), "/api/v1/strategy/funding", body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "target"


def test_bet_at_a_taken_rank_via_api_and_insert(world: Any) -> None:
    plan(world)
    api = world.api("leader")
    response = post(
        api, "/api/v1/strategy/bets", {"title": "Win clinics", "tradeoffs": "No retail", "rank": 1}
    )
    assert response.status_code == 400
    assert "already taken" in response.json()["errors"][0]["message"]
    response = post(
        api,
        "/api/v1/strategy/bets",
        {"title": "Win clinics", "tradeoffs": "No retail", "rank": 1, "insert": True},
    )
    assert response.status_code == 201
    ranks = [
        (b["title"], b["rank"])
        for b in api.get("/api/v1/strategy/bets?status=active").json()["items"]
    ]
    assert ranks == [("Win clinics", 1), ("Win self-serve SMBs in Europe", 2)]


def test_check_in_via_api_updates_progress(world: Any) -> None:
    p = plan(world)
    response = post(
        world.api("member"),
        f"/api/v1/strategy/outcomes/{p.outcome.pk}/check-ins",
        {"value": 40, "confidence": 9},
    )
    assert response.status_code == 201
    detail = world.api("viewer").get(f"/api/v1/strategy/outcomes/{p.outcome.pk}").json()
    assert detail["progress"] == 1.0 and detail["last_confidence"] == 9 and detail["stale"] is False


def test_outcome_filters_find_stale_outcomes(world: Any) -> None:
    p = plan(world)
    Outcome.objects.for_org(world.org_a).filter(pk=p.other.pk).update(
        last_check_in_on=today() - timedelta(days=30)
    )
    items = world.api("viewer").get("/api/v1/strategy/outcomes?stale=true").json()["items"]
    assert [o["id"] for o in items] == [p.other.pk]
    items = world.api("viewer").get("/api/v1/strategy/outcomes?team=checkout").json()["items"]
    assert [o["id"] for o in items] == [p.outcome.pk]


def test_cycle_detail_shows_the_funding_mix(world: Any) -> None:
    p = plan(world)
    post(
        world.api("leader"),
        "/api/v1/strategy/funding",
        {"cycle_id": p.cycle.pk, "project_id": p.project.pk, "amount": 40000},
    )
    body = world.api("viewer").get(f"/api/v1/strategy/cycles/{p.cycle.pk}").json()
    mix = {row["kind"]: row for row in body["funding_mix"]}
    assert mix["team"]["amount"] == 120000 and mix["project"]["amount"] == 40000
    assert mix["team"]["amount_share"] == 75.0 and mix["project"]["amount_share"] == 25.0
    assert body["commitment_count"] == 1


def test_import_via_api_is_all_or_nothing(world: Any) -> None:
    plan(world)
    exported = world.api("leader").get("/api/v1/strategy/export").content.decode()
    response = post(
        world.api("leader"),
        "/api/v1/strategy/import",
        {"yaml": exported, "allow_warnings": True, "replace": True, "dry_run": True},
    )
    assert response.status_code == 200
    assert response.json()["created"]["outcomes"] == 3
    broken = exported.replace("owner_team: search", "owner_team: nowhere")
    response = post(
        world.api("leader"),
        "/api/v1/strategy/import",
        {"yaml": broken, "allow_warnings": True, "replace": True},
    )
    assert response.status_code == 400
    assert "owner_team" in response.json()["errors"][0]["field"]


def test_the_commitments_list_filters_by_cycle_team_and_outcome(world: Any) -> None:
    p = plan(world)
    leader = world.membership("leader")
    services.commit_outcome(leader, p.other, team=p.search, cycle=p.cycle)
    client = world.api("viewer")

    def outcomes(**params: Any) -> list[int]:
        items = client.get("/api/v1/strategy/commitments", params).json()["items"]
        return sorted(c["outcome_id"] for c in items)

    assert outcomes() == sorted([p.outcome.pk, p.other.pk])
    assert outcomes(team_id=p.search.pk) == [p.other.pk]
    assert outcomes(outcome_id=p.outcome.pk, cycle_id=p.cycle.pk) == [p.outcome.pk]
    assert outcomes(cycle_id=p.cycle.pk + 1000) == []
    bad = client.get("/api/v1/strategy/commitments", {"team_id": "abc"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "team_id"
