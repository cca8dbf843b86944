"""Every teams page and endpoint, as every persona."""

from __future__ import annotations

from typing import Any

from tests.matrix import (
    LEADERS,
    TEAM,
    api,
    api_for,
    api_read,
    matrix_test,
    page,
    page_for,
    page_read,
)

from pom.teams import services
from pom.teams.tests.helpers import acme

# Leaders and owners edit any team; bob (member) is on Checkout; stakeholders and viewers read.


def team_slug(world: Any) -> list[Any]:
    return [acme(world).team.slug]


def team_id(world: Any) -> list[Any]:
    return [acme(world).team.pk]


def archived_team_slug(world: Any) -> list[Any]:
    team = acme(world).team
    services.archive_team(world.membership("leader"), team)
    return [team.slug]


def archived_team_id(world: Any) -> list[Any]:
    return [services.archive_team(world.membership("leader"), acme(world).team).pk]


def member_args(world: Any) -> list[Any]:
    data = acme(world)
    return [data.team.slug, data.member.pk]


def member_id(world: Any) -> list[Any]:
    return [acme(world).member.pk]


def person_id(world: Any) -> list[Any]:
    return [acme(world).pat.pk]


def area_id(world: Any) -> list[Any]:
    return [acme(world).area.pk]


def new_member(world: Any) -> dict[str, Any]:
    leader = world.membership("leader")
    newcomer = services.create_person(leader, name="Dee Designer", email="dee@acme.test")
    return {"person_email": newcomer.email, "role": "product_designer", "allocation": 50}


def new_member_api(world: Any) -> dict[str, Any]:
    data = acme(world)
    newcomer = services.create_person(
        world.membership("leader"), name="Dee Designer", email="dee@acme.test"
    )
    return {"team_id": data.team.pk, "person_id": newcomer.pk, "role": "product_designer"}


CSV = "name,email,title,team,role,allocation\nNew Person,new@acme.test,Engineer,,,\n"

