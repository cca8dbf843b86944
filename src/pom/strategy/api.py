"""REST endpoints of the strategy pillar, mounted at /api/v1/strategy/."""
# No "from __future__ import annotations" here: Django Ninja reads the annotations at run time.

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import FilterSchema, Query, Router, Schema, Status
from ninja.pagination import paginate

from pom.core.api import ERRORS, YAML_DOCUMENT, Id, Pagination, file_answer, member
from pom.core.lookup import get_for_member
from pom.strategy import clarity, queries, services, transfer
from pom.strategy.models import (
    CheckIn,
    Comment,
    Cycle,
    FundingAllocation,
    Outcome,
    OutcomeCommitment,
    Principle,
    ProductVision,
    Project,
    StrategicBet,
)
from pom.strategy.schemas import (
    BetIn,
    BetOut,
    BetPatch,
    CheckInIn,
    CheckInOut,
    CommitmentIn,
    CommitmentOut,
    CycleDetailOut,
    CycleIn,
    CycleOut,
    CyclePatch,
    FundingIn,
    FundingOut,
    FundingPatch,
    LintIn,
    LintOut,
    MapOut,
    OutcomeDetailOut,
    OutcomeIn,
    OutcomeOut,
    OutcomePatch,
    PrincipleIn,
    PrincipleOrderIn,
    PrincipleOut,
    PrinciplePatch,
    ProjectIn,
    ProjectOut,
    ProjectPatch,
    RerankIn,
    StrategyCommentIn,
    StrategyCommentOut,
    StrategyImportIn,
    StrategyImportOut,
    VisionIn,
    VisionOut,
)
from pom.teams.models import Person, Team

router = Router(tags=["strategy"])


# --- Vision and bets --------------------------------------------------------------------------


@router.get("/vision", response={200: VisionOut | None, **ERRORS}, summary="The product vision")
def get_vision(request: HttpRequest) -> Any:
    return ProductVision.objects.for_member(member(request, "strategy.view")).first()


@router.put(
    "/vision", response={200: VisionOut, **ERRORS}, summary="State the product vision (leaders)"
)
def put_vision(request: HttpRequest, payload: VisionIn) -> Any:
    return services.save_vision(
        member(request), statement=payload.statement, horizon=payload.horizon
    )


class BetFilter(Schema):
    status: str | None = None


@router.get("/bets", response={200: list[BetOut], **ERRORS}, summary="Strategic bets, by rank")
@paginate(Pagination)
def list_bets(request: HttpRequest, filters: Query[BetFilter]) -> Any:
    qs = StrategicBet.objects.for_member(member(request, "strategy.view")).select_related("owner")
    return qs.filter(status=filters.status) if filters.status else qs


