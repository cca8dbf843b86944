"""The transformation home: where the journey stands, starting with readiness."""

from __future__ import annotations

from django.http import HttpResponse

from pom.core.permissions import can
from pom.core.web import PomRequest, member_view
from pom.transformation import pattern_facts, queries, readiness
from pom.transformation.models import Blocker, BlockerStatus, Objection, ObjectionStatus, Wave
from pom.transformation.views.common import render

HOME_CANDIDATES = 3


@member_view("transformation.view")
def index(request: PomRequest) -> HttpResponse:
    actor = request.membership
    latest, before = queries.latest_two(actor)
    board = queries.pilot_board(actor, latest=latest, kept=True)
    context = {
        "board": board,
        "top": [c for c in board.candidates if not c.choice][:HOME_CANDIDATES],
        "latest": latest,
        "result": readiness.assess(latest) if latest else None,
        "before": before,
        "changes": readiness.compare(before, latest) if latest and before else [],
        "waves": Wave.objects.for_member(actor).count(),
        "open_blockers": Blocker.objects.for_member(actor)
        .exclude(status=BlockerStatus.RESOLVED)
        .count(),
        "open_objections": Objection.objects.for_member(actor)
        .filter(status__in=[ObjectionStatus.OPEN, ObjectionStatus.RESPONDING])
        .count(),
        "can_manage": can(actor, "transformation.manage"),
        "patterns": pattern_facts.home_summary(actor),
        "pulse": queries.pulses(actor).first(),
        "section": "home",
    }
    return render(request, "transformation/index.html", context)
