"""Every delivery page and endpoint, as every persona.

Team "Checkout" has bob (member) on it: bob, leaders and owners log its releases; stakeholders
and viewers read; mallory (another organization) gets 404 for anything of org A.
"""

from __future__ import annotations

from typing import Any

from tests.matrix import LEADERS, api, api_for, api_read, matrix_test, page, page_for, page_read

from pom.delivery.tests import helpers as h

TEAM = ("member", *LEADERS)


def release_id(w: Any) -> list[int]:
    return [h.release(w, solutions=[h.solution(w)]).pk]


def release_form(w: Any) -> dict[str, Any]:
    return {
        "team": h.team(w).pk,
        "title": "Reorder button",
        "shipped_at": "2026-02-03T10:00",
        "kind": "feature",
        "rollout_percent": "100",
        "solutions": [h.solution(w).pk],
    }


def release_body(w: Any) -> dict[str, Any]:
    return {
        "team_id": h.team(w).pk,
        "title": "Reorder button",
        "shipped_at": "2026-02-03T10:00:00Z",
        "solution_ids": [h.solution(w).pk],
    }


CASES = [
    page("GET", "delivery:releases", page_read()),
    page("GET", "delivery:solution_search", page_read(), data={"solution_q": "reorder"}),
    # Mallory may open the form of her own organization; org A's team is no valid choice there.
    page("GET", "delivery:release_create", page_for(*TEAM, outsider=200)),
    page(
        "POST", "delivery:release_create", page_for(*TEAM, ok=302, outsider=400), data=release_form
    ),
    page("GET", "delivery:release", page_read(outsider=404), args=release_id),
    page("GET", "delivery:release_edit", page_for(*TEAM, outsider=404), args=release_id),
    page(
        "POST",
        "delivery:release_edit",
        page_for(*TEAM, ok=302, outsider=404),
        args=release_id,
        data=release_form,
    ),
    page("POST", "delivery:release_delete", page_for(*TEAM, ok=302, outsider=404), args=release_id),
    api("GET", "/api/v1/delivery/releases", api_read()),
    api(
        "POST", "/api/v1/delivery/releases", api_for(*TEAM, ok=201, outsider=400), data=release_body
    ),
    api("GET", "/api/v1/delivery/releases/{release_id}", api_read(outsider=404), args=release_id),
    api(
        "PATCH",
        "/api/v1/delivery/releases/{release_id}",
        api_for(*TEAM, outsider=404),
        args=release_id,
        data={"title": "Renamed"},
    ),
    api(
        "DELETE",
        "/api/v1/delivery/releases/{release_id}",
        api_for(*TEAM, ok=204, outsider=404),
        args=release_id,
    ),
]

test_matrix = matrix_test(CASES)
