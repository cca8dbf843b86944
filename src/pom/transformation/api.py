"""REST endpoints of the transformation, mounted at /api/v1/transformation/."""
# No "from __future__ import annotations" here: Django Ninja reads the annotations at run time.

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from pom.core.api import ERRORS, Id, Mapped, Pagination, member
from pom.core.lookup import get_for_member
from pom.core.validation import today
from pom.teams.models import Team
from pom.transformation import pattern_facts, pulse_report, queries, readiness, services, signs
from pom.transformation.models import (
    Blocker,
    ClarityPulse,
    Objection,
    PilotChoice,
    ReadinessAssessment,
    Wave,
)
from pom.transformation.schemas import (
    AssessmentDetailOut,
    AssessmentIn,
    AssessmentOut,
    BlockerIn,
    BlockerOut,
    BlockerPatch,
    CandidateOut,
    ChooseIn,
    EndPilotIn,
    HungerIn,
    HungerOut,
    ObjectionIn,
    ObjectionOut,
    ObjectionPatch,
    PatternsOut,
    PilotChoiceOut,
    PulseAnswerIn,
    PulseAnswerOut,
    PulseIn,
    PulseOut,
    PulseReportOut,
    RecommendationOut,
    SignsOut,
    WaveIn,
    WaveOut,
    WavePatch,
    candidate_out,
    wave_out,
)
from pom.transformation.services import clarity, rollout

router = Router(tags=["transformation"])


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
    return queries.assessments(member(request, "transformation.view"))


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
def get_assessment(request: HttpRequest, assessment_id: Id) -> Any:
    actor = member(request, "transformation.view")
    return _detail(actor, get_for_member(ReadinessAssessment, actor, pk=assessment_id))


# --- Pilot selection ----------------------------------------------------------------------------


@router.get(
    "/pilots/candidates",
    response={200: list[CandidateOut], **ERRORS},
    summary="Every active team ranked as a pilot candidate on the five criteria (?q= finds by name)",
)
@paginate(Pagination)
def list_candidates(request: HttpRequest, q: str = "") -> Any:
    board = queries.pilot_board(member(request, "transformation.view"), kept=True)
    return Mapped(queries.search(board, q[:100]), candidate_out)


@router.get(
    "/pilots/candidates/{team_id}",
    response={200: CandidateOut, **ERRORS},
    summary="One team as a pilot candidate, with the reasons for each criterion",
)
def get_candidate(request: HttpRequest, team_id: Id) -> Any:
    actor = member(request, "transformation.view")
    team = get_for_member(Team, actor, pk=team_id, archived_at__isnull=True)
    return candidate_out(queries.candidate(queries.pilot_board(actor, kept=True), team))


@router.get(
    "/pilots/recommendation",
    response={200: RecommendationOut, **ERRORS},
    summary="How many pilots the organization's size and coaching capacity advise",
)
def get_recommendation(request: HttpRequest) -> Any:
    board = queries.pilot_board(member(request, "transformation.view"), kept=True)
    rec = board.recommendation
    return {**rec.__dict__, "pilots": len(board.active), "warnings": board.warnings}


@router.get(
    "/pilots/choices",
    response={200: list[PilotChoiceOut], **ERRORS},
    summary="Pilot choices, active and ended, newest first, each with why",
)
@paginate(Pagination)
def list_choices(request: HttpRequest) -> Any:
    return queries.pilot_choices(member(request, "transformation.view"))


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
def end_pilot(request: HttpRequest, choice_id: Id, payload: EndPilotIn) -> Any:
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


# --- Rollout ------------------------------------------------------------------------------------


def _wave_row(actor: Any, pk: int) -> Any:
    found = get_for_member(queries.waves(actor), actor, pk=pk)
    return queries.review_waves(actor, [found])[0]


def _patch(payload: Any) -> dict[str, Any]:
    data = payload.dict(exclude_unset=True)
    if "coach_id" in data:
        data["coach"] = data.pop("coach_id")
    if "owner_id" in data:
        data["owner"] = data.pop("owner_id")
    return data


@router.get(
    "/waves",
    response={200: list[WaveOut], **ERRORS},
    summary="Rollout waves in start order, each with its entry criteria and warnings",
)
@paginate(Pagination)
def list_waves(request: HttpRequest) -> Any:
    actor = member(request, "transformation.view")
    return [wave_out(r) for r in queries.review_waves(actor, list(queries.waves(actor)))]


@router.post("/waves", response={201: WaveOut, **ERRORS}, summary="Plan a wave (leaders)")
def plan_wave(request: HttpRequest, payload: WaveIn) -> Any:
    actor = member(request)
    wave = rollout.plan_wave(actor, **_patch(payload))
    return Status(201, wave_out(_wave_row(actor, wave.pk)))


@router.get("/waves/{wave_id}", response={200: WaveOut, **ERRORS}, summary="One wave")
def get_wave(request: HttpRequest, wave_id: Id) -> Any:
    return wave_out(_wave_row(member(request, "transformation.view"), wave_id))


@router.patch(
    "/waves/{wave_id}", response={200: WaveOut, **ERRORS}, summary="Change a wave (leaders)"
)
def update_wave(request: HttpRequest, wave_id: Id, payload: WavePatch) -> Any:
    actor = member(request)
    wave = get_for_member(Wave, actor, pk=wave_id)
    rollout.update_wave(actor, wave, **_patch(payload))
    return wave_out(_wave_row(actor, wave.pk))


