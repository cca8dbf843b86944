"""Every strategy page and endpoint, as every persona.

Leaders and owners manage vision, bets, cycles, projects and funding; members edit the outcomes of
their own team (bob is on Checkout) and check in on them; stakeholders comment; viewers read; the
outsider (a member of another organization) gets 404 for anything of org A.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.matrix import (
    CONTRIBUTORS,
    LEADERS,
    api,
    api_for,
    api_read,
    codes,
    matrix_test,
    page,
    page_for,
    page_read,
)

from pom.strategy import services
from pom.strategy.models import CheckIn
from pom.strategy.tests.chain import grow_chain
from pom.strategy.tests.helpers import Plan, clear_outcome, plan, today
from pom.strategy.tests.test_transfer import OKR_CSV


def P(world: Any) -> Plan:
    if not hasattr(world, "_strategy_plan"):
        world._strategy_plan = plan(world)
    return world._strategy_plan


def spare_outcome(world: Any) -> Any:
    """A clear outcome of bob's team that is not committed anywhere yet."""
    p = P(world)
    if not hasattr(world, "_spare"):
        world._spare = services.create_outcome(
            world.membership("leader"),
            **clear_outcome(title="Trial teams reach first value in 10 minutes"),
            owner_team=p.acme.team,
        )
    return world._spare


def okr_import(world: Any) -> dict[str, str]:
    """An OKR spreadsheet to preview; its owners are the plan's people."""
    P(world)
    return {"kind": "csv", "content": OKR_CSV, "action": "preview"}


def check_in_id(world: Any) -> list[int]:
    p = P(world)
    return [CheckIn.objects.for_org(world.org_a).filter(outcome=p.outcome).first().pk]


def outcome_arg(world: Any) -> list[int]:
    return [P(world).outcome.pk]


def bet_arg(world: Any) -> list[int]:
    return [P(world).bet.pk]


def cycle_arg(world: Any) -> list[int]:
    return [P(world).cycle.pk]


def project_arg(world: Any) -> list[int]:
    return [P(world).project.pk]


def commitment_arg(world: Any) -> list[int]:
    return [P(world).outcome.commitments.first().pk]


# Carol (stakeholder) wrote the comment: she and leaders may delete it.
def principle_arg(world: Any) -> list[int]:
    leader = world.membership("leader")
    return [services.create_principle(leader, text="Clarity over features").pk]


def principle_order(world: Any) -> dict[str, Any]:
    return {"order": list(reversed([principle_arg(world)[0], principle_arg(world)[0]]))}


COMMENT_PAGE = {**page_for(*LEADERS, "stakeholder", ok=302, outsider=404)}
COMMENT_API = {**api_for(*LEADERS, "stakeholder", ok=204, outsider=404)}
TEAM_PAGE = page_for("member", *LEADERS, outsider=404)
TEAM_PAGE_POST = page_for("member", *LEADERS, ok=302, outsider=404)
LEAD_POST = page_for(*LEADERS, ok=302)
LEAD_POST_OBJ = page_for(*LEADERS, ok=302, outsider=404)
OBJ_READ = page_read(outsider=404)
API_OBJ_READ = api_read(outsider=404)

CYCLE_DATA = {"name": "Next quarter", "start": "2031-01-01", "end": "2031-03-31"}
YAML_DOC = (
    "pillar: strategy\nversion: 1\nvision:\n  statement: Small businesses run on their phones.\n"
)


def outcome_form(world: Any) -> dict[str, Any]:
    data = clear_outcome(title="Shoppers pay in one tap")
    data.pop("guardrails")
    return {
        **data,
        "owner_team": P(world).acme.team.pk,
        "status": "draft",
        "guardrails": "refund rate <= 2",
    }


def funding_form(world: Any) -> dict[str, Any]:
    return {"target": f"project:{P(world).project.pk}", "amount": "10000"}


