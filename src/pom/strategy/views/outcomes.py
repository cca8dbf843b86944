"""Outcomes: the list, the form with its live linter, the outcome page and delete."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core.lookup import get_for_member
from pom.core.permissions import can, require
from pom.core.web import PomRequest, act, form_status, member_view, paginate, render_page, save_form
from pom.strategy import clarity, outcome_panels, queries, services
from pom.strategy.filters import OutcomeFilter, OutcomeStart
from pom.strategy.forms import CommentForm, CommitForm, OutcomeForm, read_guardrails
from pom.strategy.models import Comment, Level, Outcome, OutcomeStatus
from pom.strategy.views.common import _ctx


@member_view("strategy.view")
def outcomes(request: PomRequest) -> HttpResponse:
    org_id = request.membership.organization_id
    settings = queries.strategy_settings(org_id)
    filters = OutcomeFilter.from_request(
        request, queries.outcomes(org_id), org_id=org_id, stale_days=settings.stale_after_days
    )
    page = paginate(request, filters.qs.order_by("title", "id"))
    today = queries.today()
    for o in page.object_list:
        o.stale = o.is_stale(today, settings.stale_after_days)
    context = _ctx(
        request,
        page=page,
        filters=filters.values,
        statuses=OutcomeStatus.choices,
        levels=Level.choices,
        bet_choices=list(queries.active_bets(org_id)),
        attention_choices=queries.ATTENTION,
        stale_days=settings.stale_after_days,
    )
    return render_page(
        request, "strategy/outcomes.html", context, partial="strategy/partials/_outcome_rows.html"
    )


@member_view("strategy.outcome")
def outcome_create(request: PomRequest) -> HttpResponse:
    actor = request.membership
    start = OutcomeStart.from_request(request).values
    initial = {k: v for k, v in (("parent", start["parent"]), ("owner_team", start["team"])) if v}
    form = OutcomeForm(request.POST or None, actor=actor, initial=initial)
    refusals: list[ValidationError] = []
    if saved := save_form(
        request,
        form,
        lambda data: services.create_outcome(actor, **data),
        success="Outcome saved.",
        to=lambda outcome: reverse("strategy:outcome", args=[outcome.pk]),
        refused=refusals.append,
    ):
        return saved
    findings = _posted_findings(request, form, refusals) if form.is_bound else []
    return _outcome_form(request, form, None, findings, checked=form.is_bound)


@member_view()
def outcome_edit(request: PomRequest, pk: int) -> HttpResponse:
    actor = request.membership
    outcome = get_for_member(Outcome, request, pk=pk, select_related=["owner_team"])
    require(actor, "strategy.outcome", outcome)
    form = OutcomeForm(
        request.POST or None,
        actor=actor,
        instance=outcome,
        initial=OutcomeForm.initial_from(outcome),
    )
    refusals: list[ValidationError] = []
    if saved := save_form(
        request,
        form,
        lambda data: services.update_outcome(actor, outcome, **data),
        success="Outcome saved.",
        to=reverse("strategy:outcome", args=[outcome.pk]),
        refused=refusals.append,
    ):
        return saved
    findings = (
        _posted_findings(request, form, refusals)
        if form.is_bound
        else queries.outcome_lint(outcome)
    )
    return _outcome_form(request, form, outcome, findings, checked=True)


def _outcome_form(
    request: PomRequest,
    form: OutcomeForm,
    outcome: Outcome | None,
    findings: list[clarity.Finding],
    *,
    checked: bool,
) -> HttpResponse:
    context = _ctx(
        request,
        form=form,
        outcome=outcome,
        findings=findings,
        summary=clarity.summary(findings),
        checked=checked,
    )
    return render_page(
        request, "strategy/outcome_form.html", context, status=form_status(request, form)
    )


def _posted_findings(
    request: PomRequest, form: OutcomeForm, refusals: list[ValidationError]
) -> list[clarity.Finding]:
    """What a refused post shows: the linter's findings the service refused with, if it did;
    otherwise the live linter's reading of the form, with the guardrails the form parsed."""
    for refusal in refusals:
        if isinstance(refusal, services.UnclearOutcome):
            return refusal.findings
    guardrails = form.cleaned_data.get("guardrails")
    problems = form.errors.get("guardrails") if guardrails is None else None
    return queries.lint_form(
        request.membership, request.POST, guardrails or [], str(problems[0]) if problems else None
    )


@member_view("strategy.view")
@require_POST
def lint(request: PomRequest) -> HttpResponse:
    """The live linter: the outcome form posts here as the person types; findings come back as a partial."""
    guardrails, problem = read_guardrails(request.POST.get("guardrails", ""))
    findings = queries.lint_form(request.membership, request.POST, guardrails, problem)
    return render_page(
        request,
        "strategy/partials/_lint.html",
        {"findings": findings, "summary": clarity.summary(findings), "checked": True},
    )


@member_view("strategy.view")
def outcome(request: PomRequest, pk: int) -> HttpResponse:
    actor = request.membership
    outcome = get_for_member(
        Outcome, request, pk=pk, select_related=["owner_team", "parent", "bet"]
    )
    data = queries.outcome_page(outcome)
    context = _ctx(
        request,
        outcome=outcome,
        data=data,
        summary=clarity.summary(data.findings),
        can_edit=can(actor, "strategy.outcome", outcome),
        can_check_in=can(actor, "strategy.check_in", outcome),
        commit_form=CommitForm(actor=actor, query=request.GET)
        if can(actor, "strategy.outcome")
        else None,
        comments=list(
            Comment.objects.for_member(actor).filter(outcome=outcome).select_related("author")
        ),
        comment_form=CommentForm(),
        guardrails=_with_readings(outcome.guardrails or [], data.check_ins),
        panels=outcome_panels.panels_for(request, outcome),
    )
    return render_page(request, "strategy/outcome.html", context)


def _with_readings(guardrails: list[Any], check_ins: list[Any]) -> list[dict[str, Any]]:
    """Each guardrail with the latest check-in reading of it (check-ins come newest first)."""
    latest: dict[str, Any] = {}
    for c in check_ins:
        for r in c.guardrail_readings or []:
            latest.setdefault(r.get("metric"), r)
    return [
        {**g, "reading": latest.get(str(g.get("metric") or "").strip())}
        for g in guardrails
        if isinstance(g, dict)
    ]


@member_view()
@require_POST
def outcome_delete(request: PomRequest, pk: int) -> HttpResponse:
    outcome = get_for_member(Outcome, request, pk=pk)
    require(request.membership, "strategy.outcome", outcome)
    return act(
        request,
        lambda: services.delete_outcome(request.membership, outcome),
        f"Outcome “{outcome.title}” deleted.",
        reverse("strategy:outcomes"),
    )
