"""REST endpoints of the discovery pillar, mounted at /api/v1/discovery/."""
# No "from __future__ import annotations" here: Django Ninja reads the annotations at run time.

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from pom.core.api import ERRORS, Id, Pagination, member
from pom.core.lookup import get_for_member, scoped
from pom.discovery import queries, services
from pom.discovery.models import (
    Decision,
    DecisionStatus,
    Insight,
    Opportunity,
    Solution,
    StakeholderInput,
    Touchpoint,
)
from pom.discovery.schemas import (
    DecisionIn,
    DecisionOut,
    DecisionPatch,
    DecisionReviewIn,
    DecisionReviewOut,
    DecisionStatusIn,
    DiscoveryCadenceOut,
    DiscoveryCommentIn,
    DiscoveryCommentOut,
    DiscoveryImportIn,
    EvidenceIn,
    EvidenceOut,
    ImportPreviewOut,
    ImportResultOut,
    InputIn,
    InputOut,
    InsightIn,
    InsightOut,
    InsightPatch,
    MoveIn,
    OpportunityIn,
    OpportunityOut,
    OpportunityPatch,
    SolutionIn,
    SolutionMoveIn,
    SolutionOut,
    SolutionPatch,
    TouchpointDetail,
    TouchpointIn,
    TouchpointOut,
    TouchpointPatch,
    TreeOut,
    TriageIn,
)
from pom.teams.models import Team

router = Router(tags=["discovery"])


def _changes(payload: Any, renames: dict[str, str] | None = None) -> dict[str, Any]:
    data = payload.dict(exclude_unset=True)
    for old, new in (renames or {}).items():
        if old in data:
            data[new] = data.pop(old)
    return data


def _touchpoint(request: HttpRequest, pk: int) -> Touchpoint:
    return get_for_member(
        Touchpoint,
        request,
        pk=pk,
        select_related=["team"],
        prefetch_related=["attendees", "insights"],
    )


# --- Touchpoints --------------------------------------------------------------------------------


class TouchpointFilter(Schema):
    team_id: Id | None = None
    since: date | None = None


@router.get(
    "/touchpoints",
    response={200: list[TouchpointOut], **ERRORS},
    summary="Customer touchpoints, newest first",
)
@paginate(Pagination)
def list_touchpoints(request: HttpRequest, filters: Query[TouchpointFilter]) -> Any:
    qs = queries.touchpoints_for(member(request, "discovery.view"), team=filters.team_id)
    return qs.filter(happened_on__gte=filters.since) if filters.since else qs


@router.post(
    "/touchpoints",
    response={201: TouchpointDetail, **ERRORS},
    summary="Log a touchpoint with its insights",
)
def create_touchpoint(request: HttpRequest, payload: TouchpointIn) -> Any:
    data = payload.dict()
    tp = services.record_touchpoint(
        member(request),
        team=data.pop("team_id"),
        attendees=data.pop("attendee_ids"),
        **data,
    )
    return Status(201, _touchpoint(request, tp.pk))


@router.get(
    "/touchpoints/{touchpoint_id}",
    response={200: TouchpointDetail, **ERRORS},
    summary="A touchpoint and its insights",
)
def get_touchpoint(request: HttpRequest, touchpoint_id: Id) -> Any:
    member(request, "discovery.view")
    return _touchpoint(request, touchpoint_id)


@router.patch(
    "/touchpoints/{touchpoint_id}",
    response={200: TouchpointDetail, **ERRORS},
    summary="Change a touchpoint",
)
def update_touchpoint(request: HttpRequest, touchpoint_id: Id, payload: TouchpointPatch) -> Any:
    tp = _touchpoint(request, touchpoint_id)
    services.update_touchpoint(
        member(request), tp, **_changes(payload, {"attendee_ids": "attendees"})
    )
    return _touchpoint(request, touchpoint_id)


