"""REST endpoints of the transformation, mounted at /api/v1/transformation/."""
# No "from __future__ import annotations" here: Django Ninja reads the annotations at run time.

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from pom.core.api import ErrorOut, Pagination, member
from pom.core.lookup import get_for_member
from pom.core.permissions import require
from pom.teams.models import Team
from pom.transformation import queries, readiness, services
from pom.transformation.models import PilotChoice, ReadinessAssessment
from pom.transformation.schemas import (
    AssessmentDetailOut,
    AssessmentIn,
    AssessmentOut,
    CandidateOut,
    ChooseIn,
    EndPilotIn,
    HungerIn,
    HungerOut,
    PilotChoiceOut,
    RecommendationOut,
    candidate_out,
)

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


# --- Pilot selection ----------------------------------------------------------------------------


@router.get(
    "/pilots/candidates",
    response={200: list[CandidateOut], **ERRORS},
    summary="Every active team ranked as a pilot candidate on the five criteria (?q= finds by name)",
)
@paginate(Pagination)
def list_candidates(request: HttpRequest, q: str = "") -> Any:
    board = queries.pilot_board(_viewer(request))
    return [candidate_out(c) for c in queries.search(board, q[:100])]


@router.get(
    "/pilots/candidates/{team_id}",
    response={200: CandidateOut, **ERRORS},
    summary="One team as a pilot candidate, with the reasons for each criterion",
)
def get_candidate(request: HttpRequest, team_id: int) -> Any:
    actor = _viewer(request)
    team = get_for_member(Team, actor, pk=team_id, archived_at__isnull=True)
    return candidate_out(queries.candidate(queries.pilot_board(actor), team))


@router.get(
    "/pilots/recommendation",
    response={200: RecommendationOut, **ERRORS},
    summary="How many pilots the organization's size and coaching capacity advise",
)
def get_recommendation(request: HttpRequest) -> Any:
    board = queries.pilot_board(_viewer(request))
    rec = board.recommendation
    return {**rec.__dict__, "pilots": len(board.active), "warnings": board.warnings}


@router.get(
    "/pilots/choices",
    response={200: list[PilotChoiceOut], **ERRORS},
    summary="Pilot choices, active and ended, newest first, each with why",
)
@paginate(Pagination)
def list_choices(request: HttpRequest) -> Any:
    return queries.pilot_choices(_viewer(request))


@router.post(
    "/pilots/choices",
    response={201: PilotChoiceOut, **ERRORS},
    summary="Choose a team as a pilot, saying why (leaders); warnings say what is outside the advice",
)
def choose_pilot(request: HttpRequest, payload: ChooseIn) -> Any:
    chosen = services.choose_pilot(member(request), team=payload.team_id, reason=payload.reason)
    return Status(201, chosen.choice)


@router.post(
    "/pilots/choices/{choice_id}/end",
    response={200: PilotChoiceOut, **ERRORS},
    summary="End a pilot, saying why (leaders)",
)
def end_pilot(request: HttpRequest, choice_id: int, payload: EndPilotIn) -> Any:
    actor = member(request)
    choice = get_for_member(PilotChoice, actor, pk=choice_id, select_related=["team"])
    return services.end_pilot(actor, choice, reason=payload.reason, graduated=payload.graduated)


@router.post(
    "/pilots/hunger",
    response={201: HungerOut, **ERRORS},
    summary="Answer the hunger-to-learn self-assessment for your own team",
)
def answer_hunger(request: HttpRequest, payload: HungerIn) -> Any:
    data = payload.dict()
    answer = services.answer_hunger(member(request), team=data.pop("team_id"), **data)
    return Status(201, answer)
