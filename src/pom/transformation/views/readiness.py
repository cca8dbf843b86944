"""Readiness pages: the history of assessments with the form to take one, and one assessment
with its verdict and what moved since the one before."""

from __future__ import annotations

from django.http import HttpResponse

from pom.core.lookup import get_for_member
from pom.core.web import PomRequest, form_for, form_status, member_view, paginate, save_form
from pom.transformation import queries, readiness, services
from pom.transformation.forms import ReadinessForm
from pom.transformation.models import ReadinessAssessment
from pom.transformation.views.common import render


@member_view("transformation.view")
def history(request: PomRequest) -> HttpResponse:
    actor = request.membership
    form = form_for(request, "transformation.manage", ReadinessForm)
    if saved := save_form(
        request,
        form,
        lambda data: services.take_assessment(actor, **data),
        success=lambda a: f"Assessment recorded: {readiness.assess(a).label.lower()}.",
        to=lambda a: a.get_absolute_url(),
    ):
        return saved
    page = paginate(request, queries.assessments(actor))
    rows = [(a, readiness.assess(a)) for a in page.object_list]
    context = {"page": page, "rows": rows, "form": form, "section": "readiness"}
    return render(
        request,
        "transformation/readiness.html",
        context,
        partial="transformation/partials/_assessments.html",
        status=form_status(request, form),
    )


@member_view("transformation.view")
def detail(request: PomRequest, pk: int) -> HttpResponse:
    assessment = get_for_member(ReadinessAssessment, request, pk=pk, select_related=["assessed_by"])
    before = queries.previous(request.membership, assessment)
    context = {
        "a": assessment,
        "result": readiness.assess(assessment),
        "before": before,
        "changes": readiness.compare(before, assessment) if before else [],
        "section": "readiness",
    }
    return render(request, "transformation/assessment.html", context)
