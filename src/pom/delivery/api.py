"""REST endpoints of the delivery pillar, mounted at /api/v1/delivery/."""
# No "from __future__ import annotations" here: Django Ninja reads the annotations at run time.

from datetime import date
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from pom.core.api import (
    CSV_TABLE,
    ERRORS,
    Id,
    ImportReportOut,
    Pagination,
    file_answer,
    import_result,
    member,
)
from pom.core.lookup import get_for_member
from pom.core.permissions import require
from pom.delivery import dora, hooks, queries, rollup, services, transfer
from pom.delivery.models import IngestSource, Release, ReleaseKind, Repository
from pom.delivery.schemas import (
    DeliveryChangeOut,
    DeliveryFiguresOut,
    DeliveryImportIn,
    DeploymentOut,
    IncidentOut,
    IngestSourceIn,
    IngestSourceOut,
    OutcomeReleaseOut,
    ReleaseImpactOut,
    ReleaseIn,
    ReleaseOut,
    ReleasePatch,
    RepositoryOut,
    RepositoryPatch,
    SecretOut,
    SourceCreatedOut,
)
from pom.strategy.models import Outcome
from pom.teams.models import Team

router = Router(tags=["delivery"])
router.add_router("/hooks", hooks.router)


def _release(request: HttpRequest, pk: int) -> Release:
    return get_for_member(queries.release(member(request), pk), request, pk=pk)


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    if "team_id" in data:
        data["team"] = data.pop("team_id")
    if "solution_ids" in data:
        data["solutions"] = data.pop("solution_ids")
    return data


class ReleaseFilter(Schema):
    team_id: Id | None = None
    kind: ReleaseKind | None = None
    linked: bool | None = None
    q: str = ""


@router.get(
    "/releases",
    response={200: list[ReleaseOut], **ERRORS},
    summary="Releases, newest first, each traced up the chain",
)
@paginate(Pagination)
def list_releases(request: HttpRequest, filters: Query[ReleaseFilter]) -> Any:
    return queries.releases(
        member(request, "delivery.view"),
        team=filters.team_id,
        kind=filters.kind,
        linked=filters.linked,
        q=filters.q,
        brief=True,
    )


@router.post("/releases", response={201: ReleaseOut, **ERRORS}, summary="Log a release")
def create_release(request: HttpRequest, payload: ReleaseIn) -> Any:
    release = services.log_release(member(request), **_fields(payload.dict()))
    return Status(201, _release(request, release.pk))


@router.get("/releases/{release_id}", response={200: ReleaseOut, **ERRORS}, summary="A release")
def get_release(request: HttpRequest, release_id: Id) -> Any:
    member(request, "delivery.view")
    return _release(request, release_id)


@router.patch(
    "/releases/{release_id}", response={200: ReleaseOut, **ERRORS}, summary="Change a release"
)
def update_release(request: HttpRequest, release_id: Id, payload: ReleasePatch) -> Any:
    release = _release(request, release_id)
    services.update_release(member(request), release, **_fields(payload.dict(exclude_unset=True)))
    return _release(request, release_id)


@router.delete("/releases/{release_id}", response={204: None, **ERRORS}, summary="Delete a release")
def delete_release(request: HttpRequest, release_id: Id) -> Any:
    services.delete_release(member(request), _release(request, release_id))
    return Status(204, None)


@router.get(
    "/releases/{release_id}/impact",
    response={200: ReleaseImpactOut, **ERRORS},
    summary="Whether a release moved the metric of each outcome it serves",
)
def release_impact(request: HttpRequest, release_id: Id) -> Any:
    actor = member(request, "delivery.view")
    release = _release(request, release_id)
    impacts = queries.release_impacts(actor, release, queries.trace(release))
    return ReleaseImpactOut.build(release, impacts, queries.experiments_covering(actor, release))


@router.get(
    "/outcomes/{outcome_id}/releases",
    response={200: list[OutcomeReleaseOut], **ERRORS},
    summary="Releases serving an outcome, newest first, each read against its metric",
)
@paginate(Pagination)
def outcome_releases(request: HttpRequest, outcome_id: Id) -> Any:
    actor = member(request, "delivery.view")
    return queries.OutcomeReleases(actor, get_for_member(Outcome, actor, pk=outcome_id))


# --- CSV import and export ---------------------------------------------------------------------


@router.post(
    "/import",
    response={200: ImportReportOut, **ERRORS},
    summary="Preview or apply a CSV of releases or incidents; all or nothing",
)
def run_import(request: HttpRequest, payload: DeliveryImportIn) -> Any:
    report = transfer.run_import(
        member(request), payload.kind, payload.content, apply=payload.apply
    )
    return import_result(report)


class ExportQuery(Schema):
    kind: Literal["releases", "incidents"] = "releases"


@router.get(
    "/export",
    response={200: None, **ERRORS},
    summary="Releases or incidents as CSV, in the shape the import reads",
    openapi_extra=file_answer("Releases or incidents as CSV", CSV_TABLE),
)
def export(request: HttpRequest, q: Query[ExportQuery]) -> HttpResponse:
    body = transfer.EXPORTERS[q.kind](member(request))
    return HttpResponse(body, content_type="text/csv; charset=utf-8")


