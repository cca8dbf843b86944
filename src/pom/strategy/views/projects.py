"""Projects: the project model's funded work, listed, edited and deleted."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core.permissions import require
from pom.core.web import PomRequest, apply_errors, member_view, paginate, render_page
from pom.strategy import services
from pom.strategy.forms import ProjectForm
from pom.strategy.models import Project
from pom.strategy.views.common import _act, _ctx, _get


@member_view("strategy.view")
def projects(request: PomRequest) -> HttpResponse:
    actor = request.membership
    form = ProjectForm(request.POST or None)
    if request.method == "POST":
        require(actor, "strategy.manage")
        if form.is_valid():
            try:
                project = services.create_project(actor, **form.service_data(actor))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"Project “{project.name}” added.")
                return redirect("strategy:projects")
    qs = Project.objects.for_member(actor).select_related("sponsor")
    context = _ctx(request, page=paginate(request, qs), form=form)
    return render_page(
        request, "strategy/projects.html", context, status=400 if form.errors else 200
    )


@member_view("strategy.view")
def project(request: PomRequest, pk: int) -> HttpResponse:
    actor = request.membership
    project = _get(request, Project, pk, Project.objects.select_related("sponsor"))
    initial = {
        "name": project.name,
        "reason": project.reason,
        "start": project.start,
        "end": project.end,
        "budget": project.budget,
        "sponsor_email": project.sponsor.email if project.sponsor else "",
        "scope": project.scope,
    }
    form = ProjectForm(request.POST or None, initial=initial)
    if request.method == "POST":
        require(actor, "strategy.manage")
        if form.is_valid():
            try:
                services.update_project(actor, project, **form.service_data(actor))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "Project saved.")
                return redirect("strategy:project", pk=project.pk)
    funding = list(project.funding.select_related("cycle").order_by("-cycle__start"))
    context = _ctx(request, project=project, form=form, funding=funding)
    return render_page(
        request, "strategy/project.html", context, status=400 if form.errors else 200
    )


@member_view()
@require_POST
def project_delete(request: PomRequest, pk: int) -> HttpResponse:
    project = _get(request, Project, pk)
    require(request.membership, "strategy.manage")
    return _act(
        request,
        lambda: services.delete_project(request.membership, project),
        f"Project “{project.name}” deleted.",
        reverse("strategy:projects"),
    )
