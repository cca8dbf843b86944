"""The model's rule for stakeholders, enforced in the service so the API and pages obey it:
stakeholders give input, not solutions or decisions; their opinion is never customer evidence."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pom.discovery import queries, services
from pom.discovery.models import Decision, DecisionKind, InputKind, Origin, Solution, Triage
from pom.discovery.tests import helpers as h


def post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_a_stakeholder_cannot_file_a_decision_through_the_api(world: Any) -> None:
    t = h.team(world)
    response = post(
        world.api("stakeholder"),
        "/api/v1/discovery/inputs",
        {"kind": "decision", "text": "We build a mobile app", "team_id": t.pk},
    )
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["field"] == "kind" and "Only a leader files a decision" in error["message"]
    assert not queries.inputs_for(world.membership("owner")).exists()


def test_a_stakeholder_is_not_offered_decision_and_a_posted_one_is_refused(world: Any) -> None:
    t = h.team(world)
    client = world.client("stakeholder")
    page = client.get(reverse("discovery:inbox"))
    assert b'value="decision"' not in page.content
    refused = client.post(
        reverse("discovery:inbox"), {"kind": "decision", "text": "Build it", "team": t.pk}
    )
    assert refused.status_code == 400
    assert not queries.inputs_for(world.membership("owner")).exists()


def test_input_naming_a_solution_is_recorded_and_shown_as_a_suggestion(world: Any) -> None:
    t = h.team(world)
    response = post(
        world.api("stakeholder"),
        "/api/v1/discovery/inputs",
        {
            "kind": "constraint",
            "text": "Customers need their invoices faster",
            "requested_solution": "A PDF export button",
            "team_id": t.pk,
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["kind"] == "suggestion" and body["names_solution"] is True
    page = world.client("member").get(reverse("discovery:inbox"))
    assert "Names a solution — the team owns the how" in page.content.decode()


def test_a_leader_files_a_decision_and_triage_writes_it_to_the_decision_log(world: Any) -> None:
    t = h.team(world)
    leader = world.membership("leader")
    item = services.submit_input(
        leader, kind="decision", text="We stop serving customers under 10 seats.", team=t
    )
    assert item.kind == InputKind.DECISION
    response = post(
        world.api("member"), f"/api/v1/discovery/inputs/{item.pk}/triage", {"action": "route"}
    )
    assert response.status_code == 200 and response.json()["triage"] == "routed"
    decision = Decision.objects.for_org(world.org_a).get()
    assert decision.kind == DecisionKind.LEADERSHIP and decision.stakeholder_input_id == item.pk
    assert decision.recorded_by == world.user("member")


def test_a_routed_suggestion_becomes_a_stakeholder_idea_among_the_teams_solutions(
    world: Any,
) -> None:
    _, o, opps = h.grow_tree(world, 1)
    item = services.submit_input(
        world.membership("stakeholder"),
        kind="suggestion",
        text="Customers ask for it weekly",
        requested_solution="Excel export",
        outcome=o,
    )
    client = world.client("member")
    response = client.post(
        reverse("discovery:input_triage", args=[item.pk]),
        {"action": "route", "opportunity": opps[0].pk},
    )
    assert response.status_code == 302
    idea = Solution.objects.for_org(world.org_a).get(title="Excel export")
    assert idea.origin == Origin.STAKEHOLDER and idea.opportunity == opps[0]
    assert idea.stakeholder_input_id == item.pk
    item.refresh_from_db()
    assert item.triage == Triage.ROUTED
    page = client.get(reverse("discovery:inbox") + "?triage=routed")
    assert "Routed to the team's solution ideas" in page.content.decode()


def test_a_routed_constraint_shows_on_its_outcome(world: Any) -> None:
    t = h.team(world)
    o = h.outcome(world, t)
    item = services.submit_input(
        world.membership("stakeholder"),
        kind="constraint",
        text="Card data must pass the PCI review first",
        team=t,
    )
    refused = post(
        world.api("member"), f"/api/v1/discovery/inputs/{item.pk}/triage", {"action": "route"}
    )
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "outcome"
    response = world.client("member").post(
        reverse("discovery:input_triage", args=[item.pk]), {"action": "route", "outcome": o.pk}
    )
    assert response.status_code == 302
    page = world.client("viewer").get(o.get_absolute_url())
    text = page.content.decode()
    assert "Constraints and context from stakeholders" in text
    assert "Card data must pass the PCI review first" in text


def test_linking_input_keeps_it_stakeholder_input_not_customer_evidence(world: Any) -> None:
    _, o, opps = h.grow_tree(world, 1)
    item = services.submit_input(
        world.membership("stakeholder"), kind="context", text="Big customers churn", outcome=o
    )
    before = opps[0].insights.count()
    response = post(
        world.api("member"),
        f"/api/v1/discovery/inputs/{item.pk}/triage",
        {"action": "link", "opportunity_id": opps[0].pk},
    )
    assert response.status_code == 200 and response.json()["triage"] == "linked"
    assert opps[0].insights.count() == before
    tree = queries.outcome_tree(world.membership("member"), o).as_dict()
    assert tree["children"][0]["evidence_count"] == before
    listed = world.api("member").get(f"/api/v1/discovery/opportunities/{opps[0].pk}").json()
    assert listed["evidence_count"] == before
    panel = world.client("member").get(reverse("discovery:opportunity_panel", args=[opps[0].pk]))
    text = panel.content.decode()
    assert "Stakeholder input" in text and "(not customer evidence)" in text
    assert "Big customers churn" in text


def test_refused_input_writes_nothing(world: Any) -> None:
    t = h.team(world)
    with pytest.raises(ValidationError):
        services.submit_input(
            world.membership("member"), kind="decision", text="We do it my way", team=t
        )
    assert not queries.inputs_for(world.membership("owner")).exists()
