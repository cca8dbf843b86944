"""The decision log and one decision's page: edit it, move its status, revisit it when due."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core.lookup import get_for_member
from pom.core.permissions import can
from pom.core.validation import today
from pom.core.web import (
    PomRequest,
    act,
    form_status,
    member_view,
    paginate,
    render_page,
    save_form,
)
from pom.discovery import forms, queries, services
from pom.discovery.filters import DecisionFilter
from pom.discovery.models import (
    Decision,
    DecisionKind,
    DecisionStatus,
    ReviewOutcome,
)


def _choices(request: PomRequest) -> dict[str, Any]:
    """What a decision form needs: the member (its team and metric are pickers), the principles."""
    from pom.strategy.models import Principle

    actor = request.membership
    return {
        "actor": actor,
        "principles": list(Principle.objects.for_member(actor).order_by("position", "id")),
    }


@member_view("discovery.view")
def decisions(request: PomRequest) -> HttpResponse:
    actor = request.membership
    choices = _choices(request)
    form = forms.DecisionForm(request.POST or None, **choices)
    if request.method == "POST" and not can(actor, "discovery.decide"):
        raise PermissionDenied("Your role does not record decisions.")
    if saved := save_form(
        request,
        form,
        lambda data: services.record_decision(actor, **data),
        success="Decision recorded.",
        to=lambda decision: decision,
    ):
        return saved
    filters = DecisionFilter.from_request(request, queries.decisions_for(actor))
    counts = Decision.objects.for_member(actor).aggregate(
        total=Count("id"),
        leadership=Count("id", filter=Q(kind=DecisionKind.LEADERSHIP)),
        leadership_on_team=Count(
            "id",
            filter=Q(kind=DecisionKind.LEADERSHIP)
            & (
                Q(opportunity__isnull=False)
                | Q(solution__isnull=False)
                | Q(subject_type__isnull=False)
            ),
        ),
        due=Count("id", filter=queries.due_for_revisit(today())),
    )
    page = paginate(request, filters.qs)
    day = today()
    for d in page.object_list:
        d.aging = d.revisit(day)
    values = filters.values
    context = {
        "active": "discovery",
        "form": form,
        "page": page,
        "kind_filter": values["kind"],
        "kinds": DecisionKind.choices,
        "status_filter": values["status"],
        "statuses": DecisionStatus.choices,
        "due_filter": values["due"] is True,
        "principle_filter": values["principle"] or None,
        "team_filter": values["team"] or None,
        "filtered": any(values[k] not in ("", None) for k in values),
        "counts": counts,
        "can_record": can(actor, "discovery.decide"),
        "principles": choices["principles"],
    }
    return render_page(
        request,
        "discovery/decisions.html",
        context,
        partial="discovery/partials/_decisions.html",
        status=form_status(request, form),
    )


def _get(request: PomRequest, pk: int) -> Decision:
    return get_for_member(
        Decision,
        request,
        pk=pk,
        select_related=[
            "team",
            "outcome",
            "opportunity",
            "solution",
            "recorded_by",
            "revisit_metric",
            "superseded_by",
            "subject_type",
        ],
    )


def _may_decide(request: PomRequest, decision: Decision) -> bool:
    try:
        services.require_decider(request.membership, decision.kind, decision.team)
    except PermissionDenied:
        return False
    return True


def _initial(decision: Decision) -> dict[str, Any]:
    return {
        "title": decision.title,
        "decided_by": decision.decided_by,
        "decided_on": decision.decided_on,
        "rationale": decision.rationale,
        "reversible": decision.reversible,
        "team": decision.team_id,
        "revisit_on": decision.revisit_on,
        "revisit_metric": decision.revisit_metric_id,
        "revisit_comparison": decision.revisit_comparison,
        "revisit_threshold": decision.revisit_threshold,
        "principles": [p.pk for p in decision.principles.all()],
    }


@member_view("discovery.view")
def decision(request: PomRequest, pk: int) -> HttpResponse:
    """One decision: what, why, its status and history; editable by whoever may record it."""
    actor = request.membership
    d = _get(request, pk)
    may_decide = _may_decide(request, d)
    if request.method == "POST" and not may_decide:
        raise PermissionDenied("Only those who may record this decision can change it.")
    choices = _choices(request)
    form = forms.DecisionEditForm(request.POST or None, initial=_initial(d), **choices)
    if saved := save_form(
        request,
        form,
        lambda data: services.update_decision(actor, d, **data),
        success="Decision saved.",
        to=d,
    ):
        return saved
    return render_page(
        request,
        "discovery/decision.html",
        _decision_context(request, d, form=form, may_decide=may_decide),
        status=form_status(request, form),
    )


def _decision_context(
    request: PomRequest, d: Decision, *, may_decide: bool, **extra: Any
) -> dict[str, Any]:
    actor = request.membership
    return {
        "active": "discovery",
        "decision": d,
        "aging": d.revisit(today()),
        "cited": list(d.principles.order_by("position", "id")),
        "reviews": list(d.reviews.select_related("reviewed_by", "superseded_by")),
        "replaced": list(
            Decision.objects.for_member(actor).filter(superseded_by=d).order_by("-decided_on")
        ),
        "may_decide": may_decide,
        "review_form": extra.pop("review_form", None) or forms.DecisionReviewForm(),
        "review_outcomes": [c for c in ReviewOutcome.choices if c[0] != ReviewOutcome.SUPERSEDE],
        **extra,
    }


@member_view("discovery.view")
@require_POST
def decision_status(request: PomRequest, pk: int) -> HttpResponse:
    """Accept a proposal or reverse a decision (superseding goes through a review)."""
    d = _get(request, pk)
    form = forms.DecisionStatusForm(request.POST)
    status = request.POST.get("status", "")
    label = dict(DecisionStatus.choices).get(status, status).lower()
    return act(
        request,
        lambda: services.set_decision_status(
            request.membership,
            d,
            form.cleaned_data["status"],
            superseded_by=form.cleaned_data["superseded_by"],
        ),
        f"Decision marked {label}.",
        d,
        form=form,
    )


@member_view("discovery.view")
@require_POST
def decision_review(request: PomRequest, pk: int) -> HttpResponse:
    """Revisit the decision: keep it, look again later, supersede or reverse it."""
    actor = request.membership
    d = _get(request, pk)
    may_decide = _may_decide(request, d)
    if not may_decide:
        raise PermissionDenied("Only those who may record this decision can revisit it.")
    form = forms.DecisionReviewForm(request.POST)
    if saved := save_form(
        request,
        form,
        lambda data: services.review_decision(actor, d, **data),
        success=lambda review: f"Review recorded: {review.get_outcome_display().lower()}.",
        to=reverse("discovery:decision", args=[d.pk]),
    ):
        return saved
    d = _get(request, pk)  # the failed review may have changed the object in memory
    edit = forms.DecisionEditForm(initial=_initial(d), **_choices(request))
    context = _decision_context(request, d, form=edit, may_decide=may_decide, review_form=form)
    return render_page(
        request, "discovery/decision.html", context, status=form_status(request, form)
    )