@router.delete(
    "/touchpoints/{touchpoint_id}",
    response={204: None, **ERRORS},
    summary="Delete a touchpoint and its insights",
)
def delete_touchpoint(request: HttpRequest, touchpoint_id: Id) -> Any:
    services.delete_touchpoint(member(request), _touchpoint(request, touchpoint_id))
    return Status(204, None)


@router.post(
    "/evidence",
    response={200: EvidenceOut, 201: EvidenceOut, **ERRORS},
    summary="Push evidence in from another tool (idempotent by external_id)",
    description=(
        "For call-recording and support tools: a touchpoint with its insights. Sending the same "
        "`external_id` again returns the stored touchpoint with `created: false` and changes nothing, "
        "so webhook retries are safe."
    ),
)
def push_evidence(request: HttpRequest, payload: EvidenceIn) -> Any:
    actor = member(request)
    existing = scoped(Touchpoint, actor).filter(external_id=payload.external_id.strip()).first()
    if existing is not None:
        return Status(200, {"created": False, "touchpoint": _touchpoint(request, existing.pk)})
    data = payload.dict()
    tp = services.record_touchpoint(actor, team=data.pop("team_id"), **data)
    return Status(201, {"created": True, "touchpoint": _touchpoint(request, tp.pk)})


# --- Insights -----------------------------------------------------------------------------------


class InsightFilter(Schema):
    q: str = ""
    tag: list[str] = []
    team_id: Id | None = None
    opportunity_id: Id | None = None
    unlinked: bool = False


@router.get(
    "/insights",
    response={200: list[InsightOut], **ERRORS},
    summary="Search the insight repository",
    description=(
        "`q` finds insights containing every word (or word start), most recently recorded first; "
        "a search keeps the 1,000 most recent matches (`count` then says 1001). `tag` may repeat."
    ),
)
@paginate(Pagination)
def list_insights(request: HttpRequest, filters: Query[InsightFilter]) -> Any:
    qs = queries.insights_for(
        member(request, "discovery.view"),
        query=filters.q,
        tags=filters.tag,
        team=filters.team_id,
        opportunity=filters.opportunity_id,
        unlinked=filters.unlinked,
    )
    return queries.capped(qs, filters.q)


@router.post("/insights", response={201: InsightOut, **ERRORS}, summary="Keep an insight")
def create_insight(request: HttpRequest, payload: InsightIn) -> Any:
    data = payload.dict()
    insight = services.add_insight(
        member(request),
        team=data.pop("team_id"),
        touchpoint=data.pop("touchpoint_id"),
        opportunity=data.pop("opportunity_id"),
        **data,
    )
    return Status(201, insight)


@router.get("/insights/{insight_id}", response={200: InsightOut, **ERRORS}, summary="One insight")
def get_insight(request: HttpRequest, insight_id: Id) -> Any:
    member(request, "discovery.view")
    return get_for_member(Insight, request, pk=insight_id)


@router.patch(
    "/insights/{insight_id}", response={200: InsightOut, **ERRORS}, summary="Change an insight"
)
def update_insight(request: HttpRequest, insight_id: Id, payload: InsightPatch) -> Any:
    insight = get_for_member(Insight, request, pk=insight_id, select_related=["team"])
    return services.update_insight(member(request), insight, **_changes(payload))


@router.delete(
    "/insights/{insight_id}", response={204: None, **ERRORS}, summary="Delete an insight"
)
def delete_insight(request: HttpRequest, insight_id: Id) -> Any:
    insight = get_for_member(Insight, request, pk=insight_id, select_related=["team"])
    services.delete_insight(member(request), insight)
    return Status(204, None)


@router.post(
    "/insights/{insight_id}/opportunities/{opportunity_id}",
    response={204: None, **ERRORS},
    summary="Use an insight as evidence for an opportunity",
)
def link_insight(request: HttpRequest, insight_id: Id, opportunity_id: Id) -> Any:
    insight = get_for_member(Insight, request, pk=insight_id)
    opportunity = get_for_member(Opportunity, request, pk=opportunity_id, select_related=["team"])
    services.link_insight(member(request), insight, opportunity)
    return Status(204, None)


