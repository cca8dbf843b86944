"""Ingest setup pages: the sources pipelines report through (endpoint, secret shown once, recent
deliveries with their errors) and which team owns each repository. Leaders and owners only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core.lookup import get_for_member
from pom.core.web import PomRequest, act, form_status, member_view, paginate, render_page, save_form
from pom.delivery import queries, services
from pom.delivery.forms import MapRepositoryForm, SourceForm
from pom.delivery.models import IngestSource, IngestSourceKind, Repository

RECENT_DELIVERIES = 50
ENDPOINTS = {
    IngestSourceKind.WEBHOOK: ("deployments", "changes", "issues", "issues/<issueKey>/close"),
    IngestSourceKind.GITHUB: ("github",),
    IngestSourceKind.GITLAB: ("gitlab",),
}


def _secret_key(source: IngestSource) -> str:
    return f"delivery:secret:{source.pk}"


@member_view("delivery.ingest")
def setup(request: PomRequest) -> HttpResponse:
    form = SourceForm(request.POST or None, actor=request.membership)

    def create(data: dict[str, Any]) -> IngestSource:
        source, secret = services.create_source(request.membership, **data)
        request.session[_secret_key(source)] = secret
        return source

    if saved := save_form(
        request, form, create, success=lambda s: f"Source {s.name} created.", to=lambda s: s
    ):
        return saved
    repositories = paginate(request, queries.repositories(request.membership))
    context = {
        "form": form,
        "sources": queries.sources(request.membership),
        "repositories": repositories,
        "page": repositories,
        "section": "setup",
    }
    return render_page(
        request,
        "delivery/setup.html",
        {"active": "delivery", **context},
        status=form_status(request, form),
    )


@member_view("delivery.ingest")
def source_detail(request: PomRequest, pk: int) -> HttpResponse:
    source = get_for_member(IngestSource, request, pk=pk, select_related=["team"])
    base = request.build_absolute_uri(reverse("api-1.0.0:post_github", args=[source.token]))
    base = base.rsplit("/", 1)[0]
    context = {
        "active": "delivery",
        "source": source,
        "secret": request.session.pop(_secret_key(source), None),
        "endpoints": [f"{base}/{path}" for path in ENDPOINTS[IngestSourceKind(source.kind)]],
        "deliveries": list(source.deliveries.all()[:RECENT_DELIVERIES]),
        "section": "setup",
    }
    return render_page(request, "delivery/source.html", context)


@require_POST
@member_view("delivery.ingest")
def source_secret(request: PomRequest, pk: int) -> HttpResponse:
    source = get_for_member(IngestSource, request, pk=pk)
    request.session[_secret_key(source)] = services.replace_secret(request.membership, source)
    messages.success(request, "New secret made; the old one no longer works. Copy it now.")
    return redirect(source)


@require_POST
@member_view("delivery.ingest")
def source_delete(request: PomRequest, pk: int) -> HttpResponse:
    source = get_for_member(IngestSource, request, pk=pk)
    return act(
        request,
        lambda: services.delete_source(request.membership, source),
        f"Source {source.name} deleted; what it reported stays.",
        "delivery:setup",
    )


@require_POST
@member_view("delivery.ingest")
def repository_map(request: PomRequest, pk: int) -> HttpResponse:
    repository = get_for_member(Repository, request, pk=pk)
    form = MapRepositoryForm(request.POST, actor=request.membership)
    return act(
        request,
        lambda: services.map_repository(
            request.membership, repository, team=form.cleaned_data["team"]
        ),
        f"{repository.name} mapped.",
        reverse("delivery:setup"),
        form=form,
    )
