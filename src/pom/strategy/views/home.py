"""The strategy home: the product vision, the ranked bets and the strategy settings."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from pom.core.web import PomRequest, form_status, member_view, render_page, save_form
from pom.strategy import queries, services
from pom.strategy.forms import BetForm, SettingsForm, VisionForm
from pom.strategy.models import BetStatus, Cycle, Outcome, OutcomeStatus, ProductVision
from pom.strategy.views.common import _ctx


def _home_context(request: PomRequest, **forms: Any) -> dict[str, Any]:
    org_id = request.membership.organization_id
    settings = queries.strategy_settings(org_id)
    vision = ProductVision.objects.for_org(org_id).first()
    all_bets = list(queries.bets(org_id))
    return _ctx(
        request,
        vision=vision,
        bets=[b for b in all_bets if b.status == BetStatus.ACTIVE],
        other_bets=[b for b in all_bets if b.status != BetStatus.ACTIVE],
        findings=queries.portfolio_findings(org_id, settings),
        settings=settings,
        cycles=list(Cycle.objects.for_org(org_id)[:6]),
        outcome_counts=Outcome.objects.for_org(org_id).aggregate(
            total=Count("id"),
            committed=Count("id", filter=Q(status=OutcomeStatus.COMMITTED)),
            draft=Count("id", filter=Q(status=OutcomeStatus.DRAFT)),
        ),
        stale=queries.stale_count(org_id, settings.stale_after_days),
        vision_form=forms.get("vision_form")
        or VisionForm(
            initial={"statement": vision.statement, "horizon": vision.horizon} if vision else None
        ),
        bet_form=forms.get("bet_form") or BetForm(),
        settings_form=forms.get("settings_form")
        or SettingsForm(
            initial={
                name: getattr(settings, name)
                for name in (
                    "stale_after_days",
                    "max_active_bets",
                    "max_outcomes_per_team",
                    "max_teams_per_outcome",
                )
            }
        ),
    )


@member_view("strategy.view")
def index(request: PomRequest) -> HttpResponse:
    return render_page(request, "strategy/index.html", _home_context(request))


@member_view("strategy.manage")
@require_POST
def vision(request: PomRequest) -> HttpResponse:
    form = VisionForm(request.POST)
    if saved := save_form(
        request,
        form,
        lambda data: services.save_vision(request.membership, **data),
        success="Vision saved.",
        to="strategy:index",
    ):
        return saved
    context = _home_context(request, vision_form=form)
    return render_page(request, "strategy/index.html", context, status=form_status(request, form))


@member_view("strategy.manage")
@require_POST
def settings_page(request: PomRequest) -> HttpResponse:
    form = SettingsForm(request.POST)
    if saved := save_form(
        request,
        form,
        lambda data: services.update_settings(request.membership, **data),
        success="Strategy settings saved.",
        to="strategy:index",
    ):
        return saved
    context = _home_context(request, settings_form=form)
    return render_page(request, "strategy/index.html", context, status=form_status(request, form))
