"""Pages of the teams pillar: the teams index, a team, people, product areas, the organization map,
imports and exports. Each view parses input, calls a service or a query, and renders."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from pom.core import web
from pom.core.lookup import get_for_member, scoped
from pom.core.permissions import can, require
from pom.core.web import (
    PomRequest,
    attachment,
    form_for,
    form_status,
    member_view,
    paginate,
    redirect_to,
    render_page,
    save_form,
)
from pom.teams import queries, services, transfer
from pom.teams.filters import PersonFilter, TeamFilter
from pom.teams.forms import (
    AreaForm,
    ImportForm,
    MemberEditForm,
    MemberForm,
    PersonForm,
    SettingsForm,
    TeamForm,
)
from pom.teams.models import (
    LifecycleStage,
    OperatingMode,
    Person,
    PilotStatus,
    ProductArea,
    Team,
    TeamMember,
    TeamRole,
    Topology,
)
from pom.teams.panels import panels_for


def _team(request: PomRequest, slug: str) -> Team:
    return get_for_member(Team, request, slug=slug, select_related=["product_area", "coach"])


def _person_by_email(request: PomRequest, email: str, field: str) -> Person | None:
    if not email:
        return None
    person = scoped(Person, request).filter(email__iexact=email).first()
    if person is None:
        raise ValidationError({field: f"Nobody on the People page has the email {email}."})
    return person


def _with_leader(request: PomRequest, data: dict[str, Any]) -> dict[str, Any]:
    """An area form's values, with the leader's email turned into the person."""
    values = dict(data)
    values["leader"] = _person_by_email(request, values.pop("leader_email"), "leader_email")
    return values


# --- Teams index ------------------------------------------------------------------------------


@member_view("teams.view")
def index(request: PomRequest) -> HttpResponse:
    org_id = request.membership.organization_id
    limit = queries.size_limit(org_id)
    filters = TeamFilter.from_request(
        request, queries.team_rows(org_id), org_id=org_id, limit=limit
    )
    page = paginate(request, filters.qs)
    queries.attach_figures(list(page.object_list), org_id, limit)
    context = {
        "active": "teams",
        "page": page,
        "filters": filters.values,
        "areas": ProductArea.objects.for_member(request.membership).order_by("name"),
        "modes": OperatingMode.choices,
        "stages": LifecycleStage.choices,
        "pilots": PilotStatus.choices,
        "topologies": Topology.choices,
        "gaps": queries.GAPS.items(),
        "size_limit": limit,
        "can_create": can(request.membership, "teams.create"),
        "can_import": can(request.membership, "teams.import"),
    }
    return render_page(
        request, "teams/index.html", context, partial="teams/partials/_team_rows.html"
    )


def _team_form_page(
    request: PomRequest, form: TeamForm, team: Team | None, status: int = 200
) -> HttpResponse:
    context = {"active": "teams", "form": form, "team": team}
    return render_page(
        request,
        "teams/team_form.html",
        context,
        partial="teams/partials/_team_form.html",
        status=status,
    )


def _team_values(request: PomRequest, data: dict[str, Any]) -> dict[str, Any]:
    values = dict(data)
    values["coach"] = _person_by_email(request, values.pop("coach_email", ""), "coach_email")
    return values


@member_view("teams.create")
def team_create(request: PomRequest) -> HttpResponse:
    actor = request.membership
    form = TeamForm(request.POST or None, org_id=actor.organization_id)
    if saved := save_form(
        request,
        form,
        lambda data: services.create_team(actor, **_team_values(request, data)),
        success=lambda team: f"{team.name} is created. Add its people next.",
        to=lambda team: team.get_absolute_url(),
    ):
        return saved
    return _team_form_page(request, form, None, status=form_status(request, form))


@member_view("teams.view")
def team(request: PomRequest, slug: str) -> HttpResponse:
    team = _team(request, slug)
    context = {**_team_context(request, team), "panels": panels_for(request, team)}
    return render_page(request, "teams/team.html", context)


def _team_context(
    request: PomRequest, team: Team, member_form: MemberForm | None = None
) -> dict[str, Any]:
    detail = queries.team_detail(request.membership.organization_id, team)
    return {
        "active": "teams",
        "team": team,
        "detail": detail,
        "figures": detail.figures,
        "members": [(m, detail.totals.get(m.person_id, 0)) for m in detail.members],
        "roles": TeamRole.choices,
        "member_form": member_form or MemberForm(),
        "can_edit": can(request.membership, "teams.edit", team) and not team.is_archived,
        "can_archive": can(request.membership, "teams.archive", team),
    }


@member_view("teams.view")
def team_edit(request: PomRequest, slug: str) -> HttpResponse:
    team = _team(request, slug)
    actor = request.membership
    require(actor, "teams.edit", team)
    form = TeamForm(
        request.POST or None, org_id=actor.organization_id, initial=TeamForm.initial_for(team)
    )
    if saved := save_form(
        request,
        form,
        lambda data: services.update_team(actor, team, **_team_values(request, data)),
        success=lambda saved: f"{saved.name} is saved.",
        to=lambda saved: saved.get_absolute_url(),
    ):
        return saved
    return _team_form_page(request, form, team, status=form_status(request, form))


@member_view("teams.view")
@require_POST
def team_archive(request: PomRequest, slug: str) -> HttpResponse:
    team = services.archive_team(request.membership, _team(request, slug))
    messages.success(request, f"{team.name} is archived; its history stays. Restore it any time.")
    return redirect_to(request, team.get_absolute_url())


@member_view("teams.view")
@require_POST
def team_restore(request: PomRequest, slug: str) -> HttpResponse:
    team = services.restore_team(request.membership, _team(request, slug))
    messages.success(request, f"{team.name} is active again.")
    return redirect_to(request, team.get_absolute_url())


@member_view("teams.view")
def team_api_export(request: PomRequest, slug: str) -> HttpResponse:
    team = _team(request, slug)
    body = transfer.export_team_api(request.membership, team)
    return attachment(body, f"team-api-{team.slug}.md", "text/markdown")


# --- Team membership (htmx: the members panel is swapped in place) ---------------------------


def _members_panel(
    request: PomRequest, team: Team, form: MemberForm | None = None, status: int = 200
) -> HttpResponse:
    if getattr(request, "htmx", None):
        return render_page(
            request,
            "teams/team.html",
            _team_context(request, team, form),
            partial="teams/partials/_members.html",
            status=form_status(request, failed=status >= 400),
        )
    if status >= 400:
        return render_page(
            request, "teams/team.html", _team_context(request, team, form), status=status
        )
    return redirect(team.get_absolute_url())


def _add_member(request: PomRequest, team: Team, data: dict[str, Any]) -> Person | None:
    """Put the person named by email on the team; the person the form names, for the message."""
    values = dict(data)
    try:
        with transaction.atomic():
            person = _person_by_email(request, values.pop("person_email"), "person_email")
            services.add_member(request.membership, team, person=person, **values)
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "person" in exc.error_dict:
            raise ValidationError({"person_email": exc.error_dict["person"]}) from exc
        raise
    return person


@member_view("teams.view")
@require_POST
def member_add(request: PomRequest, slug: str) -> HttpResponse:
    team = _team(request, slug)
    require(request.membership, "teams.edit", team)
    form = MemberForm(request.POST)
    if added := save_form(
        request,
        form,
        lambda data: _add_member(request, team, data),
        success=lambda person: f"{person.name if person else 'Someone'} joined {team.name}.",
        to=lambda _: _members_panel(request, team),
    ):
        return added
    return _members_panel(request, team, form, status=400)


def _member(request: PomRequest, slug: str, pk: int) -> TeamMember:
    return get_for_member(
        TeamMember, request, pk=pk, team__slug=slug, select_related=["team", "person"]
    )


@member_view("teams.view")
@require_POST
def member_edit(request: PomRequest, slug: str, pk: int) -> HttpResponse:
    member = _member(request, slug, pk)
    require(request.membership, "teams.edit", member.team)
    form = MemberEditForm(request.POST)
    if saved := save_form(
        request,
        form,
        lambda data: services.update_member(request.membership, member, **data),
        success=lambda m: f"{m.person.name} is now {m.get_role_display()} at {m.allocation}%.",
        to=lambda m: _members_panel(request, m.team),
    ):
        return saved
    for field, errors in form.errors.items():
        messages.error(
            request, f"{member.person.name}, {field}: {' '.join(str(e) for e in errors)}"
        )
    return _members_panel(request, member.team, status=400)


@member_view("teams.view")
@require_POST
def member_remove(request: PomRequest, slug: str, pk: int) -> HttpResponse:
    member = _member(request, slug, pk)
    services.remove_member(request.membership, member)
    messages.success(request, f"{member.person.name} left {member.team.name}.")
    return _members_panel(request, member.team)


# --- People -----------------------------------------------------------------------------------


@member_view("teams.view")
def people(request: PomRequest) -> HttpResponse:
    org_id = request.membership.organization_id
    found = PersonFilter.from_request(request, queries.people(org_id))
    query = found.values["q"]
    page = paginate(request, found.qs)
    queries.attach_allocations(list(page.object_list), org_id)
    context = {
        "active": "teams",
        "page": page,
        "query": query,
        "can_edit": can(request.membership, "teams.people"),
    }
    return render_page(
        request, "teams/people.html", context, partial="teams/partials/_people_rows.html"
    )


@member_view("teams.people")
def person_create(request: PomRequest) -> HttpResponse:
    form = PersonForm(request.POST or None)
    if saved := save_form(
        request,
        form,
        lambda data: services.create_person(request.membership, **data),
        success=lambda person: f"{person.name} is added.",
        to=lambda person: person.get_absolute_url(),
    ):
        return saved
    context = {"active": "teams", "form": form, "person": None}
    return render_page(
        request, "teams/person_form.html", context, status=form_status(request, form)
    )


@member_view("teams.view")
def person(request: PomRequest, pk: int) -> HttpResponse:
    person = get_for_member(Person, request, pk=pk, select_related=["user"])
    org_id = request.membership.organization_id
    memberships = queries.person_memberships(org_id, person)
    active = [m for m in memberships if m.team.archived_at is None]
    total = sum(m.allocation for m in active)
    # The same figures as everywhere else a team appears (two queries for all of them).
    teams_with_figures = queries.attach_figures(
        list(queries.teams(org_id).filter(pk__in=[m.team_id for m in active])), org_id
    )
    figures = {t.pk: t.figures for t in teams_with_figures}  # type: ignore[attr-defined]
    for m in memberships:
        m.team.figures = figures.get(m.team_id)  # type: ignore[attr-defined]
    context = {
        "active": "teams",
        "person": person,
        "memberships": memberships,
        "total_allocation": total,
        "overallocated": total > 100,
        "coached": list(
            Team.objects.for_org(org_id)
            .filter(coach=person, archived_at__isnull=True)
            .order_by("name")
        ),
        "led_areas": list(
            ProductArea.objects.for_org(org_id).filter(leader=person).order_by("name")
        ),
        "can_edit": can(request.membership, "teams.people"),
        "can_delete": can(request.membership, "teams.people_delete"),
    }
    return render_page(request, "teams/person.html", context)


@member_view("teams.view")
def person_edit(request: PomRequest, pk: int) -> HttpResponse:
    person = get_for_member(Person, request, pk=pk)
    require(request.membership, "teams.people")
    initial = {"name": person.name, "email": person.email, "title": person.title}
    form = PersonForm(request.POST or None, initial=initial)
    if saved := save_form(
        request,
        form,
        lambda data: services.update_person(request.membership, person, **data),
        success=lambda saved: f"{saved.name} is saved.",
        to=lambda saved: saved.get_absolute_url(),
    ):
        return saved
    context = {"active": "teams", "form": form, "person": person}
    return render_page(
        request, "teams/person_form.html", context, status=form_status(request, form)
    )


@member_view("teams.view")
@require_POST
def person_delete(request: PomRequest, pk: int) -> HttpResponse:
    person = get_for_member(Person, request, pk=pk)
    services.delete_person(request.membership, person)
    messages.success(request, f"{person.name} is removed, with their places on teams.")
    return redirect_to(request, "teams:people")


# --- Product areas ----------------------------------------------------------------------------


@member_view("teams.view")
def areas(request: PomRequest) -> HttpResponse:
    form = form_for(request, "teams.areas", AreaForm)
    if saved := save_form(
        request,
        form,
        lambda data: services.create_area(request.membership, **_with_leader(request, data)),
        success=lambda area: f"{area.name} is created.",
        to="teams:areas",
    ):
        return saved
    context = {
        "active": "teams",
        "areas": queries.areas(request.membership.organization_id),
        "form": form,
        "can_edit": can(request.membership, "teams.areas"),
    }
    return render_page(request, "teams/areas.html", context, status=form_status(request, form))


@member_view("teams.view")
def area_edit(request: PomRequest, pk: int) -> HttpResponse:
    area = get_for_member(ProductArea, request, pk=pk, select_related=["leader"])
    require(request.membership, "teams.areas")
    initial = {
        "name": area.name,
        "slug": area.slug,
        "description": area.description,
        "leader_email": area.leader.email if area.leader else "",
    }
    form = AreaForm(request.POST or None, initial=initial)
    if saved := save_form(
        request,
        form,
        lambda data: services.update_area(request.membership, area, **_with_leader(request, data)),
        success=lambda saved: f"{saved.name} is saved.",
        to="teams:areas",
    ):
        return saved
    context = {"active": "teams", "form": form, "area": area}
    return render_page(request, "teams/area_form.html", context, status=form_status(request, form))


@member_view("teams.view")
@require_POST
def area_delete(request: PomRequest, pk: int) -> HttpResponse:
    area = get_for_member(ProductArea, request, pk=pk)
    services.delete_area(request.membership, area)
    messages.success(request, f"{area.name} is removed; its teams are kept, outside any area.")
    return redirect_to(request, "teams:areas")


# --- The organization map ---------------------------------------------------------------------


@member_view("teams.view")
def org_map(request: PomRequest) -> HttpResponse:
    from pom.teams.figures import summarize

    data = queries.org_map(request.membership.organization_id)
    payload = {
        "areas": [
            {"name": a.name, "slug": a.slug, "leader": a.leader, "teams": a.teams}
            for a in data.areas
        ],
        "teamUrl": reverse("teams:team", args=["__slug__"]),
    }
    # json_script's per-character escaping is slow on a thousand teams; three replaces do the same.
    encoded = json.dumps(payload, separators=(",", ":"))
    encoded = encoded.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    context = {
        "active": "teams",
        "map": data,
        "payload": payload,
        "payload_json": mark_safe(encoded),  # noqa: S308 — escaped for a script element above
        "summary": summarize(data.figures, data.pilots),
    }
    return render_page(request, "teams/map.html", context)


# --- Import, export and settings --------------------------------------------------------------


@member_view("teams.import")
def import_page(request: PomRequest) -> HttpResponse:
    return web.import_page(
        request,
        ImportForm(request.POST or None, request.FILES or None),
        lambda data, apply: transfer.run_import(
            request.membership, data["kind"], data["content"], apply=apply
        ),
        template="teams/import.html",
        context={"active": "teams", "csv_columns": ", ".join(transfer.CSV_COLUMNS)},
        done="teams:index",
    )


@member_view("teams.view")
def export(request: PomRequest) -> HttpResponse:
    fmt = request.GET.get("format", "yaml")
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        body, ctype, name = (
            transfer.export_csv(request.membership),
            "text/csv",
            f"people-{stamp}.csv",
        )
    else:
        body, ctype, name = (
            transfer.export_yaml(request.membership),
            "application/yaml",
            f"teams-{stamp}.yaml",
        )
    return attachment(body, name, ctype)


@member_view("teams.view")
def settings_page(request: PomRequest) -> HttpResponse:
    limit = queries.size_limit(request.membership.organization_id)
    form = SettingsForm(request.POST or None, initial={"team_size_limit": limit})
    if request.method == "POST":
        require(request.membership, "teams.settings")
    if saved := save_form(
        request,
        form,
        lambda data: services.update_settings(request.membership, **data),
        success="Team settings are saved.",
        to="teams:settings",
    ):
        return saved
    context = {
        "active": "teams",
        "form": form,
        "can_edit": can(request.membership, "teams.settings"),
    }
    return render_page(request, "teams/settings.html", context, status=form_status(request, form))