# --- Ingest setup (leaders and owners) ---------------------------------------------------------


def _ingest(request: HttpRequest) -> Any:
    actor = member(request)
    require(actor, "delivery.ingest")
    return actor


@router.get(
    "/sources",
    response={200: list[IngestSourceOut], **ERRORS},
    summary="Sources pipelines report through",
)
def list_sources(request: HttpRequest) -> Any:
    return queries.sources(_ingest(request))


@router.post(
    "/sources",
    response={201: SourceCreatedOut, **ERRORS},
    summary="Add a source; its secret is shown this once",
)
def create_source(request: HttpRequest, payload: IngestSourceIn) -> Any:
    source, secret = services.create_source(
        member(request), name=payload.name, kind=payload.kind, team=payload.team_id
    )
    return Status(
        201, {**IngestSourceOut.from_orm(source).dict(), "token": source.token, "secret": secret}
    )


@router.post(
    "/sources/{source_id}/secret",
    response={200: SecretOut, **ERRORS},
    summary="Replace a source's secret",
)
def replace_secret(request: HttpRequest, source_id: Id) -> Any:
    source = get_for_member(IngestSource, _ingest(request), pk=source_id)
    return {"secret": services.replace_secret(member(request), source)}


@router.delete("/sources/{source_id}", response={204: None, **ERRORS}, summary="Delete a source")
def delete_source(request: HttpRequest, source_id: Id) -> Any:
    source = get_for_member(IngestSource, _ingest(request), pk=source_id)
    services.delete_source(member(request), source)
    return Status(204, None)


@router.get(
    "/repositories",
    response={200: list[RepositoryOut], **ERRORS},
    summary="Repositories, unmapped first",
)
@paginate(Pagination)
def list_repositories(request: HttpRequest) -> Any:
    return queries.repositories(member(request, "delivery.view"))


@router.patch(
    "/repositories/{repository_id}",
    response={200: RepositoryOut, **ERRORS},
    summary="Map a repository to a team",
)
def map_repository(request: HttpRequest, repository_id: Id, payload: RepositoryPatch) -> Any:
    repository = get_for_member(Repository, _ingest(request), pk=repository_id)
    return services.map_repository(member(request), repository, team=payload.team_id)


# --- What the pipeline reported ----------------------------------------------------------------


class TeamFilter(Schema):
    team_id: Id | None = None


@router.get(
    "/deployments",
    response={200: list[DeploymentOut], **ERRORS},
    summary="Deployments, newest first",
)
@paginate(Pagination)
def list_deployments(request: HttpRequest, filters: Query[TeamFilter]) -> Any:
    return queries.deployments(member(request, "delivery.view"), team=filters.team_id)


@router.get(
    "/changes",
    response={200: list[DeliveryChangeOut], **ERRORS},
    summary="Changes (commits, merged pull requests), newest first",
)
@paginate(Pagination)
def list_changes(request: HttpRequest, filters: Query[TeamFilter]) -> Any:
    return queries.changes(member(request, "delivery.view"), team=filters.team_id)


@router.get(
    "/incidents", response={200: list[IncidentOut], **ERRORS}, summary="Incidents, newest first"
)
@paginate(Pagination)
def list_incidents(request: HttpRequest, filters: Query[TeamFilter]) -> Any:
    return queries.incidents(member(request, "delivery.view"), team=filters.team_id)


# --- Figures ------------------------------------------------------------------------------------


class WindowQuery(Schema):
    start: date | None = None
    end: date | None = None


def _window(q: WindowQuery) -> Any:
    w = dora.window(q.start, q.end)
    if w.start > w.end or w.days > dora.MAX_DAYS:
        raise ValidationError(
            {"start": f"Pick a window of 1 to {dora.MAX_DAYS} days, start before end."}
        )
    return w


@router.get(
    "/figures",
    response={200: DeliveryFiguresOut, **ERRORS},
    summary="The organization's DORA figures over a window (default: the last 90 days)",
    description=(
        "Read from the daily rollup, as the delivery overview is: counts are exact, medians of "
        "durations and lines are read from log-scale buckets (`estimated` is true; within ±2.5 %)."
    ),
)
def org_figures(request: HttpRequest, q: Query[WindowQuery]) -> Any:
    actor = member(request, "delivery.view")
    return DeliveryFiguresOut.build(rollup.org_figures(actor.organization_id, _window(q)))


@router.get(
    "/teams/{team_id}/figures",
    response={200: DeliveryFiguresOut, **ERRORS},
    summary="A team's DORA figures over a window",
)
def team_figures(request: HttpRequest, team_id: Id, q: Query[WindowQuery]) -> Any:
    actor = member(request, "delivery.view")
    team = get_for_member(Team, actor, pk=team_id)
    return DeliveryFiguresOut.build(
        dora.figures_for(actor.organization_id, _window(q), [team.pk])[team.pk]
    )
