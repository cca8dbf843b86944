"""Domain operations on assumptions and assumption tests: every write goes through here.

Each function takes the acting membership explicitly, checks ``experiments.edit`` against the
team that owns the work, validates everything before writing anything, and runs in one
transaction — bad input raises ``ValidationError`` naming the field, and nothing is stored.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from pom.accounts.models import Membership
from pom.core.permissions import can
from pom.core.validation import Bounds, conflict
from pom.discovery import services as discovery
from pom.discovery.models import Solution, SolutionStatus
from pom.experiments import preregistration, stats
from pom.experiments.models import (
    CONFIDENCE_LEVEL,
    COUNT,
    CRITERION_FIELDS,
    MEAN,
    PLANNED_USERS,
    SD,
    SHARE,
    THRESHOLD,
    Assumption,
    AssumptionStatus,
    AssumptionTest,
    CriterionDirection,
    CriterionKind,
    ExperimentVariant,
    MetricKind,
    RiskType,
    TestDecision,
    TestMethod,
    TestResult,
    TestStatus,
)
from pom.teams.models import Team

UPDATABLE_ASSUMPTION = ("statement", "risk_type", "importance", "evidence_strength", "status")
RESULT_TO_STATUS = {
    TestResult.SUPPORTED: AssumptionStatus.SUPPORTED,
    TestResult.REFUTED: AssumptionStatus.REFUTED,
    TestResult.INCONCLUSIVE: AssumptionStatus.INCONCLUSIVE,
}
MAX_VARIANTS = 10


def require_team(actor: Membership, team: Team) -> None:
    if not can(actor, "experiments.edit", team):
        raise PermissionDenied(f"Only members of {team.name} (or leaders) can change its tests.")


def _choice(value: Any, choices: Any, field: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: f"{value!r} is not one of: {', '.join(choices.values)}."})
    return str(value)


def _text(value: Any, field: str, *, required: bool, limit: int, label: str) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: f"{label} cannot be empty."})
    if len(value) > limit:
        raise ValidationError({field: f"Keep {label.lower()} under {limit:,} characters."})
    return str(value)


def _scale(value: Any, field: str, label: str) -> int:
    message = f"{label}: use a whole number from 1 to 5."
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValidationError({field: message})
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: message}) from None
    if not 1 <= number <= 5:
        raise ValidationError({field: message})
    return number


def _stats_error(error: stats.StatsInputError, prefix: str = "") -> ValidationError:
    field = error.field.replace("criterion.", "criterion_")
    return ValidationError({prefix + field if prefix else field: error.message})


# --- Assumptions --------------------------------------------------------------------------------


@transaction.atomic
def create_assumption(
    actor: Membership,
    *,
    solution: Any,
    statement: str,
    risk_type: str,
    importance: Any,
    evidence_strength: Any,
) -> Assumption:
    """Name something that must be true for ``solution`` to work."""
    sol = discovery.resolve(Solution, actor, solution, "solution")
    if sol is None:
        raise ValidationError({"solution": "Say which solution this assumption is behind."})
    require_team(actor, sol.team)
    assumption = Assumption(
        organization_id=actor.organization_id,
        solution=sol,
        statement=_text(statement, "statement", required=True, limit=500, label="Statement"),
        risk_type=_choice(risk_type, RiskType, "risk_type"),
        importance=_scale(importance, "importance", "Importance"),
        evidence_strength=_scale(evidence_strength, "evidence_strength", "Evidence strength"),
        created_by=actor.user,
    )
    assumption.save()
    return assumption


@transaction.atomic
def update_assumption(actor: Membership, assumption: Assumption, **changes: Any) -> Assumption:
    require_team(actor, assumption.solution.team)
    unknown = set(changes) - set(UPDATABLE_ASSUMPTION)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: "This field cannot be changed here."})
    if "statement" in changes:
        assumption.statement = _text(
            changes["statement"], "statement", required=True, limit=500, label="Statement"
        )
    if "risk_type" in changes:
        assumption.risk_type = _choice(changes["risk_type"], RiskType, "risk_type")
    if "importance" in changes:
        assumption.importance = _scale(changes["importance"], "importance", "Importance")
    if "evidence_strength" in changes:
        assumption.evidence_strength = _scale(
            changes["evidence_strength"], "evidence_strength", "Evidence strength"
        )
    if "status" in changes:
        assumption.status = _choice(changes["status"], AssumptionStatus, "status")
    assumption.save()
    return assumption


@transaction.atomic
def delete_assumption(actor: Membership, assumption: Assumption) -> None:
    require_team(actor, assumption.solution.team)
    assumption.delete()


# --- Tests --------------------------------------------------------------------------------------


def _assumptions(actor: Membership, values: Iterable[Any], team: Team) -> list[Assumption]:
    found = []
    for value in values or ():
        a = discovery.resolve(Assumption, actor, value, "assumptions")
        assert a is not None
        if a.solution.team_id != team.pk:
            raise ValidationError(
                {"assumptions": f"“{a.statement[:60]}” belongs to another team's solution."}
            )
        found.append(a)
    return found


def _check_criterion(test: AssumptionTest) -> None:
    try:
        test.criterion()
    except stats.StatsInputError as error:
        raise _stats_error(error) from None


def _apply_test_fields(test: AssumptionTest, data: Mapping[str, Any]) -> None:
    if "title" in data:
        test.title = _text(data["title"], "title", required=True, limit=200, label="Title")
    if "method" in data:
        test.method = _choice(data["method"], TestMethod, "method")
    if "hypothesis" in data:
        test.hypothesis = _text(
            data["hypothesis"], "hypothesis", required=True, limit=5000, label="Hypothesis"
        )
    if "success_criterion" in data:
        test.success_criterion = _text(
            data["success_criterion"],
            "success_criterion",
            required=True,
            limit=5000,
            label="Success criterion",
        )
    if "metric_name" in data:
        test.metric_name = _text(
            data["metric_name"], "metric_name", required=False, limit=120, label="Metric name"
        )
    if "metric_kind" in data:
        kind = data["metric_kind"] or ""
        test.metric_kind = _choice(kind, MetricKind, "metric_kind") if kind else ""
    if "criterion_direction" in data:
        test.criterion_direction = _choice(
            data["criterion_direction"], CriterionDirection, "criterion_direction"
        )
    if "criterion_kind" in data:
        test.criterion_kind = _choice(data["criterion_kind"], CriterionKind, "criterion_kind")
    for field, bounds in (
        ("criterion_threshold", THRESHOLD),
        ("criterion_confidence", CONFIDENCE_LEVEL),
    ):
        if field in data:
            number = bounds.clean(data[field], field)
            if number is None:
                raise ValidationError({field: "Enter a number."})
            setattr(test, field, float(number))
    if "sequential" in data:
        test.sequential = bool(data["sequential"])
    if "planned_users" in data:
        value = data["planned_users"]
        if value in (None, ""):
            test.planned_users = None
        else:
            test.planned_users = PLANNED_USERS.clean(value, "planned_users")
    for field in ("planned_start", "planned_end"):
        if field in data:
            setattr(test, field, data[field] or None)
    for field in ("rationale", "learnings"):
        if field in data:
            setattr(
                test,
                field,
                _text(data[field], field, required=False, limit=20_000, label=field.title()),
            )
    if test.planned_start and test.planned_end and test.planned_end < test.planned_start:
        raise ValidationError({"planned_end": "The planned end is before the planned start."})
    if test.is_experiment and not test.metric_kind:
        raise ValidationError(
            {"metric_kind": "An A/B experiment needs a metric kind (conversion or numeric)."}
        )
    _check_criterion(test)
    if test.is_experiment:
        why = preregistration.disagreement(
            test.success_criterion, test.criterion(), test.metric_kind
        )
        if why:
            raise ValidationError({"success_criterion": why})


@transaction.atomic
def create_test(
    actor: Membership,
    *,
    team: Any,
    title: str,
    method: str,
    hypothesis: str,
    success_criterion: str,
    assumptions: Iterable[Any] = (),
    variants: Sequence[Mapping[str, Any]] | None = None,
    **fields: Any,
) -> AssumptionTest:
    """Plan a test: what it checks, how, and — before it starts — what counts as success.

    ``fields`` are the optional settings (metric, structured criterion, planned dates and
    sample). An A/B experiment without ``variants`` starts with a control and one treatment.
    """
    team_obj = discovery.resolve(Team, actor, team, "team")
    if team_obj is None:
        raise ValidationError({"team": "Say which team runs this test."})
    require_team(actor, team_obj)
    unknown = set(fields) - set(CRITERION_FIELDS) - {"planned_start", "planned_end"}
    if unknown:
        raise ValidationError({sorted(unknown)[0]: "Unknown field."})
    test = AssumptionTest(
        organization_id=actor.organization_id, team=team_obj, created_by=actor.user
    )
    _apply_test_fields(
        test,
        {
            "title": title,
            "method": method,
            "hypothesis": hypothesis,
            "success_criterion": success_criterion,
            **fields,
        },
    )
    linked = _assumptions(actor, assumptions, team_obj)
    test.save()
    test.assumptions.set(linked)
    if test.is_experiment:
        _replace_variants(actor, test, variants or [{"name": "Control"}, {"name": "Treatment"}])
    elif variants:
        raise ValidationError({"variants": "Only A/B experiments have variants."})
    return test


@transaction.atomic
def update_test(actor: Membership, test: AssumptionTest, **changes: Any) -> AssumptionTest:
    """Change a test; the hypothesis and criterion are frozen once it has started."""
    require_team(actor, test.team)
    if test.status == TestStatus.CONCLUDED:
        allowed = {"learnings", "rationale"}
        blocked = sorted(set(changes) - allowed)
        if blocked:
            raise ValidationError(
                {blocked[0]: "This test is concluded; only its learnings and rationale can change."}
            )
    elif test.criterion_locked:
        for field in CRITERION_FIELDS:
            if field in changes and changes[field] != getattr(test, field):
                raise conflict(
                    field,
                    "The success criterion was locked when the test started; "
                    "changing it now would move the goalposts. Plan a new test instead.",
                )
        if "method" in changes and changes["method"] != test.method:
            raise conflict("method", "The method cannot change once the test has started.")
    assumptions = changes.pop("assumptions", None)
    _apply_test_fields(test, changes)
    test.save()
    if assumptions is not None:
        test.assumptions.set(_assumptions(actor, assumptions, test.team))
    if test.is_experiment and not test.variants.exists():
        _replace_variants(actor, test, [{"name": "Control"}, {"name": "Treatment"}])
    return test


@transaction.atomic
def delete_test(actor: Membership, test: AssumptionTest) -> None:
    require_team(actor, test.team)
    test.delete()


@transaction.atomic
def start_test(actor: Membership, test: AssumptionTest) -> AssumptionTest:
    """Start the test: its hypothesis and success criterion are locked from now on."""
    require_team(actor, test.team)
    if test.status != TestStatus.PLANNED:
        raise ValidationError(
            {"status": f"The test is already {test.get_status_display().lower()}."}
        )
    if test.is_experiment and test.variants.count() < 2:
        raise ValidationError({"variants": "An experiment needs at least two variants."})
    test.status = TestStatus.RUNNING
    test.started_at = timezone.now()
    test.save(update_fields=["status", "started_at", "updated_at"])
    test.assumptions.filter(status=AssumptionStatus.UNTESTED).update(
        status=AssumptionStatus.TESTING
    )
    return test


# --- Variants and their data --------------------------------------------------------------------

VARIANT_FIELDS = ("name", "planned_share", "users", "conversions", "n", "mean", "sd")
RESULT_FIELDS = ("users", "conversions", "n", "mean", "sd")
NO_DATA_BEFORE_START = (
    "No result data before the test starts: start it first, so that its success criterion is "
    "locked before any data arrives."
)


def _number(value: Any, field: str, bounds: Bounds) -> Any:
    number = bounds.clean(value, field)
    return number if number is None or bounds.kind == "int" else float(number)


def _clean_variants(
    test: AssumptionTest, rows: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    if isinstance(rows, str | bytes) or len(rows) < 2:
        raise ValidationError(
            {"variants": "An experiment needs at least two variants (control first)."}
        )
    if len(rows) > MAX_VARIANTS:
        raise ValidationError({"variants": f"At most {MAX_VARIANTS} variants."})
    binary = test.metric_kind == MetricKind.BINARY
    cleaned: list[dict[str, Any]] = []
    names: set[str] = set()
    for i, row in enumerate(rows):
        prefix = f"variants[{i}]"
        unknown = set(row) - set(VARIANT_FIELDS)
        if unknown:
            raise ValidationError({f"{prefix}.{sorted(unknown)[0]}": "Unknown field."})
        name = _text(
            row.get("name"), f"{prefix}.name", required=True, limit=80, label="Variant name"
        )
        if name in names:
            raise ValidationError({f"{prefix}.name": f"Two variants are called {name!r}."})
        names.add(name)
        item: dict[str, Any] = {"name": name, "position": i}
        item["planned_share"] = _number(row.get("planned_share"), f"{prefix}.planned_share", SHARE)
        if binary:
            item["users"] = _number(row.get("users"), f"{prefix}.users", COUNT)
            item["conversions"] = _number(row.get("conversions"), f"{prefix}.conversions", COUNT)
            given = [item["users"], item["conversions"]]
        else:
            item["n"] = _number(row.get("n"), f"{prefix}.n", COUNT)
            item["mean"] = _number(row.get("mean"), f"{prefix}.mean", MEAN)
            item["sd"] = _number(row.get("sd"), f"{prefix}.sd", SD)
            given = [item["n"], item["mean"], item["sd"]]
        if any(v is not None for v in given) and any(v is None for v in given):
            need = "users and conversions" if binary else "n, mean and standard deviation"
            raise ValidationError({prefix: f"{name}: give {need} together (or leave all empty)."})
        cleaned.append(item)
    _validate_with_stats(test, cleaned)
    return cleaned


def _validate_with_stats(test: AssumptionTest, rows: list[dict[str, Any]]) -> None:
    """Run the statistics module's own checks on every arm that has data, naming the arm."""
    shares = [r["planned_share"] for r in rows]
    if any(s is None for s in shares) and not all(s is None for s in shares):
        raise ValidationError(
            {"planned_share": "Give a planned share for every variant or for none."}
        )
    for i, row in enumerate(rows):
        arm = _stats_variant(test, row)
        if arm is None:
            continue
        twin = dataclasses.replace(arm, name=arm.name + " (check)")
        try:
            stats.validate_variants([arm, twin])
        except stats.StatsInputError as error:
            field = error.field.replace("variants[0]", f"variants[{i}]")
            raise ValidationError({field: f"{row['name']}: {error.message}"}) from None


