"""Rollout pages: the waves with their entry criteria, the systemic blockers the pilots
surfaced, and the resistance log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core.lookup import get_for_member
from pom.core.web import (
    PomRequest,
    act,
    form_for,
    form_status,
    member_view,
    paginate,
    save_form,
)
from pom.transformation import queries
from pom.transformation.filters import ObjectionFilter
from pom.transformation.forms import BlockerForm, ObjectionForm, WaveForm
from pom.transformation.models import (
    BlockerStatus,
    ObjectionKind,
    ObjectionStatus,
    Wave,
)
from pom.transformation.services import rollout as services
from pom.transformation.views.common import render


def _one_team(actor: Any, name: str, field: str) -> int | None:
    ids = services.teams_by_name(actor, name, field) if name.strip() else []
    if len(ids) > 1:
        raise ValidationError({field: "Name one team."})
    return ids[0] if ids else None


def _wave_data(actor: Any, data: dict[str, Any]) -> dict[str, Any]:
    values = dict(data)
    values["team_ids"] = services.teams_by_name(actor, values.pop("teams", ""))
    values["coach"] = values.get("coach") or None
    return values


def _blocker_data(actor: Any, data: dict[str, Any]) -> dict[str, Any]:
    values = dict(data)
    values["found_by_id"] = _one_team(actor, values.pop("found_by", ""), "found_by")
    values["owner"] = values.get("owner") or None
    return values


def _objection_data(actor: Any, data: dict[str, Any]) -> dict[str, Any]:
    values = dict(data)
    values["team_id"] = _one_team(actor, values.pop("team", ""), "team")
    return values


ROLLOUT = "transformation:rollout"
MANAGE = "transformation.manage"


@member_view("transformation.view")
def index(request: PomRequest) -> HttpResponse:
    actor = request.membership
    wave_form = form_for(request, MANAGE, WaveForm, prefix="wave")
    blocker_form = BlockerForm(prefix="blocker") if wave_form is not None else None
    if saved := save_form(
        request,
        wave_form,
        lambda d: services.plan_wave(actor, **_wave_data(actor, d)),
        success=lambda w: f"Wave {w.name} planned.",
        to=lambda w: w.get_absolute_url(),
    ):
        return saved
    return _index(request, wave_form, blocker_form, status=form_status(request, wave_form))


def _index(
    request: PomRequest, wave_form: Any, blocker_form: Any, status: int = 200
) -> HttpResponse:
    actor = request.membership
    context = {
        "rows": queries.review_waves(actor, list(queries.waves(actor))),
        "blockers": list(queries.blockers(actor).exclude(status=BlockerStatus.RESOLVED)[:100]),
        "resolved": queries.blockers(actor).filter(status=BlockerStatus.RESOLVED).count(),
        "wave_form": wave_form,
        "blocker_form": blocker_form,
        "section": "rollout",
    }
    return render(request, "transformation/rollout.html", context, status=status)


@require_POST
@member_view("transformation.manage")
def blocker_create(request: PomRequest) -> HttpResponse:
    actor = request.membership
    form = BlockerForm(request.POST, prefix="blocker")
    if saved := save_form(
        request,
        form,
        lambda d: services.raise_blocker(actor, **_blocker_data(actor, d)),
        success=lambda b: f"Blocker recorded: {b.title}.",
        to=reverse(ROLLOUT) + "#blockers",
    ):
        return saved
    return _index(request, WaveForm(prefix="wave"), form, status=form_status(request, form))


@member_view("transformation.view")
def wave(request: PomRequest, pk: int) -> HttpResponse:
    actor = request.membership
    found = get_for_member(queries.waves(actor), request, pk=pk)
    initial = {
        "name": found.name,
        "starts_on": found.starts_on,
        "ends_on": found.ends_on,
        "coach": found.coach.email if found.coach else "",
        "teams": "\n".join(t.name for t in found.teams.all()),
        "status": found.status,
        "notes": found.notes,
    }
    form = form_for(request, MANAGE, WaveForm, initial=initial)
    if saved := save_form(
        request,
        form,
        lambda d: services.update_wave(actor, found, **_wave_data(actor, d)),
        success="Wave saved.",
        to=found.get_absolute_url(),
    ):
        return saved
    row = queries.review_waves(actor, [found])[0]
    context = {"row": row, "w": found, "form": form, "section": "rollout"}
    return render(request, "transformation/wave.html", context, status=form_status(request, form))


@require_POST
@member_view("transformation.manage")
def wave_delete(request: PomRequest, pk: int) -> HttpResponse:
    found = get_for_member(Wave, request, pk=pk)
    return act(
        request,
        lambda: services.delete_wave(request.membership, found),
        f"Wave {found.name} deleted.",
        ROLLOUT,
    )


@member_view("transformation.view")
def blocker(request: PomRequest, pk: int) -> HttpResponse:
    actor = request.membership
    found = get_for_member(queries.blockers(actor), request, pk=pk)
    initial = {
        "title": found.title,
        "kind": found.kind,
        "description": found.description,
        "found_by": found.found_by.name if found.found_by else "",
        "owner": found.owner.email if found.owner else "",
        "status": found.status,
        "resolution": found.resolution,
    }
    form = form_for(request, MANAGE, BlockerForm, initial=initial)
    if saved := save_form(
        request,
        form,
        lambda d: services.update_blocker(actor, found, **_blocker_data(actor, d)),
        success="Blocker saved.",
        to=reverse("transformation:blocker", args=[found.pk]),
    ):
        return saved
    context = {"b": found, "form": form, "section": "rollout"}
    return render(
        request, "transformation/blocker.html", context, status=form_status(request, form)
    )


# --- Resistance ---------------------------------------------------------------------------------


@member_view("transformation.view")
def resistance(request: PomRequest) -> HttpResponse:
    actor = request.membership
    form = form_for(request, MANAGE, ObjectionForm)
    if saved := save_form(
        request,
        form,
        lambda d: services.log_objection(actor, **_objection_data(actor, d)),
        success="Objection logged. Understand it before answering it.",
        to=reverse("transformation:resistance"),
    ):
        return saved
    filters = ObjectionFilter.from_request(request, queries.objections(actor))
    context = {
        "page": paginate(request, filters.qs),
        "summary": queries.objection_summary(actor),
        "kinds": ObjectionKind.choices,
        "statuses": ObjectionStatus.choices,
        "kind": filters.values["kind"],
        "status_filter": filters.values["status"],
        "form": form,
        "section": "resistance",
    }
    return render(
        request,
        "transformation/resistance.html",
        context,
        partial="transformation/partials/_objections.html",
        status=form_status(request, form),
    )


@member_view("transformation.view")
def objection(request: PomRequest, pk: int) -> HttpResponse:
    actor = request.membership
    found = get_for_member(queries.objections(actor), request, pk=pk)
    initial = {
        "kind": found.kind,
        "raised_by": found.raised_by,
        "team": found.team.name if found.team else "",
        "statement": found.statement,
        "response": found.response,
        "status": found.status,
    }
    form = form_for(request, MANAGE, ObjectionForm, initial=initial)
    if saved := save_form(
        request,
        form,
        lambda d: services.update_objection(actor, found, **_objection_data(actor, d)),
        success="Objection saved.",
        to=reverse("transformation:objection", args=[found.pk]),
    ):
        return saved
    context = {"o": found, "form": form, "section": "resistance"}
    return render(
        request, "transformation/objection.html", context, status=form_status(request, form)
    )