@router.delete(
    "/insights/{insight_id}/opportunities/{opportunity_id}",
    response={204: None, **ERRORS},
    summary="Stop using an insight as evidence for an opportunity",
)
def unlink_insight(request: HttpRequest, insight_id: Id, opportunity_id: Id) -> Any:
    insight = get_for_member(Insight, request, pk=insight_id)
    opportunity = get_for_member(Opportunity, request, pk=opportunity_id, select_related=["team"])
    services.unlink_insight(member(request), insight, opportunity)
    return Status(204, None)


# --- Opportunities, solutions and the tree ------------------------------------------------------


def _opportunity(request: HttpRequest, pk: int) -> Opportunity:
    qs = Opportunity.objects.annotate(evidence_count=queries.evidence_count())
    return get_for_member(qs, request, pk=pk, select_related=["team"])


class OpportunityFilter(Schema):
    outcome_id: Id | None = None
    team_id: Id | None = None
    stage: str | None = None
    targeted: bool | None = None


@router.get(
    "/opportunities", response={200: list[OpportunityOut], **ERRORS}, summary="Opportunities"
)
@paginate(Pagination)
def list_opportunities(request: HttpRequest, filters: Query[OpportunityFilter]) -> Any:
    qs = (
        scoped(Opportunity, member(request, "discovery.view"))
        .annotate(evidence_count=queries.evidence_count())
        .order_by("outcome_id", "position", "id")
    )
    for field in ("outcome_id", "team_id", "stage", "targeted"):
        value = getattr(filters, field)
        if value is not None:
            qs = qs.filter(**{field: value})
    return qs


@router.post(
    "/opportunities",
    response={201: OpportunityOut, **ERRORS},
    summary="Add an opportunity to an outcome's tree",
)
def create_opportunity(request: HttpRequest, payload: OpportunityIn) -> Any:
    data = payload.dict()
    opp = services.create_opportunity(
        member(request),
        outcome=data.pop("outcome_id"),
        team=data.pop("team_id"),
        parent=data.pop("parent_id"),
        **data,
    )
    return Status(201, _opportunity(request, opp.pk))


@router.get(
    "/opportunities/{opportunity_id}",
    response={200: OpportunityOut, **ERRORS},
    summary="One opportunity",
)
def get_opportunity(request: HttpRequest, opportunity_id: Id) -> Any:
    member(request, "discovery.view")
    return _opportunity(request, opportunity_id)


@router.patch(
    "/opportunities/{opportunity_id}",
    response={200: OpportunityOut, **ERRORS},
    summary="Change an opportunity",
)
def update_opportunity(request: HttpRequest, opportunity_id: Id, payload: OpportunityPatch) -> Any:
    services.update_opportunity(
        member(request), _opportunity(request, opportunity_id), **_changes(payload)
    )
    return _opportunity(request, opportunity_id)


@router.post(
    "/opportunities/{opportunity_id}/move",
    response={200: OpportunityOut, **ERRORS},
    summary="Re-parent an opportunity within its tree (refuses cycles)",
)
def move_opportunity(request: HttpRequest, opportunity_id: Id, payload: MoveIn) -> Any:
    opp = _opportunity(request, opportunity_id)
    services.move_opportunity(member(request), opp, payload.parent_id, payload.position)
    return _opportunity(request, opportunity_id)


@router.delete(
    "/opportunities/{opportunity_id}",
    response={204: None, **ERRORS},
    summary="Delete an opportunity and its sub-opportunities",
)
def delete_opportunity(request: HttpRequest, opportunity_id: Id) -> Any:
    services.delete_opportunity(member(request), _opportunity(request, opportunity_id))
    return Status(204, None)