def _stats_variant(test: AssumptionTest, row: Mapping[str, Any]) -> stats.Variant | None:
    if test.metric_kind == MetricKind.BINARY:
        if row.get("users") is None:
            return None
        return stats.BinaryVariant(
            row["name"], row["users"], row["conversions"], row.get("planned_share")
        )
    if row.get("n") is None:
        return None
    return stats.ContinuousVariant(
        row["name"], row["n"], row["mean"], row["sd"], row.get("planned_share")
    )


def _replace_variants(
    actor: Membership, test: AssumptionTest, rows: Sequence[Mapping[str, Any]]
) -> None:
    """Write the cleaned rows over the existing variants (updated in place, so ids and the
    audit trail stay meaningful), adding or removing variants at the end."""
    cleaned = _clean_variants(test, rows)
    existing = list(test.variants.order_by("position", "id"))
    fields = ("name", "position", "planned_share", "users", "conversions", "n", "mean", "sd")
    for i, row in enumerate(cleaned):
        if i < len(existing):
            variant = existing[i]
            for f in fields:
                setattr(variant, f, row.get(f))
        else:
            variant = ExperimentVariant(organization_id=actor.organization_id, test=test, **row)
        if i < len(existing) and any(
            existing[j].name == row["name"] for j in range(i + 1, len(existing))
        ):
            # A later variant still holds this name: free it first (names are unique per test).
            holder = next(v for v in existing[i + 1 :] if v.name == row["name"])
            holder.name = f"{holder.name} ({holder.pk})"
            holder.save(update_fields=["name"])
        variant.save()
    for extra in existing[len(cleaned) :]:
        extra.delete()


