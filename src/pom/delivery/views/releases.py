"""Release pages: the list, logging and editing a release (pickers for its team and solutions), one release
traced up the chain. Thin: parse, call a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from pom.core.lookup import get_for_member
from pom.core.permissions import can
from pom.core.web import (
    Capped,
    PomRequest,
    form_status,
    member_view,
    paginate,
    renderer,
    save_form,
)
from pom.delivery import queries, services
from pom.delivery.filters import LINKED, ReleaseFilter, ReleaseStart
from pom.delivery.forms import ReleaseForm
from pom.delivery.models import Release, ReleaseKind
from pom.teams.queries import workable_teams

FORM_FIELDS = ("team", "title", "shipped_at", "kind", "flag_key", "rollout_percent", "notes")


_render = renderer("delivery")
CAP = 1_000


def _release(request: PomRequest, pk: int) -> Release:
    return get_for_member(queries.release(request.membership, pk), request, pk=pk)


def _form_page(request: PomRequest, form: ReleaseForm, title: str, **extra: Any) -> HttpResponse:
    return _render(
        request,
        "delivery/release_form.html",
        {"form": form, "title": title, **extra},
        status=form_status(request, form),
    )


@member_view("delivery.view")
def index(request: PomRequest) -> HttpResponse:
    filters = ReleaseFilter.from_request(request, queries.releases(request.membership, brief=True))
    values = filters.values
    # A search or the linked filter can match most of a hundred thousand releases: counting them
    # all cost 0.2–0.5 s at 1,000 teams, so those lists count up to CAP and say "more than".
    narrowed = values["q"] or values["linked"]
    page = paginate(request, Capped(filters.qs, CAP) if narrowed else filters.qs)
    releases = list(page.object_list)
    context = {
        "page": page,
        "rows": [(r, queries.trace(r)) for r in releases],
        "filters": values,
        "cap": CAP if narrowed else page.paginator.count,
        "kinds": ReleaseKind.choices,
        "linked_choices": LINKED,
        "can_log": bool(workable_teams(request.membership)),
        "section": "releases",
    }
    return _render(
        request, "delivery/index.html", context, partial="delivery/partials/_releases.html"
    )


@member_view("delivery.edit")
def release_create(request: PomRequest) -> HttpResponse:
    teams = workable_teams(request.membership)
    start = ReleaseStart.from_request(request).values
    initial: dict[str, Any] = {
        "team": start["team"] if start["team"] != "" else None,
        "solutions": [start["solution"]] if start["solution"] != "" else [],
    }
    form = ReleaseForm(request.POST or None, actor=request.membership, initial=initial)
    if saved := save_form(
        request,
        form,
        lambda data: services.log_release(request.membership, **data),
        success=lambda r: f"Release “{r.title}” logged.",
        to=lambda r: r,
    ):
        return saved
    return _form_page(request, form, "Log a release", no_teams=not teams)


@member_view("delivery.view")
def release_detail(request: PomRequest, pk: int) -> HttpResponse:
    release = _release(request, pk)
    trace = queries.trace(release)
    context = {
        "release": release,
        "trace": trace,
        "impacts": queries.release_impacts(request.membership, release, trace),
        "experiments": queries.experiments_covering(request.membership, release),
        "editable": can(request.membership, "delivery.edit", release.team),
        "section": "releases",
    }
    return _render(request, "delivery/release.html", context)


@member_view("delivery.edit")
def release_edit(request: PomRequest, pk: int) -> HttpResponse:
    release = _release(request, pk)
    if not can(request.membership, "delivery.edit", release.team):
        raise PermissionDenied(f"Only members of {release.team.name} (or leaders) can change it.")
    initial = {f: getattr(release, f) for f in FORM_FIELDS} | {
        "team": release.team_id,
        "solutions": [s.pk for s in release.solutions.all()],
    }
    form = ReleaseForm(request.POST or None, actor=request.membership, initial=initial)
    if saved := save_form(
        request,
        form,
        lambda data: services.update_release(request.membership, release, **data),
        success="Release saved.",
        to=release,
    ):
        return saved
    return _form_page(request, form, f"Edit “{release.title}”", release=release)


@require_POST
@member_view("delivery.edit")
def release_delete(request: PomRequest, pk: int) -> HttpResponse:
    release = _release(request, pk)
    services.delete_release(request.membership, release)
    messages.success(request, f"Release “{release.title}” deleted.")
    return redirect("delivery:releases")
