"""What the experiments show on other pillars' pages: the outcome workspace's *Assumptions and
tests* panel (registered in ``ExperimentsConfig.ready``) — the assumptions under the outcome's
solutions, the riskiest first, and the tests of them. Three queries however many there are."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.template.loader import render_to_string

from pom.core.permissions import can
from pom.experiments.models import Assumption, AssumptionStatus, AssumptionTest, TestStatus
from pom.experiments.queries import risky_untested_q

PANEL_ASSUMPTIONS = 5
PANEL_TESTS = 8


def render_outcome_experiments_panel(request: Any, outcome: Any) -> str:
    actor = getattr(request, "membership", None)
    if actor is None:
        return ""
    assumptions = Assumption.objects.for_member(actor).filter(
        solution__opportunity__outcome_id=outcome.pk
    )
    counts = assumptions.aggregate(
        total=Count("id"),
        risky=Count("id", filter=risky_untested_q()),
        testing=Count("id", filter=Q(status=AssumptionStatus.TESTING)),
        supported=Count("id", filter=Q(status=AssumptionStatus.SUPPORTED)),
        refuted=Count("id", filter=Q(status=AssumptionStatus.REFUTED)),
    )
    riskiest = list(
        assumptions.filter(status__in=(AssumptionStatus.UNTESTED, AssumptionStatus.TESTING))
        .select_related("solution")
        .order_by("-importance", "evidence_strength", "id")[:PANEL_ASSUMPTIONS]
    )
    tests = list(
        AssumptionTest.objects.for_member(actor)
        .filter(
            pk__in=AssumptionTest.objects.for_member(actor)
            .filter(assumptions__solution__opportunity__outcome_id=outcome.pk)
            .values("pk")
        )
        .select_related("team")
        .order_by("status", "-id")[: PANEL_TESTS + 1]
    )
    team = outcome.owner_team
    return render_to_string(
        "experiments/partials/_outcome_panel.html",
        {
            "outcome": outcome,
            "counts": counts,
            "riskiest": riskiest,
            "tests": tests[:PANEL_TESTS],
            "more_tests": len(tests) > PANEL_TESTS,
            "running": TestStatus.RUNNING,
            "can_plan": can(actor, "experiments.edit", team) if team else False,
        },
        request=request,
    )
