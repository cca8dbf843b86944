"""REST endpoints of the transformation, mounted at /api/v1/transformation/."""
# No "from __future__ import annotations" here: Django Ninja reads the annotations at run time.

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from pom.core.api import ErrorOut, Pagination, member
from pom.core.lookup import get_for_member
from pom.core.permissions import require
from pom.transformation import queries, readiness, services
from pom.transformation.models import ReadinessAssessment
from pom.transformation.schemas import AssessmentDetailOut, AssessmentIn, AssessmentOut

router = Router(tags=["transformation"])
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _viewer(request: HttpRequest) -> Any:
    actor = member(request)
    require(actor, "transformation.view")
    return actor


def _detail(actor: Any, a: ReadinessAssessment) -> ReadinessAssessment:
    """The assessment with what the detail schema adds: the one before it and what moved."""
    before = queries.previous(actor, a)
    a.previous_id = before.pk if before else None  # type: ignore[attr-defined]
    a.changes = readiness.compare(before, a) if before else []  # type: ignore[attr-defined]
    return a


@router.get(
    "/readiness",
    response={200: list[AssessmentOut], **ERRORS},
    summary="Readiness assessments, newest first, each with its verdict",
)
@paginate(Pagination)
def list_assessments(request: HttpRequest) -> Any:
    return queries.assessments(_viewer(request))


@router.post(
    "/readiness",
    response={201: AssessmentDetailOut, **ERRORS},
    summary="Take a readiness assessment (leaders)",
)
def take_assessment(request: HttpRequest, payload: AssessmentIn) -> Any:
    actor = member(request)
    a = services.take_assessment(actor, **payload.dict(exclude_none=True))
    return Status(201, _detail(actor, a))


@router.get(
    "/readiness/{assessment_id}",
    response={200: AssessmentDetailOut, **ERRORS},
    summary="One readiness assessment, its verdict and what moved since the one before",
)
def get_assessment(request: HttpRequest, assessment_id: int) -> Any:
    actor = _viewer(request)
    return _detail(actor, get_for_member(ReadinessAssessment, actor, pk=assessment_id))