CASES = [
    # Pages
    page("GET", "teams:index", page_read()),
    page("GET", "teams:map", page_read()),
    page("GET", "teams:create", page_for(*LEADERS)),
    page(
        "POST",
        "teams:create",
        page_for(*LEADERS, ok=302),
        data={
            "name": "Search",
            "topology": "stream_aligned",
            "lifecycle_stage": "explore",
            "operating_mode": "product",
            "pilot_status": "none",
        },
    ),
    page("GET", "teams:team", page_read(outsider=404), args=team_slug),
    page("GET", "teams:edit", page_for(*TEAM, outsider=404), args=team_slug),
    page(
        "POST",
        "teams:edit",
        page_for(*TEAM, ok=302, outsider=404),
        args=team_slug,
        data={
            "name": "Checkout",
            "topology": "platform",
            "lifecycle_stage": "invest",
            "operating_mode": "product",
            "pilot_status": "pilot",
        },
    ),
    page("POST", "teams:archive", page_for(*LEADERS, ok=302, outsider=404), args=team_slug),
    page(
        "POST", "teams:restore", page_for(*LEADERS, ok=302, outsider=404), args=archived_team_slug
    ),
    page("GET", "teams:team_api", page_read(outsider=404), args=team_slug),
    page(
        "POST",
        "teams:member_add",
        page_for(*TEAM, ok=302, outsider=404),
        args=team_slug,
        data=new_member,
    ),
    page(
        "POST",
        "teams:member_edit",
        page_for(*TEAM, ok=302, outsider=404),
        args=member_args,
        data={"role": "engineer", "allocation": 80},
    ),
    page(
        "POST",
        "teams:member_remove",
        page_for(*TEAM, ok=302, outsider=404),
        args=member_args,
    ),
    page("GET", "teams:people", page_read()),
    page("GET", "teams:person_create", page_for(*TEAM, outsider=200)),
    page(
        "POST",
        "teams:person_create",
        page_for(*TEAM, ok=302, outsider=302),
        data={"name": "Nia New", "email": "nia@acme.test"},
    ),
    page("GET", "teams:person", page_read(outsider=404), args=person_id),
    page("GET", "teams:person_edit", page_for(*TEAM, outsider=404), args=person_id),
    page(
        "POST",
        "teams:person_edit",
        page_for(*TEAM, ok=302, outsider=404),
        args=person_id,
        data={"name": "Pat P.", "email": "pat@acme.test", "title": "Lead PM"},
    ),
    page("POST", "teams:person_delete", page_for(*LEADERS, ok=302, outsider=404), args=person_id),
    page("GET", "teams:areas", page_read()),
    page("POST", "teams:areas", page_for(*LEADERS, ok=302), data={"name": "Growth"}),
    page("GET", "teams:area_edit", page_for(*LEADERS, outsider=404), args=area_id),
    page(
        "POST",
        "teams:area_edit",
        page_for(*LEADERS, ok=302, outsider=404),
        args=area_id,
        data={"name": "Payments & billing"},
    ),
    page("POST", "teams:area_delete", page_for(*LEADERS, ok=302, outsider=404), args=area_id),
    page("GET", "teams:import", page_for(*LEADERS)),
    page(
        "POST",
        "teams:import",
        page_for(*LEADERS),
        data={"kind": "csv", "content": CSV, "action": "preview"},
    ),
    page("GET", "teams:export", page_read()),
    page("GET", "teams:settings", page_read()),
    page("POST", "teams:settings", page_for(*LEADERS, ok=302), data={"team_size_limit": 8}),
    # API
    api("GET", "/api/v1/teams", api_read()),
    api("POST", "/api/v1/teams", api_for(*LEADERS, ok=201), data={"name": "Search"}),
    api("GET", "/api/v1/teams/{team_id}", api_read(outsider=404), args=team_id),
    api(
        "PATCH",
        "/api/v1/teams/{team_id}",
        api_for(*TEAM, outsider=404),
        args=team_id,
        data={"mission": "Paying takes one tap"},
    ),
    api("DELETE", "/api/v1/teams/{team_id}", api_for(*LEADERS, ok=204, outsider=404), args=team_id),
    api(
        "POST",
        "/api/v1/teams/{team_id}/restore",
        api_for(*LEADERS, outsider=404),
        args=archived_team_id,
    ),
    api("GET", "/api/v1/teams/people", api_read()),
    api(
        "POST",
        "/api/v1/teams/people",
        api_for(*TEAM, ok=201, outsider=201),
        data={"name": "Nia New", "email": "nia@acme.test"},
    ),
    api("GET", "/api/v1/teams/people/{person_id}", api_read(outsider=404), args=person_id),
    api(
        "PATCH",
        "/api/v1/teams/people/{person_id}",
        api_for(*TEAM, outsider=404),
        args=person_id,
        data={"title": "Group PM"},
    ),
    api(
        "DELETE",
        "/api/v1/teams/people/{person_id}",
        api_for(*LEADERS, ok=204, outsider=404),
        args=person_id,
    ),
    api("GET", "/api/v1/teams/areas", api_read()),
    api("POST", "/api/v1/teams/areas", api_for(*LEADERS, ok=201), data={"name": "Growth"}),
    api("GET", "/api/v1/teams/areas/{area_id}", api_read(outsider=404), args=area_id),
    api(
        "PATCH",
        "/api/v1/teams/areas/{area_id}",
        api_for(*LEADERS, outsider=404),
        args=area_id,
        data={"description": "Money in, money out"},
    ),
    api(
        "DELETE",
        "/api/v1/teams/areas/{area_id}",
        api_for(*LEADERS, ok=204, outsider=404),
        args=area_id,
    ),
    api("GET", "/api/v1/teams/members", api_read()),
    api(
        "POST",
        "/api/v1/teams/members",
        api_for(*TEAM, ok=201, outsider=404),
        data=new_member_api,
    ),
    api(
        "PATCH",
        "/api/v1/teams/members/{member_id}",
        api_for(*TEAM, outsider=404),
        args=member_id,
        data={"allocation": 50},
    ),
    api(
        "DELETE",
        "/api/v1/teams/members/{member_id}",
        api_for(*TEAM, ok=204, outsider=404),
        args=member_id,
    ),
    api("GET", "/api/v1/teams/settings", api_read()),
    api("PUT", "/api/v1/teams/settings", api_for(*LEADERS), data={"team_size_limit": 8}),
    api("GET", "/api/v1/teams/export", api_read()),
    api(
        "POST",
        "/api/v1/teams/import",
        api_for(*LEADERS),
        data={"kind": "csv", "content": CSV},
    ),
]

test_matrix = matrix_test(CASES)