@transaction.atomic
def set_variants(
    actor: Membership, test: AssumptionTest, rows: Sequence[Mapping[str, Any]]
) -> AssumptionTest:
    """Replace the experiment's variants and their data (control first)."""
    require_team(actor, test.team)
    if not test.is_experiment:
        raise ValidationError({"variants": "Only A/B experiments have variants."})
    if test.status == TestStatus.CONCLUDED:
        raise conflict("variants", "The test is concluded; its data is final.")
    if test.status == TestStatus.PLANNED and any(
        row.get(f) not in (None, "") for row in rows for f in RESULT_FIELDS
    ):
        raise conflict("variants", NO_DATA_BEFORE_START)
    if test.status == TestStatus.RUNNING:
        existing = list(test.variants.values_list("name", flat=True))
        if [str(r.get("name", "")).strip() for r in rows] != existing:
            raise ValidationError(
                {"variants": "The variants of a running test are fixed; update their data only."}
            )
        # The planned split is part of the design: a running test keeps the one it started with.
        shares = list(test.variants.values_list("planned_share", flat=True))
        rows = [{**r, "planned_share": s} for r, s in zip(rows, shares, strict=True)]
    _replace_variants(actor, test, rows)
    return test


@transaction.atomic
def upload_values(actor: Membership, test: AssumptionTest, text: str) -> AssumptionTest:
    """Summarise a CSV of ``variant,value`` rows (one per user) into each variant's n, mean and sd."""
    require_team(actor, test.team)
    if not test.is_experiment or test.metric_kind != MetricKind.CONTINUOUS:
        raise ValidationError({"csv": "Only numeric A/B experiments take per-user values."})
    if test.status == TestStatus.PLANNED:
        raise conflict("csv", NO_DATA_BEFORE_START)
    try:
        summaries = stats.parse_values_csv(text)
    except stats.StatsInputError as error:
        label = f" ({error.variant})" if error.variant else ""
        raise ValidationError({"csv": f"{error.message}{label}"}) from None
    variants = list(test.variants.all())
    known = {v.name for v in variants}
    unknown = sorted(set(summaries) - known)
    if unknown:
        raise ValidationError(
            {
                "csv": f"No variant called {unknown[0]!r}; the variants are {', '.join(sorted(known))}."
            }
        )
    rows = []
    for v in variants:
        row: dict[str, Any] = {
            "name": v.name,
            "planned_share": v.planned_share,
            "n": v.n,
            "mean": v.mean,
            "sd": v.sd,
        }
        if v.name in summaries:
            s = summaries[v.name]
            row.update(n=s.n, mean=s.mean, sd=s.sd)
        rows.append(row)
    return set_variants(actor, test, rows)