@router.delete(
    "/waves/{wave_id}", response={204: None, **ERRORS}, summary="Delete a planned wave (leaders)"
)
def delete_wave(request: HttpRequest, wave_id: Id) -> Any:
    actor = member(request)
    rollout.delete_wave(actor, get_for_member(Wave, actor, pk=wave_id))
    return Status(204, None)


@router.get(
    "/blockers",
    response={200: list[BlockerOut], **ERRORS},
    summary="Systemic blockers the pilots surfaced, open first",
)
@paginate(Pagination)
def list_blockers(request: HttpRequest) -> Any:
    return queries.blockers(member(request, "transformation.view"))


@router.post(
    "/blockers", response={201: BlockerOut, **ERRORS}, summary="Record a blocker (leaders)"
)
def raise_blocker(request: HttpRequest, payload: BlockerIn) -> Any:
    return Status(201, rollout.raise_blocker(member(request), **_patch(payload)))


@router.patch(
    "/blockers/{blocker_id}",
    response={200: BlockerOut, **ERRORS},
    summary="Change a blocker (leaders)",
)
def update_blocker(request: HttpRequest, blocker_id: Id, payload: BlockerPatch) -> Any:
    actor = member(request)
    found = get_for_member(Blocker, actor, pk=blocker_id)
    return rollout.update_blocker(actor, found, **_patch(payload))


@router.get(
    "/objections",
    response={200: list[ObjectionOut], **ERRORS},
    summary="The resistance log, newest first",
)
@paginate(Pagination)
def list_objections(request: HttpRequest) -> Any:
    return queries.objections(member(request, "transformation.view"))


@router.post(
    "/objections", response={201: ObjectionOut, **ERRORS}, summary="Log an objection (leaders)"
)
def log_objection(request: HttpRequest, payload: ObjectionIn) -> Any:
    return Status(201, rollout.log_objection(member(request), **_patch(payload)))


@router.patch(
    "/objections/{objection_id}",
    response={200: ObjectionOut, **ERRORS},
    summary="Record the response tried and whether it resolved (leaders)",
)
def update_objection(request: HttpRequest, objection_id: Id, payload: ObjectionPatch) -> Any:
    actor = member(request)
    found = get_for_member(Objection, actor, pk=objection_id)
    return rollout.update_objection(actor, found, **_patch(payload))


# --- The five signs -----------------------------------------------------------------------------


@router.get(
    "/signs",
    response={200: SignsOut, **ERRORS},
    summary="The five signs that the product model is working, pilots beside the rest",
)
def get_signs(request: HttpRequest) -> Any:
    return signs.cached(member(request, "transformation.view"))


# --- The anti-patterns ---------------------------------------------------------------------------


@router.get(
    "/patterns",
    response={200: PatternsOut, **ERRORS},
    summary="The anti-patterns the data shows, each with severity, teams, evidence and what to do",
)
def get_patterns(request: HttpRequest) -> Any:
    return pattern_facts.cached(member(request, "transformation.view"))


# --- The clarity pulse --------------------------------------------------------------------------


def _pulse(actor: Any, pk: int) -> ClarityPulse:
    return get_for_member(queries.pulses(actor).prefetch_related("teams"), actor, pk=pk)


@router.get(
    "/clarity/pulses",
    response={200: list[PulseOut], **ERRORS},
    summary="Clarity pulses, newest first, each with how many were asked and answered",
)
@paginate(Pagination)
def list_pulses(request: HttpRequest) -> Any:
    return queries.pulses(member(request, "transformation.view")).prefetch_related("teams")


@router.post(
    "/clarity/pulses",
    response={201: PulseOut, **ERRORS},
    summary="Send a clarity pulse (leaders): each person asked is emailed their own link",
)
def create_pulse(request: HttpRequest, payload: PulseIn) -> Any:
    actor = member(request)
    created = clarity.create_pulse(actor, **payload.dict(exclude_none=True))
    return Status(201, _pulse(actor, created.pk))


@router.get(
    "/clarity/pulses/{pulse_id}",
    response={200: PulseReportOut, **ERRORS},
    summary="One pulse's report: alignment by team and role, confusions, response rate "
    "(groups under min_group answers folded into Others)",
)
def get_pulse(request: HttpRequest, pulse_id: Id) -> Any:
    actor = member(request, "transformation.view")
    found = _pulse(actor, pulse_id)
    return pulse_report.build(actor, found, today())


@router.post(
    "/clarity/pulses/{pulse_id}/close",
    response={200: PulseOut, **ERRORS},
    summary="Close a pulse now (leaders): no more answers are taken",
)
def close_pulse(request: HttpRequest, pulse_id: Id) -> Any:
    actor = member(request)
    clarity.close_pulse(actor, get_for_member(ClarityPulse, actor, pk=pulse_id))
    return _pulse(actor, pulse_id)


@router.post(
    "/clarity/answer",
    auth=None,
    response={201: PulseAnswerOut, **ERRORS},
    summary="Answer a pulse with the token of an emailed link (no sign-in); once per link",
)
def answer_pulse(request: HttpRequest, payload: PulseAnswerIn) -> Any:
    clarity.answer_pulse(
        payload.pulse_id,
        payload.token,
        priorities=payload.priorities,
        contribution=payload.contribution,
    )
    return Status(
        201, {"pulse_id": payload.pulse_id, "message": "Thank you: your answer is counted."}
    )