def _bet_data(request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    return services.resolve_refs(member(request), data, {"owner_id": Person})


@router.post("/bets", response={201: BetOut, **ERRORS}, summary="Add a bet (leaders)")
def create_bet(request: HttpRequest, payload: BetIn) -> Any:
    data = payload.model_dump()
    insert = data.pop("insert")
    bet = services.create_bet(member(request), insert=insert, **_bet_data(request, data))
    return Status(201, bet)


@router.post(
    "/bets/rerank",
    response={200: list[BetOut], **ERRORS},
    summary="Re-rank the active bets (leaders)",
)
def rerank_bets(request: HttpRequest, payload: RerankIn) -> Any:
    return services.rerank_bets(member(request), payload.order)


# --- Product principles -------------------------------------------------------------------------


def _principle_out(actor: Any, pk: int) -> Any:
    return queries.principles_with_counts(actor).get(pk=pk)


@router.get(
    "/principles",
    response={200: list[PrincipleOut], **ERRORS},
    summary="The product principles, in order, with how often decisions cite each",
)
def list_principles(request: HttpRequest) -> Any:
    return list(queries.principles_with_counts(member(request, "strategy.view")))


@router.post(
    "/principles", response={201: PrincipleOut, **ERRORS}, summary="Add a principle (leaders)"
)
def create_principle(request: HttpRequest, payload: PrincipleIn) -> Any:
    actor = member(request)
    principle = services.create_principle(actor, **payload.dict())
    return Status(201, _principle_out(actor, principle.pk))


@router.post(
    "/principles/reorder",
    response={200: list[PrincipleOut], **ERRORS},
    summary="Put every principle in a new order (leaders)",
)
def reorder_principles(request: HttpRequest, payload: PrincipleOrderIn) -> Any:
    actor = member(request)
    services.reorder_principles(actor, payload.order)
    return list(queries.principles_with_counts(actor))


@router.get(
    "/principles/{principle_id}", response={200: PrincipleOut, **ERRORS}, summary="One principle"
)
def get_principle(request: HttpRequest, principle_id: Id) -> Any:
    actor = member(request, "strategy.view")
    return _principle_out(actor, get_for_member(Principle, request, pk=principle_id).pk)


@router.patch(
    "/principles/{principle_id}",
    response={200: PrincipleOut, **ERRORS},
    summary="Edit or move a principle (leaders)",
)
def update_principle(request: HttpRequest, principle_id: Id, payload: PrinciplePatch) -> Any:
    actor = member(request)
    principle = get_for_member(Principle, request, pk=principle_id)
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    services.update_principle(actor, principle, **data)
    return _principle_out(actor, principle.pk)


@router.delete(
    "/principles/{principle_id}",
    response={204: None, **ERRORS},
    summary="Delete a principle (leaders); decisions keep their record",
)
def delete_principle(request: HttpRequest, principle_id: Id) -> Any:
    services.delete_principle(member(request), get_for_member(Principle, request, pk=principle_id))
    return Status(204, None)


@router.get("/bets/{bet_id}", response={200: BetOut, **ERRORS}, summary="One bet")
def get_bet(request: HttpRequest, bet_id: Id) -> Any:
    member(request, "strategy.view")
    return get_for_member(StrategicBet, request, pk=bet_id, select_related=["owner"])


@router.patch("/bets/{bet_id}", response={200: BetOut, **ERRORS}, summary="Change a bet (leaders)")
def update_bet(request: HttpRequest, bet_id: Id, payload: BetPatch) -> Any:
    bet = get_for_member(StrategicBet, request, pk=bet_id)
    data = payload.model_dump(exclude_unset=True)
    insert = data.pop("insert", False)
    return services.update_bet(member(request), bet, insert=insert, **_bet_data(request, data))


@router.delete("/bets/{bet_id}", response={204: None, **ERRORS}, summary="Delete a bet (leaders)")
def delete_bet(request: HttpRequest, bet_id: Id) -> Any:
    services.delete_bet(member(request), get_for_member(StrategicBet, request, pk=bet_id))
    return Status(204, None)


@router.get(
    "/bets/{bet_id}/comments",
    response={200: list[StrategyCommentOut], **ERRORS},
    summary="Comments on a bet",
)
@paginate(Pagination)
def list_bet_comments(request: HttpRequest, bet_id: Id) -> Any:
    actor = member(request, "strategy.view")
    bet = get_for_member(StrategicBet, request, pk=bet_id)
    return Comment.objects.for_member(actor).filter(bet=bet).select_related("author")


@router.post(
    "/bets/{bet_id}/comments",
    response={201: StrategyCommentOut, **ERRORS},
    summary="Comment on a bet",
)
def comment_on_bet(request: HttpRequest, bet_id: Id, payload: StrategyCommentIn) -> Any:
    bet = get_for_member(StrategicBet, request, pk=bet_id)
    return Status(201, services.add_comment(member(request), body=payload.body, bet=bet))


@router.delete(
    "/comments/{comment_id}",
    response={204: None, **ERRORS},
    summary="Delete a comment (its author, or leaders)",
)
def delete_comment(request: HttpRequest, comment_id: Id) -> Any:
    services.delete_comment(member(request), get_for_member(Comment, request, pk=comment_id))
    return Status(204, None)


# --- Cycles -----------------------------------------------------------------------------------


@router.get(
    "/cycles", response={200: list[CycleOut], **ERRORS}, summary="Planning cycles, newest first"
)
@paginate(Pagination)
def list_cycles(request: HttpRequest) -> Any:
    return Cycle.objects.for_member(member(request, "strategy.view"))


@router.post("/cycles", response={201: CycleOut, **ERRORS}, summary="Add a cycle (leaders)")
def create_cycle(request: HttpRequest, payload: CycleIn) -> Any:
    return Status(201, services.create_cycle(member(request), **payload.model_dump()))


@router.get(
    "/cycles/{cycle_id}",
    response={200: CycleDetailOut, **ERRORS},
    summary="A cycle with its funding mix and findings",
)
def get_cycle(request: HttpRequest, cycle_id: Id) -> Any:
    actor = member(request, "strategy.view")
    cycle = get_for_member(Cycle, request, pk=cycle_id)
    settings = queries.strategy_settings(actor.organization_id)
    cycle.funding_mix = queries.funding_mix(actor.organization_id, cycle.pk).as_rows()  # type: ignore[attr-defined]
    findings = queries.cycle_findings(actor.organization_id, cycle, settings)
    cycle.findings = [f.as_dict() for f in findings]  # type: ignore[attr-defined]
    commitments = OutcomeCommitment.objects.for_member(actor).filter(cycle=cycle)
    cycle.commitment_count = commitments.count()  # type: ignore[attr-defined]
    return cycle


@router.patch(
    "/cycles/{cycle_id}", response={200: CycleOut, **ERRORS}, summary="Change a cycle (leaders)"
)
def update_cycle(request: HttpRequest, cycle_id: Id, payload: CyclePatch) -> Any:
    cycle = get_for_member(Cycle, request, pk=cycle_id)
    return services.update_cycle(member(request), cycle, **payload.model_dump(exclude_unset=True))


@router.delete(
    "/cycles/{cycle_id}", response={204: None, **ERRORS}, summary="Delete a cycle (leaders)"
)
def delete_cycle(request: HttpRequest, cycle_id: Id) -> Any:
    services.delete_cycle(member(request), get_for_member(Cycle, request, pk=cycle_id))
    return Status(204, None)


# --- Outcomes ---------------------------------------------------------------------------------


class OutcomeFilter(Schema):
    q: str | None = None
    status: str | None = None
    level: str | None = None
    team: str | None = None
    bet: Id | None = None
    stale: bool | None = None
    attention: Literal["off_track", "breached"] | None = None


@router.get(
    "/outcomes",
    response={200: list[OutcomeOut], **ERRORS},
    summary="Outcomes, with search and filters",
)
@paginate(Pagination)
def list_outcomes(request: HttpRequest, filters: Query[OutcomeFilter]) -> Any:
    actor = member(request, "strategy.view")
    settings = queries.strategy_settings(actor.organization_id)
    qs = Outcome.objects.for_member(actor).select_related("owner_team")
    return queries.filter_outcomes(
        qs, filters.model_dump(), settings.stale_after_days, org_id=actor.organization_id
    )


def _outcome_data(request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    return services.resolve_refs(
        member(request), data, {"parent_id": Outcome, "bet_id": StrategicBet, "owner_team_id": Team}
    )


@router.post("/outcomes", response={201: OutcomeOut, **ERRORS}, summary="Define an outcome")
def create_outcome(request: HttpRequest, payload: OutcomeIn) -> Any:
    outcome = services.create_outcome(
        member(request), **_outcome_data(request, payload.model_dump())
    )
    return Status(201, outcome)


@router.get(
    "/outcomes/{outcome_id}",
    response={200: OutcomeDetailOut, **ERRORS},
    summary="One outcome, with its clarity findings",
)
def get_outcome(request: HttpRequest, outcome_id: Id) -> Any:
    actor = member(request, "strategy.view")
    outcome = get_for_member(Outcome, request, pk=outcome_id, select_related=["owner_team"])
    settings = queries.strategy_settings(actor.organization_id)
    outcome.findings = [f.as_dict() for f in queries.outcome_lint(outcome)]  # type: ignore[attr-defined]
    outcome.stale = outcome.is_stale(queries.today(), settings.stale_after_days)  # type: ignore[attr-defined]
    return outcome


@router.patch(
    "/outcomes/{outcome_id}", response={200: OutcomeOut, **ERRORS}, summary="Change an outcome"
)
def update_outcome(request: HttpRequest, outcome_id: Id, payload: OutcomePatch) -> Any:
    outcome = get_for_member(Outcome, request, pk=outcome_id)
    data = _outcome_data(request, payload.model_dump(exclude_unset=True))
    return services.update_outcome(member(request), outcome, **data)


@router.delete(
    "/outcomes/{outcome_id}", response={204: None, **ERRORS}, summary="Delete an outcome"
)
def delete_outcome(request: HttpRequest, outcome_id: Id) -> Any:
    services.delete_outcome(member(request), get_for_member(Outcome, request, pk=outcome_id))
    return Status(204, None)


@router.get(
    "/outcomes/{outcome_id}/check-ins",
    response={200: list[CheckInOut], **ERRORS},
    summary="Check-ins on an outcome, newest first",
)
@paginate(Pagination)
def list_check_ins(request: HttpRequest, outcome_id: Id) -> Any:
    actor = member(request, "strategy.view")
    outcome = get_for_member(Outcome, request, pk=outcome_id)
    return CheckIn.objects.for_member(actor).filter(outcome=outcome).select_related("author")


@router.post(
    "/outcomes/{outcome_id}/check-ins",
    response={201: CheckInOut, **ERRORS},
    summary="Check in on an outcome",
)
def create_check_in(request: HttpRequest, outcome_id: Id, payload: CheckInIn) -> Any:
    outcome = get_for_member(Outcome, request, pk=outcome_id)
    return Status(201, services.record_check_in(member(request), outcome, **payload.model_dump()))


@router.get(
    "/check-ins/{check_in_id}", response={200: CheckInOut, **ERRORS}, summary="One check-in"
)
def get_check_in(request: HttpRequest, check_in_id: Id) -> Any:
    member(request, "strategy.view")
    return get_for_member(CheckIn, request, pk=check_in_id, select_related=["author"])


@router.delete(
    "/check-ins/{check_in_id}", response={204: None, **ERRORS}, summary="Delete a check-in"
)
def delete_check_in(request: HttpRequest, check_in_id: Id) -> Any:
    check_in = get_for_member(CheckIn, request, pk=check_in_id, select_related=["outcome"])
    services.delete_check_in(member(request), check_in)
    return Status(204, None)


@router.get(
    "/outcomes/{outcome_id}/comments",
    response={200: list[StrategyCommentOut], **ERRORS},
    summary="Comments on an outcome",
)
@paginate(Pagination)
def list_outcome_comments(request: HttpRequest, outcome_id: Id) -> Any:
    actor = member(request, "strategy.view")
    outcome = get_for_member(Outcome, request, pk=outcome_id)
    return Comment.objects.for_member(actor).filter(outcome=outcome).select_related("author")


@router.post(
    "/outcomes/{outcome_id}/comments",
    response={201: StrategyCommentOut, **ERRORS},
    summary="Comment on an outcome",
)
def comment_on_outcome(request: HttpRequest, outcome_id: Id, payload: StrategyCommentIn) -> Any:
    outcome = get_for_member(Outcome, request, pk=outcome_id)
    return Status(201, services.add_comment(member(request), body=payload.body, outcome=outcome))


# --- Commitments ------------------------------------------------------------------------------


class CommitmentFilter(FilterSchema):
    cycle_id: Id | None = None
    team_id: Id | None = None
    outcome_id: Id | None = None


@router.get(
    "/commitments",
    response={200: list[CommitmentOut], **ERRORS},
    summary="Which teams committed to which outcomes",
)
@paginate(Pagination)
def list_commitments(request: HttpRequest, filters: Query[CommitmentFilter]) -> Any:
    actor = member(request, "strategy.view")
    return filters.filter(OutcomeCommitment.objects.for_member(actor).select_related("team"))


@router.post(
    "/commitments",
    response={201: CommitmentOut, **ERRORS},
    summary="Commit a team to an outcome for a cycle",
)
def create_commitment(request: HttpRequest, payload: CommitmentIn) -> Any:
    actor = member(request)
    outcome = services.resolve(Outcome, actor, payload.outcome_id, "outcome_id")
    team = services.resolve(Team, actor, payload.team_id, "team_id")
    cycle = services.resolve(Cycle, actor, payload.cycle_id, "cycle_id")
    commitment = services.commit_outcome(actor, outcome, team=team, cycle=cycle, note=payload.note)
    return Status(201, commitment)


@router.get(
    "/commitments/{commitment_id}",
    response={200: CommitmentOut, **ERRORS},
    summary="One commitment",
)
def get_commitment(request: HttpRequest, commitment_id: Id) -> Any:
    member(request, "strategy.view")
    return get_for_member(OutcomeCommitment, request, pk=commitment_id, select_related=["team"])


@router.delete(
    "/commitments/{commitment_id}", response={204: None, **ERRORS}, summary="Withdraw a commitment"
)
def delete_commitment(request: HttpRequest, commitment_id: Id) -> Any:
    commitment = get_for_member(
        OutcomeCommitment, request, pk=commitment_id, select_related=["team"]
    )
    services.withdraw_commitment(member(request), commitment)
    return Status(204, None)


# --- Projects and funding ---------------------------------------------------------------------


@router.get("/projects", response={200: list[ProjectOut], **ERRORS}, summary="Project-model work")
@paginate(Pagination)
def list_projects(request: HttpRequest) -> Any:
    return Project.objects.for_member(member(request, "strategy.view")).select_related("sponsor")


@router.post("/projects", response={201: ProjectOut, **ERRORS}, summary="Add a project (leaders)")
def create_project(request: HttpRequest, payload: ProjectIn) -> Any:
    data = services.resolve_refs(member(request), payload.model_dump(), {"sponsor_id": Person})
    return Status(201, services.create_project(member(request), **data))


@router.get("/projects/{project_id}", response={200: ProjectOut, **ERRORS}, summary="One project")
def get_project(request: HttpRequest, project_id: Id) -> Any:
    member(request, "strategy.view")
    return get_for_member(Project, request, pk=project_id, select_related=["sponsor"])


@router.patch(
    "/projects/{project_id}",
    response={200: ProjectOut, **ERRORS},
    summary="Change a project (leaders)",
)
def update_project(request: HttpRequest, project_id: Id, payload: ProjectPatch) -> Any:
    project = get_for_member(Project, request, pk=project_id)
    data = services.resolve_refs(
        member(request), payload.model_dump(exclude_unset=True), {"sponsor_id": Person}
    )
    return services.update_project(member(request), project, **data)


@router.delete(
    "/projects/{project_id}", response={204: None, **ERRORS}, summary="Delete a project (leaders)"
)
def delete_project(request: HttpRequest, project_id: Id) -> Any:
    services.delete_project(member(request), get_for_member(Project, request, pk=project_id))
    return Status(204, None)


class FundingFilter(Schema):
    cycle_id: Id | None = None
    kind: str | None = None


@router.get("/funding", response={200: list[FundingOut], **ERRORS}, summary="Funding allocations")
@paginate(Pagination)
def list_funding(request: HttpRequest, filters: Query[FundingFilter]) -> Any:
    qs = FundingAllocation.objects.for_member(member(request, "strategy.view"))
    if filters.cycle_id:
        qs = qs.filter(cycle_id=filters.cycle_id)
    if filters.kind in ("team", "outcome", "project"):
        qs = qs.filter(**{f"{filters.kind}__isnull": False})
    return qs


_FUNDING_REFS = {"cycle_id": Cycle, "team_id": Team, "outcome_id": Outcome, "project_id": Project}


@router.post(
    "/funding",
    response={201: FundingOut, **ERRORS},
    summary="Fund a team, an outcome or a project (leaders)",
)
def create_funding(request: HttpRequest, payload: FundingIn) -> Any:
    data = services.resolve_refs(member(request), payload.model_dump(), _FUNDING_REFS)
    return Status(201, services.allocate_funding(member(request), **data))


@router.get("/funding/{funding_id}", response={200: FundingOut, **ERRORS}, summary="One allocation")
def get_funding(request: HttpRequest, funding_id: Id) -> Any:
    member(request, "strategy.view")
    return get_for_member(FundingAllocation, request, pk=funding_id)


@router.patch(
    "/funding/{funding_id}",
    response={200: FundingOut, **ERRORS},
    summary="Change an allocation (leaders)",
)
def update_funding(request: HttpRequest, funding_id: Id, payload: FundingPatch) -> Any:
    funding = get_for_member(FundingAllocation, request, pk=funding_id)
    return services.update_funding(
        member(request), funding, **payload.model_dump(exclude_unset=True)
    )


@router.delete(
    "/funding/{funding_id}",
    response={204: None, **ERRORS},
    summary="Delete an allocation (leaders)",
)
def delete_funding(request: HttpRequest, funding_id: Id) -> Any:
    services.delete_funding(
        member(request), get_for_member(FundingAllocation, request, pk=funding_id)
    )
    return Status(204, None)


# --- Lint, map, strategy as code --------------------------------------------------------------


@router.post(
    "/lint",
    response={200: LintOut, **ERRORS},
    summary="Run the clarity linter on a draft outcome or bet",
)
def lint(request: HttpRequest, payload: LintIn) -> Any:
    actor = member(request, "strategy.view")
    findings: list[clarity.Finding] = []
    if payload.outcome is not None:
        data = payload.outcome.model_dump()
        team_id = data.pop("owner_team_id")
        team = Team.objects.for_member(actor).filter(pk=team_id).first() if team_id else None
        data["owner_team"] = team.name if team else ""
        cycle = None
        if payload.cycle_id:
            cycle = get_for_member(Cycle, request, pk=payload.cycle_id)
        findings += clarity.lint_outcome(
            clarity.outcome_from_mapping(data),
            today=queries.today(),
            cycle=cycle.window if cycle else None,
        )
    if payload.bet is not None:
        findings += clarity.lint_bet(clarity.bet_from_mapping(payload.bet.model_dump()))
    n_errors = len(clarity.errors(findings))
    return {
        "findings": [f.as_dict() for f in findings],
        "errors": n_errors,
        "warnings": len(findings) - n_errors,
        "summary": clarity.summary(findings),
    }


class MapFilter(Schema):
    bet: Id | None = None
    focus: Id | None = None
    full: bool = False


@router.get(
    "/map",
    response={200: MapOut, **ERRORS},
    summary="The strategy map: vision, bets, outcome trees and owning teams, in one read",
)
def strategy_map(request: HttpRequest, filters: Query[MapFilter]) -> Any:
    actor = member(request, "strategy.view")
    smap = queries.strategy_map(
        actor.organization_id, bet_id=filters.bet, focus_id=filters.focus, full=filters.full
    )
    return {
        "vision": ProductVision.objects.for_member(actor).first(),
        "bets": queries.map_as_data(smap),
        "total_outcomes": smap.total,
        "folded": smap.folded,
    }


@router.get(
    "/export",
    response={200: None, **ERRORS},
    summary="The whole strategy as YAML (strategy as code)",
    openapi_extra=file_answer("The strategy as YAML", YAML_DOCUMENT),
)
def export_yaml(request: HttpRequest) -> Any:
    actor = member(request, "strategy.view")
    text = transfer.export_yaml(actor.organization_id)
    return HttpResponse(text, content_type="application/yaml; charset=utf-8")


@router.post(
    "/import",
    response={200: StrategyImportOut, **ERRORS},
    summary="Import strategy YAML, all or nothing (leaders)",
)
def import_yaml(request: HttpRequest, payload: StrategyImportIn) -> Any:
    result = transfer.import_yaml(
        member(request),
        payload.yaml,
        allow_warnings=payload.allow_warnings,
        dry_run=payload.dry_run,
        replace=payload.replace,
    )
    return {
        "created": result.created,
        "findings": [f.as_dict() for f in result.findings],
        "dry_run": payload.dry_run,
    }
