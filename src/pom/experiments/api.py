"""REST endpoints of the experiments pillar, mounted at /api/v1/experiments/."""
# No "from __future__ import annotations" here: Django Ninja reads the annotations at run time.

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from pom.core.api import ERRORS_OR_CONFLICT as ERRORS
from pom.core.api import Id, Pagination, member
from pom.core.lookup import get_for_member
from pom.experiments import queries, services, stats
from pom.experiments.models import Assumption, AssumptionTest, MetricKind, RiskType, TestStatus
from pom.experiments.schemas import (
    AnalysisOut,
    AnalyzeIn,
    AssumptionIn,
    AssumptionOut,
    AssumptionPatch,
    ConcludeIn,
    SampleSizeIn,
    SampleSizeOut,
    TestIn,
    TestOut,
    TestPatch,
    ValuesCsvIn,
    VariantsIn,
)

router = Router(tags=["experiments"])


def _assumption(request: HttpRequest, pk: int) -> Assumption:
    return get_for_member(Assumption, request, pk=pk, select_related=["solution", "solution__team"])


def _test(request: HttpRequest, pk: int) -> AssumptionTest:
    return get_for_member(
        AssumptionTest,
        request,
        pk=pk,
        select_related=["team"],
        prefetch_related=["assumptions", "variants"],
    )


# --- Assumptions --------------------------------------------------------------------------------


class AssumptionFilter(Schema):
    solution_id: Id | None = None
    outcome_id: Id | None = None
    team_id: Id | None = None
    risk_type: RiskType | None = None


@router.get(
    "/assumptions",
    response={200: list[AssumptionOut], **ERRORS},
    summary="Assumptions, most important and least evidenced first",
)
@paginate(Pagination)
def list_assumptions(request: HttpRequest, filters: Query[AssumptionFilter]) -> Any:
    return queries.assumptions_for(
        member(request, "experiments.view"),
        solution=filters.solution_id,
        outcome=filters.outcome_id,
        team=filters.team_id,
        risk_type=filters.risk_type,
    )


@router.post("/assumptions", response={201: AssumptionOut, **ERRORS}, summary="Name an assumption")
def create_assumption(request: HttpRequest, payload: AssumptionIn) -> Any:
    data = payload.dict()
    a = services.create_assumption(member(request), solution=data.pop("solution_id"), **data)
    return Status(201, _assumption(request, a.pk))


@router.get(
    "/assumptions/{assumption_id}", response={200: AssumptionOut, **ERRORS}, summary="An assumption"
)
def get_assumption(request: HttpRequest, assumption_id: Id) -> Any:
    member(request, "experiments.view")
    return _assumption(request, assumption_id)


@router.patch(
    "/assumptions/{assumption_id}",
    response={200: AssumptionOut, **ERRORS},
    summary="Change an assumption",
)
def update_assumption(request: HttpRequest, assumption_id: Id, payload: AssumptionPatch) -> Any:
    a = _assumption(request, assumption_id)
    services.update_assumption(member(request), a, **payload.dict(exclude_unset=True))
    return _assumption(request, assumption_id)


@router.delete(
    "/assumptions/{assumption_id}", response={204: None, **ERRORS}, summary="Delete an assumption"
)
def delete_assumption(request: HttpRequest, assumption_id: Id) -> Any:
    services.delete_assumption(member(request), _assumption(request, assumption_id))
    return Status(204, None)


# --- Tests --------------------------------------------------------------------------------------


class TestFilter(Schema):
    __test__ = False

    team_id: Id | None = None
    status: TestStatus | None = None


@router.get(
    "/tests", response={200: list[TestOut], **ERRORS}, summary="Assumption tests, newest first"
)
@paginate(Pagination)
def list_tests(request: HttpRequest, filters: Query[TestFilter]) -> Any:
    return queries.tests_for(
        member(request, "experiments.view"), team=filters.team_id, status=filters.status
    )


@router.post("/tests", response={201: TestOut, **ERRORS}, summary="Plan an assumption test")
def create_test(request: HttpRequest, payload: TestIn) -> Any:
    data = payload.dict()
    variants = data.pop("variants")
    if variants is not None:
        variants = [{k: v for k, v in row.items() if v is not None} for row in variants]
    t = services.create_test(
        member(request),
        team=data.pop("team_id"),
        assumptions=data.pop("assumption_ids"),
        variants=variants,
        **data,
    )
    return Status(201, _test(request, t.pk))


@router.get("/tests/{test_id}", response={200: TestOut, **ERRORS}, summary="An assumption test")
def get_test(request: HttpRequest, test_id: Id) -> Any:
    member(request, "experiments.view")
    return _test(request, test_id)


@router.patch(
    "/tests/{test_id}",
    response={200: TestOut, **ERRORS},
    summary="Change a test (its criterion is locked once it starts)",
)
def update_test(request: HttpRequest, test_id: Id, payload: TestPatch) -> Any:
    t = _test(request, test_id)
    changes = payload.dict(exclude_unset=True)
    if "assumption_ids" in changes:
        changes["assumptions"] = changes.pop("assumption_ids")
    services.update_test(member(request), t, **changes)
    return _test(request, test_id)


