"""Release pages: the list, logging and editing a release (with the solution picker), one release
traced up the chain. Thin: parse, call a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from pom.core.lookup import get_for_member
from pom.core.permissions import can
from pom.core.web import (
    PomRequest,
    form_status,
    member_view,
    paginate,
    render_page,
    renderer,
    save_form,
)
from pom.delivery import queries, services
from pom.delivery.filters import LINKED, ReleaseFilter, ReleaseStart, SolutionPicker
from pom.delivery.forms import ReleaseForm
from pom.delivery.models import Release, ReleaseKind
from pom.teams.queries import active_teams, workable_teams

FORM_FIELDS = ("team", "title", "shipped_at", "kind", "flag_key", "rollout_percent", "notes")


_render = renderer("delivery")


def _release(request: PomRequest, pk: int) -> Release:
    return get_for_member(queries.release(request.membership, pk), request, pk=pk)


def _picker(request: PomRequest, form: ReleaseForm) -> dict[str, Any]:
    """What the solution picker draws: the chosen solutions, and (without JavaScript, after
    "Find") the solutions matching the search."""
    chosen_ids = form.chosen_ids()
    q = (request.POST.get("solution_q") if request.method == "POST" else "") or ""
    return {
        "chosen": queries.chosen_solutions(request.membership, chosen_ids),
        "solution_q": q,
        "results": queries.search_solutions(request.membership, q, exclude=chosen_ids)
        if "find" in request.POST
        else None,
    }


def _form_page(request: PomRequest, form: ReleaseForm, title: str, **extra: Any) -> HttpResponse:
    finding = "find" in request.POST
    return _render(
        request,
        "delivery/release_form.html",
        {"form": form, "title": title, **_picker(request, form), **extra},
        status=200 if finding else form_status(request, form),
    )


@member_view("delivery.view")
def index(request: PomRequest) -> HttpResponse:
    filters = ReleaseFilter.from_request(request, queries.releases(request.membership))
    page = paginate(request, filters.qs)
    releases = list(page.object_list)
    context = {
        "page": page,
        "rows": [(r, queries.trace(r)) for r in releases],
        "filters": filters.values,
        "teams": list(active_teams(request.membership.organization_id).only("pk", "name")),
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
    form = ReleaseForm(request.POST or None, teams=teams, initial=initial)
    if "find" not in request.POST and (
        saved := save_form(
            request,
            form,
            lambda data: services.log_release(request.membership, **data),
            success=lambda r: f"Release “{r.title}” logged.",
            to=lambda r: r,
        )
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
    teams = workable_teams(request.membership)
    if release.team_id not in {t.pk for t in teams}:
        teams = [release.team, *teams]
    initial = {f: getattr(release, f) for f in FORM_FIELDS} | {
        "team": release.team_id,
        "solutions": [s.pk for s in release.solutions.all()],
    }
    form = ReleaseForm(request.POST or None, teams=teams, initial=initial)
    if "find" not in request.POST and (
        saved := save_form(
            request,
            form,
            lambda data: services.update_release(request.membership, release, **data),
            success="Release saved.",
            to=release,
        )
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


@require_GET
@member_view("delivery.view")
def solution_search(request: PomRequest) -> HttpResponse:
    """The picker's results as the member types: matching solutions, minus those already chosen."""
    picker = SolutionPicker.from_request(request).values
    chosen, q = picker["solutions"] or [], picker["solution_q"]
    context = {
        "results": queries.search_solutions(request.membership, q, exclude=chosen),
        "solution_q": q,
    }
    return render_page(request, "delivery/partials/_solution_results.html", context)
