"""Every discovery page and endpoint, as every persona.

The team "Checkout" has bob (member) on it; stakeholders give input and comment; viewers read.
"""

from __future__ import annotations

from typing import Any

from tests.matrix import (
    CONTRIBUTORS,
    TEAM,
    api,
    api_for,
    api_read,
    codes,
    matrix_test,
    page,
    page_for,
    page_read,
)

from pom.discovery import services
from pom.discovery.models import Insight, Opportunity
from pom.discovery.tests import helpers as h


def bob(w: Any) -> Any:
    return w.membership("member")


def team_id(w: Any) -> int:
    return h.team(w).pk


def outcome_id(w: Any) -> int:
    return h.outcome(w, h.team(w)).pk


def touchpoint(w: Any) -> list[int]:
    tp = services.record_touchpoint(
        bob(w), team=h.team(w), happened_on=h.days_ago(2), insights=[{"text": "It is slow"}]
    )
    return [tp.pk]


def insight(w: Any) -> int:
    return services.add_insight(bob(w), team=h.team(w), text="Search finds nothing").pk


def opportunity(w: Any) -> int:
    o = h.outcome(w, h.team(w))
    return services.create_opportunity(bob(w), outcome=o, title="I can't find invoices").pk


def two_opportunities(w: Any) -> tuple[int, int]:
    o = h.outcome(w, h.team(w))
    a = services.create_opportunity(bob(w), outcome=o, title="A")
    b = services.create_opportunity(bob(w), outcome=o, title="B")
    return a.pk, b.pk


def solution(w: Any) -> int:
    return services.create_solution(bob(w), opportunity=opportunity(w), title="Saved searches").pk


def stakeholder_input(w: Any) -> int:
    return services.submit_input(
        w.membership("stakeholder"), kind="suggestion", text="Add a bulk export", team=h.team(w)
    ).pk


def decision(w: Any) -> int:
    return services.record_decision(bob(w), title="Focus on search", team=h.team(w)).pk


def link_args(w: Any) -> list[int]:
    return [insight(w), opportunity(w)]


def linked_args(w: Any) -> list[int]:
    i, o = insight(w), opportunity(w)
    services.link_insight(
        bob(w),
        services.resolve(Insight, bob(w), i, "i"),
        services.resolve(Opportunity, bob(w), o, "o"),
    )  # type: ignore[arg-type]
    return [i, o]


READ_OBJECT = page_read(outsider=404)
EDIT_PAGE = page_for(*TEAM, ok=302, outsider=404)
EDIT_FORM = page_for(*TEAM, outsider=404)
EDIT_API = api_for(*TEAM, outsider=404)
CSV = "date,customer,company,text,tags\n2026-01-05,Ann,Globex,Slow export,export\n"

_moved: dict[str, Any] = {}


def move_args(w: Any) -> list[int]:
    a, b = two_opportunities(w)
    _moved["parent"] = a
    return [b]