@router.delete("/tests/{test_id}", response={204: None, **ERRORS}, summary="Delete a test")
def delete_test(request: HttpRequest, test_id: Id) -> Any:
    services.delete_test(member(request), _test(request, test_id))
    return Status(204, None)


@router.post(
    "/tests/{test_id}/start",
    response={200: TestOut, **ERRORS},
    summary="Start a test, locking its criterion",
)
def start_test(request: HttpRequest, test_id: Id) -> Any:
    services.start_test(member(request), _test(request, test_id))
    return _test(request, test_id)


@router.put(
    "/tests/{test_id}/variants",
    response={200: TestOut, **ERRORS},
    summary="Replace an experiment's variants and their data (control first)",
)
def set_variants(request: HttpRequest, test_id: Id, payload: VariantsIn) -> Any:
    rows = [v.dict(exclude_none=True) for v in payload.variants]
    services.set_variants(member(request), _test(request, test_id), rows)
    return _test(request, test_id)


@router.post(
    "/tests/{test_id}/values",
    response={200: TestOut, **ERRORS},
    summary="Upload per-user values as CSV (variant,value) to summarise into n, mean and sd",
)
def upload_values(request: HttpRequest, test_id: Id, payload: ValuesCsvIn) -> Any:
    services.upload_values(member(request), _test(request, test_id), payload.csv)
    return _test(request, test_id)


@router.get(
    "/tests/{test_id}/analysis",
    response={200: AnalysisOut, **ERRORS},
    summary="The statistical read-out of an experiment",
)
def test_analysis(request: HttpRequest, test_id: Id) -> Any:
    member(request, "experiments.view")
    result = services.analysis_for(_test(request, test_id))
    if result is None:
        raise ValidationError({"variants": "Every variant needs data before it can be analysed."})
    return result.to_dict()


@router.post(
    "/tests/{test_id}/conclude",
    response={200: TestOut, **ERRORS},
    summary="Conclude a running test with its result and decision",
)
def conclude_test(request: HttpRequest, test_id: Id, payload: ConcludeIn) -> Any:
    services.conclude_test(member(request), _test(request, test_id), **payload.dict())
    return _test(request, test_id)


# --- Stateless statistics -----------------------------------------------------------------------

ARM_FIELDS = {
    MetricKind.BINARY: {"name": str, "users": int, "conversions": int, "planned_share": float},
    MetricKind.CONTINUOUS: {
        "name": str,
        "n": int,
        "mean": float,
        "sd": float,
        "planned_share": float,
    },
}


def _arms(metric: str, rows: list[dict[str, Any]]) -> list[stats.Variant]:
    fields = ARM_FIELDS[MetricKind(metric)]
    required = [f for f in fields if f != "planned_share"]
    arms: list[stats.Variant] = []
    for i, row in enumerate(rows):
        for key, value in row.items():
            kind = fields.get(key)
            where = f"variants[{i}].{key}"
            if kind is None:
                raise ValidationError({where: f"Unknown field for a {metric} metric."})
            ok = isinstance(value, kind) and not isinstance(value, bool)
            if kind is float:
                ok = isinstance(value, int | float) and not isinstance(value, bool)
            if value is None and key == "planned_share":
                ok = True
            if not ok:
                raise ValidationError({where: f"Expected a {kind.__name__}, got {value!r}."})
        missing = [f for f in required if f not in row]
        if missing:
            raise ValidationError({f"variants[{i}].{missing[0]}": "This field is required."})
        if metric == MetricKind.BINARY:
            arms.append(stats.BinaryVariant(**row))
        else:
            arms.append(stats.ContinuousVariant(**row))
    return arms


def _stats_error(error: stats.StatsInputError) -> ValidationError:
    label = f"{error.variant}: " if error.variant else ""
    return ValidationError({error.field: f"{label}{error.message}"})


@router.post(
    "/analyze",
    response={200: AnalysisOut, **ERRORS},
    summary="Analyse variant data statelessly (nothing is stored)",
)
def analyze(request: HttpRequest, payload: AnalyzeIn) -> Any:
    member(request, "experiments.view")
    try:
        criterion = stats.SuccessCriterion(**payload.criterion.dict())
        result = stats.analyze(
            _arms(payload.metric, payload.variants),
            criterion,
            sequential=payload.sequential,
            sequential_tau=payload.sequential_tau,
            planned_users=payload.planned_users,
        )
    except stats.StatsInputError as error:
        raise _stats_error(error) from None
    return result.to_dict()


@router.post(
    "/sample-size",
    response={200: SampleSizeOut, **ERRORS},
    summary="Users needed per variant to detect a minimum effect",
)
def sample_size(request: HttpRequest, payload: SampleSizeIn) -> Any:
    member(request, "experiments.view")
    try:
        plan = stats.sample_size(**payload.dict())
    except stats.StatsInputError as error:
        raise _stats_error(error) from None
    return plan.to_dict()