CASES = [
    # Pages
    page("GET", "strategy:index", page_read()),
    page(
        "POST",
        "strategy:vision",
        LEAD_POST,
        data={"statement": "Run your business from your phone", "horizon": "2030"},
    ),
    page(
        "POST",
        "strategy:settings",
        LEAD_POST,
        data={
            "stale_after_days": 21,
            "max_active_bets": 3,
            "max_outcomes_per_team": 3,
            "max_teams_per_outcome": 2,
        },
    ),
    page(
        "POST",
        "strategy:bet_create",
        LEAD_POST,
        data={"title": "Win clinics", "tradeoffs": "No retail", "status": "active"},
    ),
    page("POST", "strategy:bet_rerank", LEAD_POST, data=lambda w: {"order": [P(w).bet.pk]}),
    page("GET", "strategy:bet", OBJ_READ, args=bet_arg),
    page(
        "POST",
        "strategy:bet",
        LEAD_POST_OBJ,
        args=bet_arg,
        data={"title": "Win SMBs", "tradeoffs": "No enterprise", "status": "active", "rank": 1},
        name="POST strategy:bet (edit)",
    ),
    page("POST", "strategy:bet_move", LEAD_POST_OBJ, args=bet_arg, data={"direction": "down"}),
    page("GET", "strategy:principles", page_read()),
    page("POST", "strategy:principles", LEAD_POST, data={"text": "Clarity over features"}),
    page(
        "GET",
        "strategy:principle",
        codes(302, anonymous=302, outsider=404),
        args=principle_arg,
    ),
    page(
        "POST",
        "strategy:principle",
        LEAD_POST_OBJ,
        args=principle_arg,
        data={"text": "Clarity first", "rationale": "Less is more"},
        name="POST strategy:principle (edit)",
    ),
    page(
        "POST",
        "strategy:principle_move",
        LEAD_POST_OBJ,
        args=principle_arg,
        data={"direction": "up"},
    ),
    page("POST", "strategy:principle_reorder", LEAD_POST, data=principle_order),
    page("POST", "strategy:principle_delete", LEAD_POST_OBJ, args=principle_arg),
    page("POST", "strategy:bet_delete", LEAD_POST_OBJ, args=bet_arg),
    page(
        "POST",
        "strategy:bet_comment",
        page_for(*CONTRIBUTORS, ok=302, outsider=404),
        args=bet_arg,
        data={"body": "Why Europe first?"},
    ),
    page("POST", "strategy:comment_delete", COMMENT_PAGE, args=lambda w: [P(w).comment.pk]),
    page("GET", "strategy:map", page_read()),
    page("GET", "strategy:outcomes", page_read()),
    page("GET", "strategy:outcome_create", page_for("member", *LEADERS, outsider=200)),
    page(
        "POST",
        "strategy:outcome_create",
        page_for("member", *LEADERS, ok=302, outsider=400),
        data=outcome_form,
        name="POST strategy:outcome_create",
    ),
    page("POST", "strategy:lint", page_read(), data={"title": "Launch the app"}),
    page("GET", "strategy:outcome", OBJ_READ, args=outcome_arg),
    page(
        "GET",
        "strategy:outcome",
        OBJ_READ,
        args=lambda w: [grow_chain(w)["outcome"].pk],
        name="GET strategy:outcome (the workspace, every panel filled)",
    ),
    page("GET", "strategy:outcome_edit", TEAM_PAGE, args=outcome_arg),
    page(
        "POST",
        "strategy:outcome_edit",
        TEAM_PAGE_POST,
        args=outcome_arg,
        data=outcome_form,
        name="POST strategy:outcome_edit",
    ),
    page("POST", "strategy:outcome_delete", TEAM_PAGE_POST, args=outcome_arg),
    page("GET", "strategy:check_in", TEAM_PAGE, args=outcome_arg),
    page(
        "POST",
        "strategy:check_in",
        TEAM_PAGE_POST,
        args=outcome_arg,
        data={"value": 35, "confidence": 7, "status": "on_track"},
        name="POST strategy:check_in",
    ),
    page(
        "POST",
        "strategy:outcome_commit",
        TEAM_PAGE_POST,
        args=lambda w: [spare_outcome(w).pk],
        data=lambda w: {"team": P(w).acme.team.pk, "cycle": P(w).cycle.pk},
    ),
    page(
        "POST",
        "strategy:outcome_comment",
        page_for(*CONTRIBUTORS, ok=302, outsider=404),
        args=outcome_arg,
        data={"body": "Mobile too?"},
    ),
    page("POST", "strategy:commitment_delete", TEAM_PAGE_POST, args=commitment_arg),
    page("GET", "strategy:team_outcomes", OBJ_READ, args=lambda w: [P(w).acme.team.slug]),
    page("GET", "strategy:cycles", page_read()),
    page("POST", "strategy:cycles", LEAD_POST, data=CYCLE_DATA, name="POST strategy:cycles"),
    page("GET", "strategy:cycle", OBJ_READ, args=cycle_arg),
    page(
        "POST",
        "strategy:cycle_edit",
        LEAD_POST_OBJ,
        args=cycle_arg,
        data={
            "name": "Q-now",
            "start": str(today() - timedelta(days=30)),
            "end": str(today() + timedelta(days=60)),
        },
    ),
    page("POST", "strategy:cycle_delete", LEAD_POST_OBJ, args=cycle_arg),
    page(
        "POST",
        "strategy:cycle_commit",
        TEAM_PAGE_POST,
        args=cycle_arg,
        data=lambda w: {"team": P(w).acme.team.pk, "outcome": spare_outcome(w).pk},
    ),
    page("POST", "strategy:funding_create", LEAD_POST_OBJ, args=cycle_arg, data=funding_form),
    page("POST", "strategy:funding_delete", LEAD_POST_OBJ, args=lambda w: [P(w).funding.pk]),
    page("GET", "strategy:projects", page_read()),
    page(
        "POST",
        "strategy:projects",
        LEAD_POST,
        data={
            "name": "SOX controls",
            "reason": "compliance",
            "start": "2031-01-01",
            "end": "2031-06-30",
        },
        name="POST strategy:projects",
    ),
    page("GET", "strategy:import", page_for(*LEADERS)),
    page(
        "POST",
        "strategy:import",
        page_for(*LEADERS),
        data=okr_import,
        name="POST strategy:import",
    ),
    page("GET", "strategy:export", page_read()),
    page("GET", "strategy:project", OBJ_READ, args=project_arg),
    page(
        "POST",
        "strategy:project",
        LEAD_POST_OBJ,
        args=project_arg,
        data={"name": "EAA", "reason": "regulatory", "start": "2031-01-01", "end": "2031-06-30"},
        name="POST strategy:project",
    ),
    page("POST", "strategy:project_delete", LEAD_POST_OBJ, args=project_arg),
    # API
    api("GET", "/api/v1/strategy/vision", api_read()),
    api(
        "PUT",
        "/api/v1/strategy/vision",
        api_for(*LEADERS),
        data={"statement": "Phones run small businesses"},
    ),
    api("GET", "/api/v1/strategy/principles", api_read()),
    api(
        "POST",
        "/api/v1/strategy/principles",
        api_for(*LEADERS, ok=201),
        data={"text": "Clarity over features", "rationale": "Fewer, better things"},
    ),
    api("POST", "/api/v1/strategy/principles/reorder", api_for(*LEADERS), data=principle_order),
    api(
        "GET",
        "/api/v1/strategy/principles/{principle_id}",
        api_read(outsider=404),
        args=principle_arg,
    ),
    api(
        "PATCH",
        "/api/v1/strategy/principles/{principle_id}",
        api_for(*LEADERS, outsider=404),
        args=principle_arg,
        data={"rationale": "Less to learn"},
    ),
    api(
        "DELETE",
        "/api/v1/strategy/principles/{principle_id}",
        api_for(*LEADERS, ok=204, outsider=404),
        args=principle_arg,
    ),
    api("GET", "/api/v1/strategy/bets", api_read()),
    api(
        "POST",
        "/api/v1/strategy/bets",
        api_for(*LEADERS, ok=201),
        data={"title": "Win clinics", "tradeoffs": "No retail"},
    ),
    api(
        "POST",
        "/api/v1/strategy/bets/rerank",
        api_for(*LEADERS),
        data=lambda w: {"order": [P(w).bet.pk]},
    ),
    api("GET", "/api/v1/strategy/bets/{bet_id}", API_OBJ_READ, args=bet_arg),
    api(
        "PATCH",
        "/api/v1/strategy/bets/{bet_id}",
        api_for(*LEADERS, outsider=404),
        args=bet_arg,
        data={"tradeoffs": "No enterprise work"},
    ),
    api(
        "DELETE",
        "/api/v1/strategy/bets/{bet_id}",
        api_for(*LEADERS, ok=204, outsider=404),
        args=bet_arg,
    ),
    api("GET", "/api/v1/strategy/bets/{bet_id}/comments", API_OBJ_READ, args=bet_arg),
    api(
        "POST",
        "/api/v1/strategy/bets/{bet_id}/comments",
        api_for(*CONTRIBUTORS, ok=201, outsider=404),
        args=bet_arg,
        data={"body": "Why now?"},
    ),
    api(
        "DELETE",
        "/api/v1/strategy/comments/{comment_id}",
        COMMENT_API,
        args=lambda w: [P(w).comment.pk],
    ),
    api("GET", "/api/v1/strategy/cycles", api_read()),
    api("POST", "/api/v1/strategy/cycles", api_for(*LEADERS, ok=201), data=CYCLE_DATA),
    api("GET", "/api/v1/strategy/cycles/{cycle_id}", API_OBJ_READ, args=cycle_arg),
    api(
        "PATCH",
        "/api/v1/strategy/cycles/{cycle_id}",
        api_for(*LEADERS, outsider=404),
        args=cycle_arg,
        data={"name": "Renamed"},
    ),
    api(
        "DELETE",
        "/api/v1/strategy/cycles/{cycle_id}",
        api_for(*LEADERS, ok=204, outsider=404),
        args=cycle_arg,
    ),
    api("GET", "/api/v1/strategy/outcomes", api_read()),
    api(
        "POST",
        "/api/v1/strategy/outcomes",
        api_for("member", *LEADERS, ok=201, outsider=400),
        data=lambda w: {
            **clear_outcome(
                baseline_date=str(today() - timedelta(days=40)),
                deadline=str(today() + timedelta(days=50)),
            ),
            "owner_team_id": P(w).acme.team.pk,
        },
    ),
    api("GET", "/api/v1/strategy/outcomes/{outcome_id}", API_OBJ_READ, args=outcome_arg),
    api(
        "PATCH",
        "/api/v1/strategy/outcomes/{outcome_id}",
        api_for("member", *LEADERS, outsider=404),
        args=outcome_arg,
        data={"segment": "SMB workspaces in DACH"},
    ),
    api(
        "DELETE",
        "/api/v1/strategy/outcomes/{outcome_id}",
        api_for("member", *LEADERS, ok=204, outsider=404),
        args=outcome_arg,
    ),
    api("GET", "/api/v1/strategy/outcomes/{outcome_id}/check-ins", API_OBJ_READ, args=outcome_arg),
    api(
        "POST",
        "/api/v1/strategy/outcomes/{outcome_id}/check-ins",
        api_for("member", *LEADERS, ok=201, outsider=404),
        args=outcome_arg,
        data={"value": 34, "confidence": 7},
    ),
    api(
        "DELETE",
        "/api/v1/strategy/check-ins/{check_in_id}",
        api_for("member", *LEADERS, ok=204, outsider=404),
        args=check_in_id,
    ),
    api("GET", "/api/v1/strategy/outcomes/{outcome_id}/comments", API_OBJ_READ, args=outcome_arg),
    api(
        "POST",
        "/api/v1/strategy/outcomes/{outcome_id}/comments",
        api_for(*CONTRIBUTORS, ok=201, outsider=404),
        args=outcome_arg,
        data={"body": "Mobile too?"},
    ),
    api("GET", "/api/v1/strategy/commitments", api_read()),
    api(
        "POST",
        "/api/v1/strategy/commitments",
        api_for("member", *LEADERS, ok=201, outsider=400),
        data=lambda w: {
            "outcome_id": spare_outcome(w).pk,
            "team_id": P(w).acme.team.pk,
            "cycle_id": P(w).cycle.pk,
        },
    ),
    api(
        "DELETE",
        "/api/v1/strategy/commitments/{commitment_id}",
        api_for("member", *LEADERS, ok=204, outsider=404),
        args=commitment_arg,
    ),
    api("GET", "/api/v1/strategy/projects", api_read()),
    api(
        "POST",
        "/api/v1/strategy/projects",
        api_for(*LEADERS, ok=201),
        data={"name": "SOX", "reason": "compliance", "start": "2031-01-01", "end": "2031-06-30"},
    ),
    api("GET", "/api/v1/strategy/projects/{project_id}", API_OBJ_READ, args=project_arg),
    api(
        "PATCH",
        "/api/v1/strategy/projects/{project_id}",
        api_for(*LEADERS, outsider=404),
        args=project_arg,
        data={"budget": 60000},
    ),
    api(
        "DELETE",
        "/api/v1/strategy/projects/{project_id}",
        api_for(*LEADERS, ok=204, outsider=404),
        args=project_arg,
    ),
    api("GET", "/api/v1/strategy/funding", api_read()),
    api(
        "GET",
        "/api/v1/strategy/funding/{funding_id}",
        API_OBJ_READ,
        args=lambda w: [P(w).funding.pk],
    ),
    api("GET", "/api/v1/strategy/commitments/{commitment_id}", API_OBJ_READ, args=commitment_arg),
    api("GET", "/api/v1/strategy/check-ins/{check_in_id}", API_OBJ_READ, args=check_in_id),
    api(
        "POST",
        "/api/v1/strategy/funding",
        api_for(*LEADERS, ok=201, outsider=400),
        data=lambda w: {"cycle_id": P(w).cycle.pk, "project_id": P(w).project.pk, "amount": 1000},
    ),
    api(
        "PATCH",
        "/api/v1/strategy/funding/{funding_id}",
        api_for(*LEADERS, outsider=404),
        args=lambda w: [P(w).funding.pk],
        data={"amount": 130000},
    ),
    api(
        "DELETE",
        "/api/v1/strategy/funding/{funding_id}",
        api_for(*LEADERS, ok=204, outsider=404),
        args=lambda w: [P(w).funding.pk],
    ),
    api(
        "POST",
        "/api/v1/strategy/lint",
        api_read(),
        data={"outcome": {"title": "Improve retention"}},
    ),
    api("GET", "/api/v1/strategy/map", api_read()),
    api("GET", "/api/v1/strategy/export", api_read()),
    api(
        "POST",
        "/api/v1/strategy/import",
        api_for(*LEADERS),
        data={"yaml": YAML_DOC, "replace": True, "dry_run": True},
    ),
]

test_matrix = matrix_test(CASES)