CASES = [
    # Pages
    page("GET", "discovery:index", page_read()),
    page("GET", "discovery:team", READ_OBJECT, args=lambda w: [team_id(w)]),
    page("GET", "discovery:touchpoints", page_read()),
    page(
        "POST",
        "discovery:touchpoints",
        page_for(*TEAM, ok=302),
        data=lambda w: {
            "team": team_id(w),
            "happened_on": str(h.days_ago(1)),
            "kind": "interview",
            "insights": "It is slow",
        },
    ),
    page("GET", "discovery:touchpoint", READ_OBJECT, args=touchpoint),
    page("POST", "discovery:touchpoint_delete", EDIT_PAGE, args=touchpoint),
    page("GET", "discovery:touchpoint_edit", EDIT_FORM, args=touchpoint),
    page(
        "POST",
        "discovery:touchpoint_edit",
        EDIT_PAGE,
        args=touchpoint,
        data=lambda w: {"happened_on": str(h.days_ago(1)), "kind": "survey"},
    ),
    page("GET", "discovery:insight_edit", EDIT_FORM, args=lambda w: [insight(w)]),
    page(
        "POST",
        "discovery:insight_edit",
        EDIT_PAGE,
        args=lambda w: [insight(w)],
        data=lambda w: {
            "text": "Changed",
            "kind": "observation",
            "observed_on": str(h.days_ago(1)),
        },
    ),
    page("POST", "discovery:insight_delete", EDIT_PAGE, args=lambda w: [insight(w)]),
    page("GET", "discovery:insights", page_read()),
    page(
        "POST",
        "discovery:insights",
        page_for(*TEAM, ok=302),
        data=lambda w: {"team": team_id(w), "text": "A quote", "kind": "quote"},
    ),
    page(
        "POST",
        "discovery:insight_link",
        EDIT_PAGE,
        args=lambda w: [insight(w)],
        data=lambda w: {"opportunity": opportunity(w)},
    ),
    page("GET", "discovery:tree", READ_OBJECT, args=lambda w: [outcome_id(w)]),
    page("GET", "discovery:tree_canvas", READ_OBJECT, args=lambda w: [outcome_id(w)]),
    page(
        "POST",
        "discovery:opportunity_create",
        EDIT_PAGE,
        args=lambda w: [outcome_id(w)],
        data={"title": "I can't export"},
    ),
    page("GET", "discovery:opportunity_panel", READ_OBJECT, args=lambda w: [opportunity(w)]),
    page(
        "POST",
        "discovery:opportunity_panel",
        EDIT_PAGE,
        args=lambda w: [opportunity(w)],
        data={"title": "I can't export fast", "stage": "now"},
        name="POST discovery:opportunity_panel",
    ),
    page(
        "POST",
        "discovery:opportunity_move",
        EDIT_PAGE,
        args=move_args,
        data=lambda w: {"parent": _moved["parent"]},
    ),
    page("POST", "discovery:opportunity_delete", EDIT_PAGE, args=lambda w: [opportunity(w)]),
    page(
        "POST",
        "discovery:solution_create",
        EDIT_PAGE,
        args=lambda w: [opportunity(w)],
        data={"title": "CSV export", "status": "idea", "origin": "team"},
    ),
    page("GET", "discovery:solution_panel", READ_OBJECT, args=lambda w: [solution(w)]),
    page(
        "POST",
        "discovery:solution_panel",
        EDIT_PAGE,
        args=lambda w: [solution(w)],
        data={"title": "CSV export v2", "status": "ready", "origin": "team"},
        name="POST discovery:solution_panel",
    ),
    page(
        "POST",
        "discovery:solution_move",
        EDIT_PAGE,
        args=lambda w: [solution(w)],
        data=lambda w: {"opportunity": opportunity(w)},
    ),
    page(
        "POST",
        "discovery:comment_create",
        codes(302, allowed=CONTRIBUTORS, anonymous=302, outsider=404),
        data=lambda w: {"opportunity": opportunity(w), "text": "Customers say so too"},
    ),
    page("GET", "discovery:inbox", page_read()),
    page(
        "POST",
        "discovery:inbox",
        codes(302, allowed=CONTRIBUTORS, anonymous=302, outsider=302),
        data={"kind": "context", "text": "Sales hears this weekly"},
    ),
    page(
        "POST",
        "discovery:input_triage",
        EDIT_PAGE,
        args=lambda w: [stakeholder_input(w)],
        data={"action": "decline", "reason": "Not our problem space"},
    ),
    page("GET", "discovery:decisions", page_read()),
    page(
        "POST",
        "discovery:decisions",
        page_for(*TEAM, ok=302, outsider=302),
        data=lambda w: {
            "title": "Drop the wizard",
            "kind": "team",
            "decided_on": str(h.days_ago(0)),
            "reversible": "on",
        },
    ),
    page("GET", "discovery:decision", READ_OBJECT, args=lambda w: [decision(w)]),
    page(
        "POST",
        "discovery:decision",
        EDIT_PAGE,
        args=lambda w: [decision(w)],
        data=lambda w: {"title": "Focus on search first", "decided_on": str(h.days_ago(0))},
        name="POST discovery:decision (edit)",
    ),
    page(
        "POST",
        "discovery:decision_status",
        EDIT_PAGE,
        args=lambda w: [decision(w)],
        data={"status": "reversed"},
    ),
    page(
        "POST",
        "discovery:decision_review",
        EDIT_PAGE,
        args=lambda w: [decision(w)],
        data={"outcome": "keep", "note": "Still holds"},
    ),
    page("GET", "discovery:import", page_for(*TEAM, outsider=200)),
    page(
        "POST",
        "discovery:import",
        page_for(*TEAM, outsider=400),
        data=lambda w: {"team": team_id(w), "format": "csv", "kind": "interview", "content": CSV},
    ),
    # API
    api("GET", "/api/v1/discovery/touchpoints", api_read()),
    api(
        "POST",
        "/api/v1/discovery/touchpoints",
        api_for(*TEAM, ok=201, outsider=400),
        data=lambda w: {
            "team_id": team_id(w),
            "happened_on": str(h.days_ago(1)),
            "insights": [{"text": "Slow"}],
        },
    ),
    api(
        "GET",
        "/api/v1/discovery/touchpoints/{touchpoint_id}",
        api_read(outsider=404),
        args=touchpoint,
    ),
    api(
        "PATCH",
        "/api/v1/discovery/touchpoints/{touchpoint_id}",
        EDIT_API,
        args=touchpoint,
        data={"summary": "Talked about exports"},
    ),
    api(
        "DELETE",
        "/api/v1/discovery/touchpoints/{touchpoint_id}",
        api_for(*TEAM, ok=204, outsider=404),
        args=touchpoint,
    ),
    api(
        "POST",
        "/api/v1/discovery/evidence",
        api_for(*TEAM, ok=201, outsider=400),
        data=lambda w: {
            "team_id": team_id(w),
            "external_id": "gong:1",
            "happened_on": str(h.days_ago(1)),
            "insights": [{"text": "Slow"}],
        },
    ),
    api("GET", "/api/v1/discovery/insights", api_read()),
    api(
        "POST",
        "/api/v1/discovery/insights",
        api_for(*TEAM, ok=201, outsider=400),
        data=lambda w: {"team_id": team_id(w), "text": "A quote"},
    ),
    api(
        "GET",
        "/api/v1/discovery/insights/{insight_id}",
        api_read(outsider=404),
        args=lambda w: [insight(w)],
    ),
    api(
        "PATCH",
        "/api/v1/discovery/insights/{insight_id}",
        EDIT_API,
        args=lambda w: [insight(w)],
        data={"tags": ["search"]},
    ),
    api(
        "DELETE",
        "/api/v1/discovery/insights/{insight_id}",
        api_for(*TEAM, ok=204, outsider=404),
        args=lambda w: [insight(w)],
    ),
    api(
        "POST",
        "/api/v1/discovery/insights/{insight_id}/opportunities/{opportunity_id}",
        api_for(*TEAM, ok=204, outsider=404),
        args=link_args,
    ),
    api(
        "DELETE",
        "/api/v1/discovery/insights/{insight_id}/opportunities/{opportunity_id}",
        api_for(*TEAM, ok=204, outsider=404),
        args=linked_args,
    ),
    api("GET", "/api/v1/discovery/opportunities", api_read()),
    api(
        "POST",
        "/api/v1/discovery/opportunities",
        api_for(*TEAM, ok=201, outsider=400),
        data=lambda w: {"outcome_id": outcome_id(w), "title": "I can't pay by invoice"},
    ),
    api(
        "GET",
        "/api/v1/discovery/opportunities/{opportunity_id}",
        api_read(outsider=404),
        args=lambda w: [opportunity(w)],
    ),
    api(
        "PATCH",
        "/api/v1/discovery/opportunities/{opportunity_id}",
        EDIT_API,
        args=lambda w: [opportunity(w)],
        data={"stage": "next", "reach": 3},
    ),
    api(
        "POST",
        "/api/v1/discovery/opportunities/{opportunity_id}/move",
        EDIT_API,
        args=move_args,
        data=lambda w: {"parent_id": _moved["parent"]},
    ),
    api(
        "DELETE",
        "/api/v1/discovery/opportunities/{opportunity_id}",
        api_for(*TEAM, ok=204, outsider=404),
        args=lambda w: [opportunity(w)],
    ),
    api(
        "GET",
        "/api/v1/discovery/outcomes/{outcome_id}/tree",
        api_read(outsider=404),
        args=lambda w: [outcome_id(w)],
    ),
    api("GET", "/api/v1/discovery/solutions", api_read()),
    api(
        "POST",
        "/api/v1/discovery/solutions",
        api_for(*TEAM, ok=201, outsider=400),
        data=lambda w: {"opportunity_id": opportunity(w), "title": "Pay by invoice"},
    ),
    api(
        "GET",
        "/api/v1/discovery/solutions/{solution_id}",
        api_read(outsider=404),
        args=lambda w: [solution(w)],
    ),
    api(
        "PATCH",
        "/api/v1/discovery/solutions/{solution_id}",
        EDIT_API,
        args=lambda w: [solution(w)],
        data={"status": "in_discovery"},
    ),
    api(
        "POST",
        "/api/v1/discovery/solutions/{solution_id}/move",
        EDIT_API,
        args=lambda w: [solution(w)],
        data={"opportunity_id": None},
    ),
    api(
        "DELETE",
        "/api/v1/discovery/solutions/{solution_id}",
        api_for(*TEAM, ok=204, outsider=404),
        args=lambda w: [solution(w)],
    ),
    api(
        "POST",
        "/api/v1/discovery/comments",
        codes(201, allowed=CONTRIBUTORS, anonymous=401, outsider=400),
        data=lambda w: {"opportunity_id": opportunity(w), "text": "Seen this too"},
    ),
    api("GET", "/api/v1/discovery/inputs", api_read()),
    api(
        "POST",
        "/api/v1/discovery/inputs",
        codes(201, allowed=CONTRIBUTORS, anonymous=401, outsider=201),
        data={"kind": "constraint", "text": "Must stay GDPR-compliant"},
    ),
    api(
        "GET",
        "/api/v1/discovery/inputs/{input_id}",
        api_read(outsider=404),
        args=lambda w: [stakeholder_input(w)],
    ),
    api(
        "POST",
        "/api/v1/discovery/inputs/{input_id}/triage",
        EDIT_API,
        args=lambda w: [stakeholder_input(w)],
        data={"action": "decline", "reason": "Out of scope"},
    ),
    api("GET", "/api/v1/discovery/decisions", api_read()),
    api(
        "POST",
        "/api/v1/discovery/decisions",
        api_for(*TEAM, ok=201, outsider=201),
        data={"title": "Stop the wizard", "decided_by": "The trio"},
    ),
    api(
        "GET",
        "/api/v1/discovery/decisions/{decision_id}",
        api_read(outsider=404),
        args=lambda w: [decision(w)],
    ),
    api(
        "PATCH",
        "/api/v1/discovery/decisions/{decision_id}",
        EDIT_API,
        args=lambda w: [decision(w)],
        data={"rationale": "Search is where customers get stuck"},
    ),
    api(
        "POST",
        "/api/v1/discovery/decisions/{decision_id}/status",
        EDIT_API,
        args=lambda w: [decision(w)],
        data={"status": "reversed"},
    ),
    api(
        "GET",
        "/api/v1/discovery/decisions/{decision_id}/reviews",
        api_read(outsider=404),
        args=lambda w: [decision(w)],
    ),
    api(
        "POST",
        "/api/v1/discovery/decisions/{decision_id}/reviews",
        api_for(*TEAM, ok=201, outsider=404),
        args=lambda w: [decision(w)],
        data={"outcome": "keep", "note": "Still holds"},
    ),
    api(
        "POST",
        "/api/v1/discovery/imports/preview",
        EDIT_API,
        data=lambda w: {"team_id": team_id(w), "format": "csv", "content": CSV},
    ),
    api(
        "POST",
        "/api/v1/discovery/imports",
        api_for(*TEAM, ok=201, outsider=400),
        data=lambda w: {"team_id": team_id(w), "format": "csv", "content": CSV},
    ),
    api(
        "GET",
        "/api/v1/discovery/teams/{team_id}/cadence",
        api_read(outsider=404),
        args=lambda w: [team_id(w)],
    ),
]

test_matrix = matrix_test(CASES)