@router.get(
    "/outcomes/{outcome_id}/tree",
    response={200: TreeOut, **ERRORS},
    summary="The opportunity solution tree of an outcome, nested, in one read",
)
def outcome_tree(request: HttpRequest, outcome_id: Id) -> Any:
    actor = member(request, "discovery.view")
    outcome = get_for_member(services._outcome_model(), request, pk=outcome_id)
    tree = queries.outcome_tree(actor, outcome)
    return {
        "outcome": {"id": outcome.pk, "title": outcome.title},
        "nodes": tree.count(),
        "tree": tree.as_dict(),
    }


class SolutionFilter(Schema):
    team_id: Id | None = None
    opportunity_id: Id | None = None
    status: str | None = None
    origin: str | None = None
    orphaned: bool = False


@router.get("/solutions", response={200: list[SolutionOut], **ERRORS}, summary="Solutions")
@paginate(Pagination)
def list_solutions(request: HttpRequest, filters: Query[SolutionFilter]) -> Any:
    qs = scoped(Solution, member(request, "discovery.view")).order_by("-updated_at", "-id")
    for field in ("team_id", "opportunity_id", "status", "origin"):
        value = getattr(filters, field)
        if value is not None:
            qs = qs.filter(**{field: value})
    return qs.filter(opportunity__isnull=True) if filters.orphaned else qs


def _solution(request: HttpRequest, pk: int) -> Solution:
    return get_for_member(Solution, request, pk=pk, select_related=["team"])


@router.post("/solutions", response={201: SolutionOut, **ERRORS}, summary="Add a solution")
def create_solution(request: HttpRequest, payload: SolutionIn) -> Any:
    data = payload.dict()
    solution = services.create_solution(
        member(request),
        opportunity=data.pop("opportunity_id"),
        team=data.pop("team_id"),
        stakeholder_input=data.pop("stakeholder_input_id"),
        **data,
    )
    return Status(201, solution)


@router.get(
    "/solutions/{solution_id}", response={200: SolutionOut, **ERRORS}, summary="One solution"
)
def get_solution(request: HttpRequest, solution_id: Id) -> Any:
    member(request, "discovery.view")
    return _solution(request, solution_id)


@router.patch(
    "/solutions/{solution_id}", response={200: SolutionOut, **ERRORS}, summary="Change a solution"
)
def update_solution(request: HttpRequest, solution_id: Id, payload: SolutionPatch) -> Any:
    return services.update_solution(
        member(request), _solution(request, solution_id), **_changes(payload)
    )


@router.post(
    "/solutions/{solution_id}/move",
    response={200: SolutionOut, **ERRORS},
    summary="Put a solution under another opportunity",
)
def move_solution(request: HttpRequest, solution_id: Id, payload: SolutionMoveIn) -> Any:
    return services.move_solution(
        member(request), _solution(request, solution_id), payload.opportunity_id
    )


@router.delete(
    "/solutions/{solution_id}", response={204: None, **ERRORS}, summary="Delete a solution"
)
def delete_solution(request: HttpRequest, solution_id: Id) -> Any:
    services.delete_solution(member(request), _solution(request, solution_id))
    return Status(204, None)


@router.post(
    "/comments",
    response={201: DiscoveryCommentOut, **ERRORS},
    summary="Comment on an opportunity or a solution",
)
def create_comment(request: HttpRequest, payload: DiscoveryCommentIn) -> Any:
    comment = services.add_comment(
        member(request),
        text=payload.text,
        opportunity=payload.opportunity_id,
        solution=payload.solution_id,
    )
    return Status(201, comment)


# --- Stakeholder input and decisions ------------------------------------------------------------


class InputFilter(Schema):
    triage: str = ""
    team_id: Id | None = None


@router.get(
    "/inputs", response={200: list[InputOut], **ERRORS}, summary="Stakeholder input, newest first"
)
@paginate(Pagination)
def list_inputs(request: HttpRequest, filters: Query[InputFilter]) -> Any:
    return queries.inputs_for(
        member(request, "discovery.view"), triage=filters.triage, team=filters.team_id
    )


