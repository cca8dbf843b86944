"""Every experiments page and endpoint, as every persona.

Team "Checkout" has bob (member) on it: bob, leaders and owners run its tests; stakeholders and
viewers read; mallory (another organization) gets 404 for anything of org A.
"""

from __future__ import annotations

from typing import Any

from tests.matrix import (
    TEAM,
    api,
    api_for,
    api_read,
    matrix_test,
    page,
    page_for,
    page_read,
)

from pom.experiments.tests import helpers as h


def assumption_id(w: Any) -> list[int]:
    return [h.assumption(w).pk]


def planned_test_id(w: Any) -> list[int]:
    return [h.ab_test(w).pk]


def running_id(w: Any) -> list[int]:
    return [h.binary_data(h.ab_test(w, started=True), w).pk]


def continuous_id(w: Any) -> list[int]:
    # Data arrives only once a test has started (pre-registration).
    return [h.ab_test(w, metric_kind="continuous", started=True).pk]


def started_id(w: Any) -> list[int]:
    return [h.ab_test(w, started=True).pk]


def new_assumption(w: Any) -> dict[str, Any]:
    return {
        "solution_id": h.solution(w).pk,
        "statement": "People want it",
        "risk_type": "value",
        "importance": 4,
        "evidence_strength": 2,
    }


def new_test(w: Any) -> dict[str, Any]:
    a = h.assumption(w)
    return {
        "team_id": a.solution.team_id,
        "title": "Fake door for reorder",
        "method": "fake_door",
        "hypothesis": "People click",
        "success_criterion": "5 % click",
        "assumption_ids": [a.pk],
    }


def new_test_form(w: Any) -> dict[str, Any]:
    data = new_test(w)
    return {
        "team": data["team_id"],
        "title": data["title"],
        "method": data["method"],
        "hypothesis": data["hypothesis"],
        "success_criterion": data["success_criterion"],
        "criterion_direction": "increase",
        "criterion_kind": "relative",
        "criterion_threshold": "0",
        "criterion_confidence": "0.95",
    }


def assumption_form(w: Any) -> dict[str, Any]:
    return {
        "solution": h.solution(w).pk,
        "statement": "It works",
        "risk_type": "feasibility",
        "importance": 3,
        "evidence_strength": 2,
    }


ANALYZE = {
    "metric": "binary",
    "variants": [
        {"name": "A", "users": 1000, "conversions": 100},
        {"name": "B", "users": 1000, "conversions": 130},
    ],
}
SAMPLE = {"metric": "binary", "baseline": 0.1, "mde": 0.1}
VARIANTS = {
    "variants": [
        {"name": "Control", "users": 500, "conversions": 50},
        {"name": "Treatment", "users": 500, "conversions": 60},
    ]
}
OUT404 = {"outsider": 404}

