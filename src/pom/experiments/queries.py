"""Reads of assumptions and tests shared by pages, the API and other pillars (fixed query counts)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse

from pom.accounts.models import Membership
from pom.experiments.models import (
    CRITERION_FIELDS,
    RISKY_EVIDENCE,
    RISKY_IMPORTANCE,
    Assumption,
    AssumptionStatus,
    AssumptionTest,
    RiskType,
    TestStatus,
)


def overdue_q(today: date) -> Q:
    """Tests still running after their planned end: conclude them, or say why they run on."""
    return Q(status=TestStatus.RUNNING, planned_end__lt=today)


def risky_untested_q() -> Q:
    """Assumptions in the risky quadrant (important, little evidence) that no test has taken up."""
    return Q(
        importance__gte=RISKY_IMPORTANCE,
        evidence_strength__lte=RISKY_EVIDENCE,
        status=AssumptionStatus.UNTESTED,
    )


def assumptions_for(
    membership: Membership,
    *,
    solution: int | None = None,
    outcome: int | None = None,
    team: int | None = None,
    risk_type: str | None = None,
) -> QuerySet[Assumption]:
    """Assumptions of the organization, narrowed to a solution, an outcome's tree or a team."""
    qs = Assumption.objects.for_member(membership).select_related("solution")
    if solution:
        qs = qs.filter(solution_id=solution)
    if outcome:
        qs = qs.filter(solution__opportunity__outcome_id=outcome)
    if team:
        qs = qs.filter(solution__team_id=team)
    if risk_type and risk_type in RiskType.values:
        qs = qs.filter(risk_type=risk_type)
    return qs


def mapped_outcomes(membership: Membership) -> list[tuple[int, str]]:
    """Outcomes whose opportunity tree has assumptions: the choices of the map's outcome filter."""
    rows = (
        Assumption.objects.for_member(membership)
        .filter(solution__opportunity__outcome__isnull=False)
        .order_by("solution__opportunity__outcome__title")
        .values_list("solution__opportunity__outcome_id", "solution__opportunity__outcome__title")
        .distinct()
    )
    return list(rows)


def tests_for(
    membership: Membership, *, team: int | None = None, status: str | None = None
) -> QuerySet[AssumptionTest]:
    qs = (
        AssumptionTest.objects.for_member(membership)
        .select_related("team")
        .prefetch_related(
            Prefetch("assumptions", queryset=Assumption.objects.order_by("id")),
            "variants",
        )
    )
    if team:
        qs = qs.filter(team_id=team)
    if status and status in TestStatus.values:
        qs = qs.filter(status=status)
    return qs


def board(base: QuerySet[AssumptionTest], *, per_column: int = 50) -> dict[str, Any]:
    """The tests board of ``base`` (tests already scoped and filtered): the newest ``per_column`` of
    each status and how many there are.

    A fixed number of queries however many tests exist: one count, then one page of cards
    (with their assumption and variant counts) per column.
    """
    counts = {
        row["status"]: row["n"] for row in base.order_by().values("status").annotate(n=Count("id"))
    }
    columns = {}
    cards = (
        base.select_related("team")
        .only(
            "id",
            "title",
            "method",
            "status",
            "result",
            "decision",
            "planned_end",
            "team__id",
            "team__name",
        )
        .annotate(
            n_assumptions=Count("assumptions", distinct=True),
            n_variants=Count("variants", distinct=True),
        )
    )
    for status in TestStatus.values:
        tests = list(cards.filter(status=status)[:per_column])
        columns[status] = {"tests": tests, "total": counts.get(status, 0)}
    return columns


def tree_level(membership: Membership, outcome_id: int, day: date) -> dict[int, dict[str, Any]]:
    """The fourth level of an outcome's opportunity solution tree, by solution id: how many
    assumptions the solution rests on (and how many nobody has tested yet) and the tests of them,
    each with its status and verdict in words. Two queries however big the tree."""
    tests = AssumptionTest.objects.for_member(membership).order_by("id")
    assumptions = (
        Assumption.objects.for_member(membership)
        .filter(solution__opportunity__outcome_id=outcome_id)
        .order_by("id")
        .only("id", "solution_id", "status")
        .prefetch_related(Prefetch("tests", queryset=tests))
    )
    by_solution: dict[int, dict[str, Any]] = {}
    for assumption in assumptions:
        entry = by_solution.setdefault(
            assumption.solution_id, {"assumptions": 0, "untested": 0, "tests": {}}
        )
        entry["assumptions"] += 1
        if assumption.status == AssumptionStatus.UNTESTED:
            entry["untested"] += 1
        for test in assumption.tests.all():
            row = entry["tests"].get(test.pk)
            if row is None:
                entry["tests"][test.pk] = row = _tree_test(test, day) | {"assumptions": 0}
            row["assumptions"] += 1
    for entry in by_solution.values():
        entry["tests"] = sorted(entry["tests"].values(), key=lambda row: row["id"])
    return by_solution


def _tree_test(test: AssumptionTest, day: date) -> dict[str, Any]:
    return {
        "id": test.pk,
        "title": test.title,
        "status": test.status,
        "status_label": test.get_status_display(),
        "method_label": test.get_method_display(),
        "result": test.result,
        "result_label": test.get_result_display() if test.result else "",
        "decision": test.decision,
        "decision_label": test.get_decision_display() if test.decision else "",
        "overdue": bool(
            test.status == TestStatus.RUNNING and test.planned_end and test.planned_end < day
        ),
        "planned_end": test.planned_end,
        "url": reverse("experiments:test", args=[test.pk]),
    }


def refuted_value_solution_ids(membership: Membership) -> set[int]:
    """Solutions with a refuted value assumption: the opportunity tree can mark them."""
    return set(
        Assumption.objects.for_member(membership)
        .filter(risk_type=RiskType.VALUE, status=AssumptionStatus.REFUTED)
        .values_list("solution_id", flat=True)
    )


def criterion_history(test: AssumptionTest) -> list[dict[str, Any]]:
    """How the pre-registered criterion was written and changed before the start, from the
    audit log (one query): each entry says when, who, and which criterion field moved from what
    to what. After the start the criterion is locked, so nothing later can appear."""
    from pom.core.models import AuditEvent

    labels = {
        f: getattr(AssumptionTest._meta.get_field(f), "verbose_name", f) for f in CRITERION_FIELDS
    }
    events = AuditEvent.objects.filter(
        organization_id=test.organization_id,
        object_type=str(AssumptionTest._meta.verbose_name).title(),
        object_id=str(test.pk),
        action__in=(AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE),
    ).order_by("created_at", "id")
    history = []
    for e in events:
        changes = [
            {"label": str(labels[f]).capitalize(), "before": pair[0], "after": pair[1]}
            for f, pair in (e.changes or {}).items()
            if f in labels and isinstance(pair, list) and len(pair) == 2
        ]
        if changes:
            history.append(
                {
                    "at": e.created_at,
                    "who": e.actor_label,
                    "created": e.action == AuditEvent.Action.CREATE,
                    "changes": changes,
                }
            )
    return history
