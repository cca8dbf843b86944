"""REST endpoints of the teams pillar, mounted at /api/v1/teams/."""
# No "from __future__ import annotations" here: Django Ninja reads the annotations at run time.

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import FilterSchema, Query, Router, Status
from ninja.pagination import paginate

from pom.core.api import CSV_TABLE, ERRORS, YAML_DOCUMENT, Id, Pagination, file_answer, member
from pom.core.lookup import get_for_member, scoped
from pom.core.permissions import require
from pom.teams import queries, services, transfer
from pom.teams.models import Person, ProductArea, Team, TeamMember, TeamRole, TeamSettings
from pom.teams.schemas import (
    AreaIn,
    AreaOut,
    AreaPatch,
    MemberIn,
    MemberOut,
    MemberPatch,
    PersonIn,
    PersonOut,
    PersonPatch,
    SettingsIn,
    SettingsOut,
    TeamDetailOut,
    TeamFilterIn,
    TeamIn,
    TeamOut,
    TeamPatch,
    TeamsImportIn,
    TeamsImportOut,
)

router = Router(tags=["teams"])


def _values(payload: Any) -> dict[str, Any]:
    """The fields a request set, with ``*_id`` keys named as the services name them."""
    data = payload.model_dump(exclude_unset=True)
    return {(k[:-3] if k.endswith("_id") else k): v for k, v in data.items()}


class TeamPagination(Pagination):
    """Pages of teams, with figures attached to the teams of the page only (one more query)."""

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        queries.attach_figures(page["items"], member(request).organization_id)
        return page


def _detail(request: HttpRequest, team: Team) -> Team:
    detail = queries.team_detail(member(request).organization_id, team)
    team.figures = detail.figures  # type: ignore[attr-defined]
    team.detail_members = detail.members  # type: ignore[attr-defined]
    return team


def _team(request: HttpRequest, team_id: Id) -> Team:
    return get_for_member(Team, request, pk=team_id)


# --- Teams ------------------------------------------------------------------------------------


@router.get("", response={200: list[TeamOut], **ERRORS}, summary="Teams, with their figures")
@paginate(TeamPagination)
def list_teams(request: HttpRequest, filters: Query[TeamFilterIn]) -> Any:
    actor = member(request)
    require(actor, "teams.view")
    params = {k: (str(v).lower() if isinstance(v, bool) else v) for k, v in filters.dict().items()}
    return queries.teams(actor.organization_id, params)


@router.post("", response={201: TeamDetailOut, **ERRORS}, summary="Create a team (leaders)")
def create_team(request: HttpRequest, payload: TeamIn) -> Any:
    team = services.create_team(member(request), **_values(payload))
    return Status(201, _detail(request, team))


@router.get(
    "/{int:team_id}",
    response={200: TeamDetailOut, **ERRORS},
    summary="A team, its members and figures",
)
def get_team(request: HttpRequest, team_id: Id) -> Any:
    require(member(request), "teams.view")
    return _detail(request, _team(request, team_id))


@router.patch(
    "/{int:team_id}",
    response={200: TeamDetailOut, **ERRORS},
    summary="Change a team (leaders, or members of the team)",
)
def update_team(request: HttpRequest, team_id: Id, payload: TeamPatch) -> Any:
    team = services.update_team(member(request), _team(request, team_id), **_values(payload))
    return _detail(request, team)


@router.delete(
    "/{int:team_id}",
    response={204: None, **ERRORS},
    summary="Archive a team (leaders); its history is kept",
)
def archive_team(request: HttpRequest, team_id: Id) -> Any:
    services.archive_team(member(request), _team(request, team_id))
    return Status(204, None)


@router.post(
    "/{int:team_id}/restore",
    response={200: TeamDetailOut, **ERRORS},
    summary="Restore an archived team (leaders)",
)
def restore_team(request: HttpRequest, team_id: Id) -> Any:
    team = services.restore_team(member(request), _team(request, team_id))
    return _detail(request, team)


# --- People -----------------------------------------------------------------------------------


@router.get("/people", response={200: list[PersonOut], **ERRORS}, summary="People")
@paginate(Pagination)
def list_people(request: HttpRequest, q: str = "") -> Any:
    actor = member(request)
    require(actor, "teams.view")
    return queries.people(actor.organization_id, q.strip())


@router.post("/people", response={201: PersonOut, **ERRORS}, summary="Add a person")
def create_person(request: HttpRequest, payload: PersonIn) -> Any:
    return Status(201, services.create_person(member(request), **_values(payload)))


@router.get("/people/{int:person_id}", response={200: PersonOut, **ERRORS}, summary="A person")
def get_person(request: HttpRequest, person_id: Id) -> Any:
    require(member(request), "teams.view")
    return get_for_member(Person, request, pk=person_id)


@router.patch(
    "/people/{int:person_id}", response={200: PersonOut, **ERRORS}, summary="Change a person"
)
def update_person(request: HttpRequest, person_id: Id, payload: PersonPatch) -> Any:
    person = get_for_member(Person, request, pk=person_id)
    return services.update_person(member(request), person, **_values(payload))


@router.delete(
    "/people/{int:person_id}",
    response={204: None, **ERRORS},
    summary="Remove a person and their places on teams (leaders)",
)
def delete_person(request: HttpRequest, person_id: Id) -> Any:
    services.delete_person(member(request), get_for_member(Person, request, pk=person_id))
    return Status(204, None)


