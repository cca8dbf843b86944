"""Check-ins: record progress on an outcome, and a team's outcomes to check in on."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse

from pom.core.lookup import get_for_member
from pom.core.permissions import can, require
from pom.core.web import PomRequest, form_status, member_view, render_page, save_form
from pom.strategy import queries, services
from pom.strategy.forms import CheckInForm
from pom.strategy.models import CheckIn, Outcome, OutcomeCommitment, OutcomeStatus
from pom.strategy.views.common import _ctx
from pom.teams.models import Team


@member_view()
def check_in(request: PomRequest, pk: int) -> HttpResponse:
    actor = request.membership
    outcome = get_for_member(Outcome, request, pk=pk, select_related=["owner_team"])
    require(actor, "strategy.check_in", outcome)
    form = CheckInForm(
        request.POST or None,
        initial={"value": outcome.current_value, "confidence": outcome.last_confidence},
        guardrails=outcome.guardrails or [],
    )
    if saved := save_form(
        request,
        form,
        lambda data: services.record_check_in(actor, outcome, **form.service_data()),
        success=f"Checked in on “{outcome.title}”.",
        to=lambda check_in: _after_check_in(request, check_in, outcome),
    ):
        return saved
    context = _ctx(request, outcome=outcome, form=form)
    return render_page(
        request, "strategy/check_in.html", context, status=form_status(request, form)
    )


def _after_check_in(request: PomRequest, check_in: CheckIn, outcome: Outcome) -> str:
    """What the linter noticed in the commentary, as warnings under the success message."""
    for finding in check_in.commentary_findings:
        messages.warning(request, f"{finding.message} {finding.suggestion}")
    return reverse("strategy:outcome", args=[outcome.pk])


@member_view("strategy.view")
def team_outcomes(request: PomRequest, slug: str) -> HttpResponse:
    """A team's outcomes and commitments, each one click from its check-in form."""
    actor = request.membership
    team = get_for_member(Team, actor, slug=slug)
    settings = queries.strategy_settings(actor.organization_id)
    committed_ids = (
        OutcomeCommitment.objects.for_member(actor).filter(team=team).values("outcome_id")
    )
    rows = list(
        Outcome.objects.for_member(actor)
        .filter(Q(owner_team=team) | Q(pk__in=committed_ids))
        .filter(status__in=(OutcomeStatus.DRAFT, OutcomeStatus.COMMITTED))
        .select_related("owner_team")
        .order_by("title")[:100]
    )
    today = queries.today()
    # Every row is owned by or committed to this team, so whoever works on the team checks in.
    team_checks_in = can(actor, "strategy.outcome", team)
    for o in rows:
        o.stale = o.is_stale(today, settings.stale_after_days)  # type: ignore[attr-defined]
        o.can_check_in = team_checks_in  # type: ignore[attr-defined]
    context = _ctx(request, team=team, rows=rows, stale_days=settings.stale_after_days)
    return render_page(request, "strategy/team_outcomes.html", context)