@router.post("/inputs", response={201: InputOut, **ERRORS}, summary="Give input to a team")
def create_input(request: HttpRequest, payload: InputIn) -> Any:
    data = payload.dict()
    item = services.submit_input(
        member(request),
        team=data.pop("team_id"),
        outcome=data.pop("outcome_id"),
        opportunity=data.pop("opportunity_id"),
        from_person=data.pop("from_person_id"),
        **data,
    )
    return Status(201, item)


@router.get(
    "/inputs/{input_id}", response={200: InputOut, **ERRORS}, summary="One stakeholder input"
)
def get_input(request: HttpRequest, input_id: Id) -> Any:
    member(request, "discovery.view")
    return get_for_member(StakeholderInput, request, pk=input_id)


@router.post(
    "/inputs/{input_id}/triage",
    response={200: InputOut, **ERRORS},
    summary="Triage stakeholder input",
)
def triage_input(request: HttpRequest, input_id: Id, payload: TriageIn) -> Any:
    item = get_for_member(
        StakeholderInput, request, pk=input_id, select_related=["team", "from_person"]
    )
    return services.triage_input(
        member(request),
        item,
        action=payload.action,
        opportunity=payload.opportunity_id,
        outcome=payload.outcome_id,
        reason=payload.reason,
        duplicate_of=payload.duplicate_of_id,
    )


class DecisionFilter(Schema):
    kind: str = ""
    team_id: Id | None = None
    status: DecisionStatus | None = None
    due: bool = Field(False, description="Only those due for revisit today.")
    principle_id: Id | None = Field(None, description="Only those citing this principle.")


@router.get("/decisions", response={200: list[DecisionOut], **ERRORS}, summary="The decision log")
@paginate(Pagination)
def list_decisions(request: HttpRequest, filters: Query[DecisionFilter]) -> Any:
    return queries.decisions_for(
        member(request, "discovery.view"),
        kind=filters.kind,
        team=filters.team_id,
        status=filters.status or "",
        due=filters.due,
        principle=filters.principle_id,
    )


def _decision_args(data: dict[str, Any]) -> dict[str, Any]:
    """API names (``team_id``, ``principle_ids``) to the service's (``team``, ``principles``)."""
    renamed = {
        "decided_by_person_id": "decided_by_person",
        "team_id": "team",
        "outcome_id": "outcome",
        "opportunity_id": "opportunity",
        "solution_id": "solution",
        "stakeholder_input_id": "stakeholder_input",
        "revisit_metric_id": "revisit_metric",
        "principle_ids": "principles",
    }
    args = {renamed.get(k, k): v for k, v in data.items()}
    if "revisit_comparison" in args:
        args["revisit_comparison"] = args["revisit_comparison"] or ""
    return args


def _decision_out(request: HttpRequest, pk: int) -> Any:
    return queries.decisions_for(member(request)).get(pk=pk)


@router.post("/decisions", response={201: DecisionOut, **ERRORS}, summary="Record a decision")
def create_decision(request: HttpRequest, payload: DecisionIn) -> Any:
    decision = services.record_decision(member(request), **_decision_args(payload.dict()))
    return Status(201, _decision_out(request, decision.pk))


@router.get(
    "/decisions/{decision_id}", response={200: DecisionOut, **ERRORS}, summary="One decision"
)
def get_decision(request: HttpRequest, decision_id: Id) -> Any:
    member(request, "discovery.view")
    return _decision_out(request, get_for_member(Decision, request, pk=decision_id).pk)


@router.patch(
    "/decisions/{decision_id}",
    response={200: DecisionOut, **ERRORS},
    summary="Edit a decision: what, why, links, revisit when, principles",
)
def update_decision(request: HttpRequest, decision_id: Id, payload: DecisionPatch) -> Any:
    decision = get_for_member(Decision, request, pk=decision_id, select_related=["team"])
    data = _decision_args(payload.dict(exclude_unset=True))
    services.update_decision(member(request), decision, **data)
    return _decision_out(request, decision.pk)


