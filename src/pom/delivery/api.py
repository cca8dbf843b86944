"""REST endpoints of the delivery pillar, mounted at /api/v1/delivery/."""
# No "from __future__ import annotations" here: Django Ninja reads the annotations at run time.

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from pom.core.api import ErrorOut, Pagination, member
from pom.core.lookup import get_for_member
from pom.core.permissions import require
from pom.delivery import queries, services
from pom.delivery.models import Release, ReleaseKind
from pom.delivery.schemas import ReleaseIn, ReleaseOut, ReleasePatch

router = Router(tags=["delivery"])
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _viewer(request: HttpRequest) -> Any:
    actor = member(request)
    require(actor, "delivery.view")
    return actor


def _release(request: HttpRequest, pk: int) -> Release:
    return get_for_member(queries.release(member(request), pk), request, pk=pk)


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    if "team_id" in data:
        data["team"] = data.pop("team_id")
    if "solution_ids" in data:
        data["solutions"] = data.pop("solution_ids")
    return data


class ReleaseFilter(Schema):
    team_id: int | None = None
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
        _viewer(request),
        team=filters.team_id,
        kind=filters.kind,
        linked=filters.linked,
        q=filters.q,
    )


@router.post("/releases", response={201: ReleaseOut, **ERRORS}, summary="Log a release")
def create_release(request: HttpRequest, payload: ReleaseIn) -> Any:
    release = services.log_release(member(request), **_fields(payload.dict()))
    return Status(201, _release(request, release.pk))


@router.get("/releases/{release_id}", response={200: ReleaseOut, **ERRORS}, summary="A release")
def get_release(request: HttpRequest, release_id: int) -> Any:
    _viewer(request)
    return _release(request, release_id)


@router.patch(
    "/releases/{release_id}", response={200: ReleaseOut, **ERRORS}, summary="Change a release"
)
def update_release(request: HttpRequest, release_id: int, payload: ReleasePatch) -> Any:
    release = _release(request, release_id)
    services.update_release(member(request), release, **_fields(payload.dict(exclude_unset=True)))
    return _release(request, release_id)


@router.delete("/releases/{release_id}", response={204: None, **ERRORS}, summary="Delete a release")
def delete_release(request: HttpRequest, release_id: int) -> Any:
    services.delete_release(member(request), _release(request, release_id))
    return Status(204, None)
