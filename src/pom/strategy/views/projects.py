"""Projects: the project model's funded work, listed, edited and deleted."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core.lookup import get_for_member
from pom.core.permissions import require
from pom.core.web import PomRequest, act, form_status, member_view, paginate, render_page, save_form
from pom.strategy import services
from pom.strategy.forms import ProjectForm
from pom.strategy.models import Project
from pom.strategy.views.common import _ctx


@member_view("strategy.view")
def projects(request: PomRequest) -> HttpResponse:
    actor = request.membership
    form = ProjectForm(request.POST or None)
    if request.method == "POST":
        require(actor, "strategy.manage")
    if saved := save_form(
        request,
        form,
        lambda _: services.create_project(actor, **form.service_data(actor)),
        success=lambda project: f"Project “{project.name}” added.",
        to="strategy:projects",
    ):
        return saved
    qs = Project.objects.for_member(actor).select_related("sponsor")
    context = _ctx(request, page=paginate(request, qs), form=form)
    return render_page(
        request, "strategy/projects.html", context, status=form_status(request, form)
    )


@member_view("strategy.view")
def project(request: PomRequest, pk: int) -> HttpResponse:
    actor = request.membership
    project = get_for_member(Project, request, pk=pk, select_related=["sponsor"])
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
    if saved := save_form(
        request,
        form,
        lambda _: services.update_project(actor, project, **form.service_data(actor)),
        success="Project saved.",
        to=reverse("strategy:project", args=[project.pk]),
    ):
        return saved
    funding = list(project.funding.select_related("cycle").order_by("-cycle__start"))
    context = _ctx(request, project=project, form=form, funding=funding)
    return render_page(request, "strategy/project.html", context, status=form_status(request, form))


@member_view()
@require_POST
def project_delete(request: PomRequest, pk: int) -> HttpResponse:
    project = get_for_member(Project, request, pk=pk)
    require(request.membership, "strategy.manage")
    return act(
        request,
        lambda: services.delete_project(request.membership, project),
        f"Project “{project.name}” deleted.",
        reverse("strategy:projects"),
    )