@router.post(
    "/decisions/{decision_id}/status",
    response={200: DecisionOut, **ERRORS},
    summary="Accept, supersede (by another decision) or reverse a decision",
)
def set_decision_status(request: HttpRequest, decision_id: Id, payload: DecisionStatusIn) -> Any:
    decision = get_for_member(Decision, request, pk=decision_id, select_related=["team"])
    services.set_decision_status(
        member(request), decision, payload.status, superseded_by=payload.superseded_by_id
    )
    return _decision_out(request, decision.pk)


@router.get(
    "/decisions/{decision_id}/reviews",
    response={200: list[DecisionReviewOut], **ERRORS},
    summary="A decision's reviews, newest first",
)
def list_reviews(request: HttpRequest, decision_id: Id) -> Any:
    member(request, "discovery.view")
    decision = get_for_member(Decision, request, pk=decision_id)
    return list(decision.reviews.select_related("reviewed_by")[:200])


@router.post(
    "/decisions/{decision_id}/reviews",
    response={201: DecisionReviewOut, **ERRORS},
    summary="Revisit a decision: keep, postpone, supersede or reverse it",
)
def review_decision(request: HttpRequest, decision_id: Id, payload: DecisionReviewIn) -> Any:
    decision = get_for_member(
        Decision, request, pk=decision_id, select_related=["team", "revisit_metric"]
    )
    review = services.review_decision(
        member(request),
        decision,
        outcome=payload.outcome,
        note=payload.note,
        next_revisit_on=payload.next_revisit_on,
        superseded_by=payload.superseded_by_id,
    )
    return Status(201, review)


# --- Import and figures -------------------------------------------------------------------------


@router.post(
    "/imports/preview",
    response={200: ImportPreviewOut, **ERRORS},
    summary="Check an import file; writes nothing",
)
def preview_import(request: HttpRequest, payload: DiscoveryImportIn) -> Any:
    actor = member(request)
    team = get_for_member(Team, request, pk=payload.team_id)
    services.require_team(actor, team)
    parsed = services.parse_import(
        actor, fmt=payload.format, content=payload.content, filename=payload.filename
    )
    return {"ok": parsed.ok, "rows": parsed.rows, "errors": parsed.errors}


@router.post(
    "/imports",
    response={201: ImportResultOut, **ERRORS},
    summary="Import notes: every row, or none",
)
def apply_import(request: HttpRequest, payload: DiscoveryImportIn) -> Any:
    result = services.apply_import(
        member(request),
        team=payload.team_id,
        fmt=payload.format,
        content=payload.content,
        filename=payload.filename,
        kind=payload.kind,
    )
    return Status(201, result)


@router.get(
    "/teams/{team_id}/cadence",
    response={200: DiscoveryCadenceOut, **ERRORS},
    summary="A team's touchpoint cadence, trio attendance and evidence health",
)
def team_cadence(request: HttpRequest, team_id: Id) -> Any:
    actor = member(request, "discovery.view")
    team = get_for_member(Team, request, pk=team_id)
    info = queries.team_discovery(actor, team)
    c, health = info.cadence, info.health
    return {
        "team": {"id": team.pk, "name": team.name},
        "streak": c.streak,
        "covered": c.covered,
        "weeks": c.weeks,
        "coverage": c.coverage,
        "last_touchpoint": c.last_touchpoint,
        "heatmap": [{"start": w.start, "count": w.count} for w in c.heatmap],
        "trio": [
            {"role": s.role, "filled": s.filled, "attended": s.attended, "total": s.total}
            for s in info.trio
        ],
        "solutions_without_opportunity": health.solutions_without_opportunity,
        "opportunities_without_evidence": health.opportunities_without_evidence,
        "opportunities_with_stale_evidence": health.opportunities_with_stale_evidence,
        "stakeholder_solution_share": health.stakeholder_solution_share,
        "leadership_override_share": health.leadership_override_share,
    }
