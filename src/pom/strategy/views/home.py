"""The strategy home: the product vision, the ranked bets and the strategy settings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from pom.core.web import PomRequest, apply_errors, member_view, render_page
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
    if form.is_valid():
        try:
            services.save_vision(request.membership, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Vision saved.")
            return redirect("strategy:index")
    return render_page(
        request, "strategy/index.html", _home_context(request, vision_form=form), status=400
    )


@member_view("strategy.manage")
@require_POST
def settings_page(request: PomRequest) -> HttpResponse:
    form = SettingsForm(request.POST)
    if form.is_valid():
        try:
            services.update_settings(request.membership, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Strategy settings saved.")
            return redirect("strategy:index")
    return render_page(
        request, "strategy/index.html", _home_context(request, settings_form=form), status=400
    )