CASES = [
    # Pages (mallory may open the "new" forms of her own organization, but org A's ids are no
    # valid choice there: 400, never a write)
    page("GET", "experiments:index", page_read()),
    page("GET", "experiments:map", page_read()),
    page("GET", "experiments:sample_size", page_read()),
    page(
        "GET",
        "experiments:sample_size",
        page_read(),
        data=SAMPLE,
        name="GET experiments:sample_size (calculated)",
    ),
    page("GET", "experiments:assumption_create", page_for(*TEAM, outsider=200)),
    page(
        "POST",
        "experiments:assumption_create",
        page_for(*TEAM, ok=302, outsider=400),
        data=assumption_form,
    ),
    page("GET", "experiments:assumption", page_read(outsider=404), args=assumption_id),
    page(
        "POST",
        "experiments:assumption",
        page_for(*TEAM, ok=302, outsider=404),
        args=assumption_id,
        data={
            "statement": "Edited",
            "risk_type": "value",
            "importance": 2,
            "evidence_strength": 2,
            "status": "untested",
        },
    ),
    page(
        "POST",
        "experiments:assumption_delete",
        page_for(*TEAM, ok=302, outsider=404),
        args=assumption_id,
    ),
    page("GET", "experiments:test_create", page_for(*TEAM, outsider=200)),
    page(
        "POST", "experiments:test_create", page_for(*TEAM, ok=302, outsider=400), data=new_test_form
    ),
    page("GET", "experiments:test", page_read(outsider=404), args=running_id),
    page("GET", "experiments:test_edit", page_for(*TEAM, outsider=404), args=planned_test_id),
    page(
        "POST",
        "experiments:test_edit",
        page_for(*TEAM, ok=302, outsider=404),
        args=planned_test_id,
        data=lambda w: (
            new_test_form(w)
            | {"metric_kind": "binary", "method": "ab_experiment", "title": "Edited"}
        ),
    ),
    page(
        "POST",
        "experiments:test_start",
        page_for(*TEAM, ok=302, outsider=404),
        args=planned_test_id,
    ),
    page(
        "POST",
        "experiments:test_variants",
        page_for(*TEAM, ok=302, outsider=404),
        args=started_id,
        data={
            "name": ["Control", "Treatment"],
            "users": ["100", "100"],
            "conversions": ["10", "12"],
        },
    ),
    page(
        "POST",
        "experiments:test_values",
        page_for(*TEAM, ok=302, outsider=404),
        args=continuous_id,
        data={"csv": "Control,1\nControl,2\nTreatment,3\nTreatment,5\n"},
    ),
    page(
        "POST",
        "experiments:test_conclude",
        page_for(*TEAM, ok=302, outsider=404),
        args=running_id,
        data={"result": "supported", "decision": "persevere", "rationale": "Lift"},
    ),
    page(
        "POST",
        "experiments:test_delete",
        page_for(*TEAM, ok=302, outsider=404),
        args=planned_test_id,
    ),
    # API
    api("GET", "/api/v1/experiments/assumptions", api_read()),
    api(
        "POST",
        "/api/v1/experiments/assumptions",
        api_for(*TEAM, ok=201, outsider=400),
        data=new_assumption,
    ),
    api(
        "GET",
        "/api/v1/experiments/assumptions/{assumption_id}",
        api_read(outsider=404),
        args=assumption_id,
    ),
    api(
        "PATCH",
        "/api/v1/experiments/assumptions/{assumption_id}",
        api_for(*TEAM, outsider=404),
        args=assumption_id,
        data={"evidence_strength": 4},
    ),
    api(
        "DELETE",
        "/api/v1/experiments/assumptions/{assumption_id}",
        api_for(*TEAM, ok=204, outsider=404),
        args=assumption_id,
    ),
    api("GET", "/api/v1/experiments/tests", api_read()),
    api("POST", "/api/v1/experiments/tests", api_for(*TEAM, ok=201, outsider=400), data=new_test),
    api("GET", "/api/v1/experiments/tests/{test_id}", api_read(outsider=404), args=planned_test_id),
    api(
        "PATCH",
        "/api/v1/experiments/tests/{test_id}",
        api_for(*TEAM, outsider=404),
        args=planned_test_id,
        data={"title": "Renamed"},
    ),
    api(
        "DELETE",
        "/api/v1/experiments/tests/{test_id}",
        api_for(*TEAM, ok=204, outsider=404),
        args=planned_test_id,
    ),
    api(
        "POST",
        "/api/v1/experiments/tests/{test_id}/start",
        api_for(*TEAM, outsider=404),
        args=planned_test_id,
    ),
    api(
        "PUT",
        "/api/v1/experiments/tests/{test_id}/variants",
        api_for(*TEAM, outsider=404),
        args=started_id,
        data=VARIANTS,
    ),
    api(
        "POST",
        "/api/v1/experiments/tests/{test_id}/values",
        api_for(*TEAM, outsider=404),
        args=continuous_id,
        data={"csv": "Control,1\nControl,2\nTreatment,3\nTreatment,5\n"},
    ),
    api(
        "GET",
        "/api/v1/experiments/tests/{test_id}/analysis",
        api_read(outsider=404),
        args=running_id,
    ),
    api(
        "POST",
        "/api/v1/experiments/tests/{test_id}/conclude",
        api_for(*TEAM, outsider=404),
        args=running_id,
        data={"result": "supported", "decision": "persevere", "rationale": "Lift"},
    ),
    api("POST", "/api/v1/experiments/analyze", api_read(), data=ANALYZE),
    api("POST", "/api/v1/experiments/sample-size", api_read(), data=SAMPLE),
]

test_matrix = matrix_test(CASES)