def analysis_for(test: AssumptionTest) -> stats.Analysis | None:
    """The statistical read-out of an experiment, or None until every arm has data."""
    if not test.is_experiment or not test.metric_kind:
        return None
    arms = [v.as_stats(test.metric_kind) for v in test.variants.all()]
    if len(arms) < 2 or any(a is None for a in arms):
        return None
    try:
        return stats.analyze(
            [a for a in arms if a is not None],
            test.criterion(),
            sequential=test.sequential,
            planned_users=test.planned_users,
        )
    except stats.StatsInputError:
        return None


# --- Concluding ---------------------------------------------------------------------------------


@transaction.atomic
def conclude_test(
    actor: Membership,
    test: AssumptionTest,
    *,
    result: str,
    decision: str,
    rationale: str,
    learnings: str = "",
    decided_on: date | None = None,
) -> AssumptionTest:
    """End a running test with its result and the decision it led to.

    The assumptions take the result as their status; the decision goes into the decision log
    (linked to the test and its solution); a refuted *value* assumption followed by a pivot or
    a kill discards the solution in the opportunity tree.
    """
    require_team(actor, test.team)
    if test.status != TestStatus.RUNNING:
        raise ValidationError({"status": "Only a running test can be concluded; start it first."})
    result = _choice(result, TestResult, "result")
    decision = _choice(decision, TestDecision, "decision")
    rationale = _text(rationale, "rationale", required=True, limit=20_000, label="Rationale")
    test.result = result
    test.decision = decision
    test.rationale = rationale
    test.learnings = _text(learnings, "learnings", required=False, limit=20_000, label="Learnings")
    test.status = TestStatus.CONCLUDED
    test.concluded_at = timezone.now()
    assumptions = list(test.assumptions.select_related("solution", "solution__team"))
    solutions = {a.solution_id: a.solution for a in assumptions}
    record = discovery.record_decision(
        actor,
        title=f"{TestDecision(decision).label}: {test.title} ({TestResult(result).label.lower()})",
        rationale=rationale,
        decided_on=decided_on,
        team=test.team,
        solution=next(iter(solutions.values()), None),
        subject=test,
    )
    test.decision_record = record
    test.save()
    status = RESULT_TO_STATUS[TestResult(result)]
    for a in assumptions:
        a.status = status
        a.save(update_fields=["status", "updated_at"])
    if result == TestResult.REFUTED and decision in (TestDecision.PIVOT, TestDecision.KILL):
        for a in assumptions:
            sol = solutions[a.solution_id]
            if a.risk_type == RiskType.VALUE and sol.status != SolutionStatus.DISCARDED:
                discovery.update_solution(actor, sol, status=SolutionStatus.DISCARDED)
    return test
