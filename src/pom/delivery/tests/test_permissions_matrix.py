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
        "GET",
        "/api/v1/delivery/releases/{release_id}/impact",
        api_read(outsider=404),
        args=release_id,
    ),
    api(
        "GET",
        "/api/v1/delivery/outcomes/{outcome_id}/releases",
        api_read(outsider=404),
        args=lambda w: [h.release(w, solutions=[h.solution(w)]) and h.outcome(w).pk],
    ),
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


def team_id(w: Any) -> list[int]:
    return [h.team(w).pk]


def source_id(w: Any) -> list[int]:
    return [h.source(w).pk]


def repository_id(w: Any) -> list[int]:
    return [h.repository(w).pk]


def token(w: Any) -> list[str]:
    return [h.source(w).token]


UNSIGNED = dict.fromkeys(
    ("anonymous", "outsider", "viewer", "stakeholder", "member", "leader", "owner"), 401
)
HOOK_BODY = {
    "id": "d-1",
    "startedDate": "2026-01-01T10:00:00Z",
    "finishedDate": "2026-01-01T10:05:00Z",
    "deploymentCommits": [{"repoUrl": "https://github.com/acme/shop", "commitSha": "abc"}],
}


def import_csv(w: Any) -> str:
    return f"team,title,shipped_at\n{h.team(w).slug},Reorder button,2026-02-03T10:00\n"


CASES += [
    # Members of a team import its releases; a member of another organization names no team of
    # org A, so her file is previewed with a problem (200, nothing written), never an error.
    page("GET", "delivery:import", page_for(*TEAM, outsider=200)),
    page(
        "POST",
        "delivery:import",
        page_for(*TEAM, outsider=400),
        data=lambda w: {"kind": "releases", "content": import_csv(w)},
    ),
    page("GET", "delivery:export", page_read(), data={"kind": "releases"}),
    api(
        "POST",
        "/api/v1/delivery/import",
        api_for(*TEAM, outsider=400),
        data=lambda w: {"kind": "releases", "content": import_csv(w)},
    ),
    api("GET", "/api/v1/delivery/export", api_read()),
]

CASES += [
    page("GET", "delivery:overview", page_read()),
    page(
        "GET",
        "delivery:overview",
        page_read(),
        data={"start": "2026-01-01", "end": "2026-03-31"},
        name="GET delivery:overview (window)",
    ),
    page("GET", "delivery:team", page_read(outsider=404), args=team_id),
    page("GET", "delivery:setup", page_for(*LEADERS)),
    page(
        "POST", "delivery:setup", page_for(*LEADERS, ok=302), data={"name": "CI", "kind": "webhook"}
    ),
    page("GET", "delivery:source", page_for(*LEADERS), args=source_id),
    page("POST", "delivery:source_secret", page_for(*LEADERS, ok=302), args=source_id),
    page("POST", "delivery:source_delete", page_for(*LEADERS, ok=302), args=source_id),
    page(
        "POST",
        "delivery:repository_map",
        page_for(*LEADERS, ok=302),
        args=repository_id,
        data=lambda w: {"team": h.team(w).pk},
    ),
    api("GET", "/api/v1/delivery/sources", api_for(*LEADERS)),
    api(
        "POST",
        "/api/v1/delivery/sources",
        api_for(*LEADERS, ok=201),
        data={"name": "CI", "kind": "github"},
    ),
    api("POST", "/api/v1/delivery/sources/{source_id}/secret", api_for(*LEADERS), args=source_id),
    api(
        "DELETE", "/api/v1/delivery/sources/{source_id}", api_for(*LEADERS, ok=204), args=source_id
    ),
    api("GET", "/api/v1/delivery/repositories", api_read()),
    api(
        "PATCH",
        "/api/v1/delivery/repositories/{repository_id}",
        api_for(*LEADERS),
        args=repository_id,
        data=lambda w: {"team_id": h.team(w).pk},
    ),
    api("GET", "/api/v1/delivery/deployments", api_read()),
    api("GET", "/api/v1/delivery/changes", api_read()),
    api("GET", "/api/v1/delivery/incidents", api_read()),
    api("GET", "/api/v1/delivery/figures", api_read()),
    api("GET", "/api/v1/delivery/teams/{team_id}/figures", api_read(outsider=404), args=team_id),
    # Webhooks answer to their signature, never to a pom session or token: unsigned is 401 for all.
    api("POST", "/api/v1/delivery/hooks/{token}/deployments", UNSIGNED, args=token, data=HOOK_BODY),
    api("POST", "/api/v1/delivery/hooks/{token}/changes", UNSIGNED, args=token, data={}),
    api("POST", "/api/v1/delivery/hooks/{token}/issues", UNSIGNED, args=token, data={}),
    api(
        "POST",
        "/api/v1/delivery/hooks/{token}/issues/{issue_key}/close",
        UNSIGNED,
        args=lambda w: [h.source(w).token, "INC-1"],
    ),
    api(
        "POST",
        "/api/v1/delivery/hooks/{token}/github",
        UNSIGNED,
        args=lambda w: [h.source(w, "github", "GH").token],
    ),
    api(
        "POST",
        "/api/v1/delivery/hooks/{token}/gitlab",
        UNSIGNED,
        args=lambda w: [h.source(w, "gitlab", "GL").token],
    ),
]

test_matrix = matrix_test(CASES)