# --- Product areas ----------------------------------------------------------------------------


@router.get("/areas", response={200: list[AreaOut], **ERRORS}, summary="Product areas")
@paginate(Pagination)
def list_areas(request: HttpRequest) -> Any:
    actor = member(request)
    require(actor, "teams.view")
    return scoped(ProductArea, actor).order_by("name", "id")


@router.post("/areas", response={201: AreaOut, **ERRORS}, summary="Create a product area (leaders)")
def create_area(request: HttpRequest, payload: AreaIn) -> Any:
    return Status(201, services.create_area(member(request), **_values(payload)))


@router.get("/areas/{int:area_id}", response={200: AreaOut, **ERRORS}, summary="A product area")
def get_area(request: HttpRequest, area_id: Id) -> Any:
    require(member(request), "teams.view")
    return get_for_member(ProductArea, request, pk=area_id)


@router.patch(
    "/areas/{int:area_id}",
    response={200: AreaOut, **ERRORS},
    summary="Change a product area (leaders)",
)
def update_area(request: HttpRequest, area_id: Id, payload: AreaPatch) -> Any:
    area = get_for_member(ProductArea, request, pk=area_id)
    return services.update_area(member(request), area, **_values(payload))


@router.delete(
    "/areas/{int:area_id}",
    response={204: None, **ERRORS},
    summary="Remove a product area; its teams stay (leaders)",
)
def delete_area(request: HttpRequest, area_id: Id) -> Any:
    services.delete_area(member(request), get_for_member(ProductArea, request, pk=area_id))
    return Status(204, None)


# --- Memberships ------------------------------------------------------------------------------


class MemberFilter(FilterSchema):
    team_id: Id | None = None
    person_id: Id | None = None
    role: TeamRole | None = None


@router.get("/members", response={200: list[MemberOut], **ERRORS}, summary="Who is on which team")
@paginate(Pagination)
def list_members(request: HttpRequest, filters: Query[MemberFilter]) -> Any:
    actor = member(request)
    require(actor, "teams.view")
    qs = scoped(TeamMember, actor, select_related=["person"]).order_by("team_id", "id")
    return filters.filter(qs)


@router.post(
    "/members",
    response={201: MemberOut, **ERRORS},
    summary="Put a person on a team (leaders, or members of the team)",
)
def add_member(request: HttpRequest, payload: MemberIn) -> Any:
    values = _values(payload)
    team = get_for_member(Team, request, pk=values.pop("team"))
    created = services.add_member(member(request), team, **values)
    return Status(201, created)


def _member(request: HttpRequest, member_id: Id) -> TeamMember:
    return get_for_member(TeamMember, request, pk=member_id, select_related=["team", "person"])


@router.patch(
    "/members/{int:member_id}",
    response={200: MemberOut, **ERRORS},
    summary="Change someone's role or allocation on a team",
)
def update_member(request: HttpRequest, member_id: Id, payload: MemberPatch) -> Any:
    return services.update_member(member(request), _member(request, member_id), **_values(payload))


@router.delete(
    "/members/{int:member_id}", response={204: None, **ERRORS}, summary="Take someone off a team"
)
def remove_member(request: HttpRequest, member_id: Id) -> Any:
    services.remove_member(member(request), _member(request, member_id))
    return Status(204, None)


# --- Settings, import and export --------------------------------------------------------------


@router.get("/settings", response={200: SettingsOut, **ERRORS}, summary="Team settings")
def get_settings(request: HttpRequest) -> Any:
    actor = member(request)
    require(actor, "teams.view")
    return {"team_size_limit": queries.size_limit(actor.organization_id)}


@router.put(
    "/settings", response={200: SettingsOut, **ERRORS}, summary="Change team settings (leaders)"
)
def put_settings(request: HttpRequest, payload: SettingsIn) -> TeamSettings:
    return services.update_settings(member(request), team_size_limit=payload.team_size_limit)


@router.get(
    "/export",
    response={200: None, **ERRORS},
    summary="The whole teams pillar as YAML (or people and memberships as CSV with ?format=csv)",
    openapi_extra=file_answer(
        "The teams pillar as YAML, or its people and memberships as CSV", YAML_DOCUMENT, CSV_TABLE
    ),
)
def export(request: HttpRequest, format: str = "yaml") -> HttpResponse:
    actor = member(request)
    if format == "csv":
        return HttpResponse(transfer.export_csv(actor), content_type="text/csv; charset=utf-8")
    return HttpResponse(transfer.export_yaml(actor), content_type="application/yaml; charset=utf-8")


@router.post(
    "/import",
    response={200: TeamsImportOut, **ERRORS},
    summary="Preview or apply a CSV, Team API or YAML import (leaders); all or nothing",
)
def run_import(request: HttpRequest, payload: TeamsImportIn) -> Any:
    report = transfer.run_import(
        member(request), payload.kind, payload.content, apply=payload.apply
    )
    if report.problems:
        errors: dict[str, list[str]] = {}
        for p in report.problems:
            errors.setdefault(f"{p.where}: {p.field}" if p.field else p.where, []).append(p.message)
        raise ValidationError(errors)
    return report.as_dict()
