"""Ritual calendar pages: the calendar (every team's demo, check-in and retro, and the portfolio
review), a team's rituals (set a cadence, log a retro), and the review's cadence for leaders."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core.lookup import get_for_member
from pom.core.permissions import can
from pom.core.validation import today
from pom.core.web import PomRequest, act, form_status, member_view, paginate, renderer, save_form
from pom.culture import calendar, forms, rituals
from pom.culture.filters import CalendarParams
from pom.culture.models import RitualCadence, RitualKind, RitualLog
from pom.teams.models import Team
from pom.teams.queries import my_team_ids

RECENT_RETROS = 10


_render = renderer("culture")


def _team_url(team: Team) -> str:
    return reverse("culture:team_rituals", args=[team.slug])


def _posted(request: PomRequest) -> Any:
    return request.POST if request.method == "POST" else None


@member_view("culture.view")
def calendar_page(request: PomRequest) -> HttpResponse:
    actor = request.membership
    params = CalendarParams.from_request(request).values
    team = (
        Team.objects.for_member(actor).filter(pk=params["team"]).first() if params["team"] else None
    )
    rows = calendar.calendar(
        actor.organization_id,
        today(),
        team=team.pk if team else (-1 if params["team"] else None),
        team_ids=my_team_ids(actor) if params["mine"] else None,
        overdue=bool(params["overdue"]),
    )
    context = {
        "page": paginate(request, rows),
        "review": calendar.review_ritual(actor.organization_id, today()),
        "team": team,
        "mine": bool(params["mine"]),
        "overdue": bool(params["overdue"]),
        "filtered": bool(params["team"] or params["mine"] or params["overdue"]),
        "can_review": can(actor, "culture.review"),
        "kinds": [RitualKind(k).label for k in calendar.TEAM_RITUALS],
    }
    return _render(request, "culture/calendar.html", context)


def _team_context(request: PomRequest, team: Team, form: Any, retro: Any) -> dict[str, Any]:
    actor = request.membership
    (row,) = calendar.team_rows(actor.organization_id, [team], today())
    retros = (
        RitualLog.objects.for_member(actor)
        .filter(team_id=team.pk, kind=RitualKind.RETRO)
        .select_related("logged_by")
        .order_by("-held_on", "-id")[:RECENT_RETROS]
    )
    return {
        "team": team,
        "row": row,
        "form": form,
        "retro_form": retro,
        "retros": list(retros),
        "can_run": can(actor, "culture.run", team) and not team.is_archived,
    }


@member_view("culture.view")
def team_rituals(request: PomRequest, slug: str) -> HttpResponse:
    team = get_for_member(Team, request, slug=slug)
    form = forms.CadenceForm(_posted(request), initial={"kind": RitualKind.DEMO})
    if saved := save_form(
        request,
        form,
        lambda data: rituals.set_cadence(request.membership, team=team, **data),
        success=lambda result: (
            f"{result[0].get_kind_display()} every "
            f"{result[0].every_weeks} week{'s' if result[0].every_weeks != 1 else ''}: on the calendar."
        ),
        to=_team_url(team),
    ):
        return saved
    context = _team_context(request, team, form, forms.RetroForm())
    return _render(request, "culture/team_rituals.html", context, status=form_status(request, form))


@require_POST
@member_view("culture.run")
def retro_log(request: PomRequest, slug: str) -> HttpResponse:
    team = get_for_member(Team, request, slug=slug)
    retro = forms.RetroForm(request.POST)
    if saved := save_form(
        request,
        retro,
        lambda data: rituals.log_retro(request.membership, team=team, **data),
        success="Retro logged: the calendar counts the next one from it.",
        to=_team_url(team),
    ):
        return saved
    context = _team_context(request, team, forms.CadenceForm(), retro)
    return _render(
        request, "culture/team_rituals.html", context, status=form_status(request, retro)
    )


@require_POST
@member_view("culture.run")
def retro_delete(request: PomRequest, pk: int) -> HttpResponse:
    log = get_for_member(RitualLog, request, pk=pk, select_related=["team"])
    return act(
        request,
        lambda: rituals.delete_retro(request.membership, log),
        "Retro taken back.",
        _team_url(log.team),
    )


@require_POST
@member_view("culture.run")
def cadence_stop(request: PomRequest, pk: int) -> HttpResponse:
    cadence = get_for_member(RitualCadence, request, pk=pk, select_related=["team"])
    back = _team_url(cadence.team) if cadence.team else reverse("culture:calendar")
    return act(
        request,
        lambda: rituals.stop_cadence(request.membership, cadence),
        f"{cadence.get_kind_display()} taken off the calendar.",
        back,
    )


@member_view("culture.review")
def review_cadence(request: PomRequest) -> HttpResponse:
    actor = request.membership
    review = calendar.review_ritual(actor.organization_id, today())
    initial = (
        {"every_weeks": review.cadence.every_weeks, "starts_on": review.cadence.starts_on}
        if review.cadence
        else {}
    )
    form = forms.ReviewCadenceForm(_posted(request), initial=initial)
    if saved := save_form(
        request,
        form,
        lambda data: rituals.set_cadence(actor, kind=RitualKind.REVIEW, **data),
        success="The portfolio review's cadence is set.",
        to="culture:calendar",
    ):
        return saved
    context = {"form": form, "review": review}
    return _render(
        request, "culture/review_cadence.html", context, status=form_status(request, form)
    )
