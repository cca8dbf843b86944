"""The tree page drawn by the server: the fourth level (assumption tests), the canvas fragment the
script asks for when a branch opens or closes, and the API read that exports the same tree."""

from __future__ import annotations

import re
from typing import Any

from pom.discovery import services
from pom.discovery.tests import helpers as h
from pom.experiments import services as experiments


def text(response: Any) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def tree(world: Any) -> dict[str, Any]:
    bob = world.membership("member")
    team = h.team(world)
    outcome = h.outcome(world, team)
    opp = services.create_opportunity(bob, outcome=outcome, title="I can't reorder quickly")
    sol = services.create_solution(bob, opportunity=opp, title="One-click reorder")
    other = services.create_solution(bob, opportunity=opp, title="Saved baskets")
    first = experiments.create_assumption(
        bob,
        solution=sol,
        statement="They reorder",
        risk_type="value",
        importance=5,
        evidence_strength=1,
    )
    second = experiments.create_assumption(
        bob,
        solution=sol,
        statement="It is safe",
        risk_type="feasibility",
        importance=3,
        evidence_strength=3,
    )
    running = experiments.create_test(
        bob,
        team=team,
        title="Fake door: Reorder",
        method="fake_door",
        hypothesis="They click",
        success_criterion="10 % click",
        assumptions=[first, second],
        planned_end=h.days_ago(3),
    )
    experiments.start_test(bob, running)
    concluded = experiments.create_test(
        bob,
        team=team,
        title="Interviews on reordering",
        method="other",
        hypothesis="They ask for it",
        success_criterion="5 of 8 ask",
        assumptions=[first],
    )
    experiments.start_test(bob, concluded)
    experiments.conclude_test(
        bob, concluded, result="supported", decision="persevere", rationale="6 of 8 asked."
    )
    return {
        "outcome": outcome,
        "sol": sol,
        "other": other,
        "running": running,
        "concluded": concluded,
    }


def test_the_tree_shows_each_solutions_tests_with_status_and_verdict_in_words(world: Any) -> None:
    made = tree(world)
    response = world.client("member").get(f"/discovery/outcomes/{made['outcome'].pk}/tree/")
    assert response.status_code == 200
    words = text(response)
    assert "1 opportunity, 2 solutions, 2 assumption tests" in words
    assert "Fake door: Reorder" in words and "Running, past its planned end · Fake door" in words
    assert "Concluded: supported, persevere" in words
    assert "2 assumptions" in words  # on the solution's box
    html = response.content.decode()
    # One click from a test to its page; a test that checks two of a solution's assumptions
    # shows once under it.
    assert html.count(f'href="/experiments/tests/{made["running"].pk}/"') == 1
    assert f'data-node="test-{made["sol"].pk}-{made["concluded"].pk}"' in html


def test_the_canvas_fragment_opens_and_closes_branches_and_ignores_nonsense(world: Any) -> None:
    made = tree(world)
    client = world.client("member")
    url = f"/discovery/outcomes/{made['outcome'].pk}/tree/canvas/"
    everything = client.get(url, {"closed": ""}).content.decode()
    assert everything.count('data-kind="test"') == 2
    closed = client.get(url, {"closed": f"s{made['sol'].pk}"}).content.decode()
    assert closed.count('data-kind="test"') == 0
    assert f'data-closed="s{made["sol"].pk}"' in closed
    assert 'aria-expanded="false"' in closed
    two_levels = client.get(url, {"depth": "1"}).content.decode()
    assert 'data-kind="solution"' not in two_levels
    for nonsense in ("zz,o-1,s99999999999999999999,,root2", "x" * 50_000, "o0" + ",o0" * 9000):
        response = client.get(url, {"closed": nonsense})
        assert response.status_code == 200
        assert response.content.decode().count('data-kind="test"') == 2


def test_another_organizations_tree_canvas_is_not_found(world: Any) -> None:
    theirs = h.outcome(world, None, "Theirs", org="b")
    client = world.client("member")
    assert client.get(f"/discovery/outcomes/{theirs.pk}/tree/canvas/").status_code == 404


def test_the_api_exports_the_fourth_level(world: Any) -> None:
    made = tree(world)
    body = world.api("member").get(f"/api/v1/discovery/outcomes/{made['outcome'].pk}/tree").json()
    sol = body["tree"]["children"][0]["children"][0]
    assert sol["assumption_count"] == 2
    tests = {t["title"]: t for t in sol["children"]}
    assert tests["Interviews on reordering"]["kind"] == "test"
    assert tests["Interviews on reordering"]["result"] == "supported"
    assert tests["Interviews on reordering"]["decision_label"] == "Persevere"
    assert tests["Fake door: Reorder"]["overdue"] is True
    assert tests["Fake door: Reorder"]["url"] == f"/experiments/tests/{made['running'].pk}/"
    assert body["nodes"] == 6
