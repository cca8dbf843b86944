"""Pilot selection pages: every team ranked on the five criteria with the recommended number of
pilots, and one team's case with the forms to choose it, end its pilot or answer for it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core.filters import SearchParams
from pom.core.lookup import get_for_member
from pom.core.permissions import can, require
from pom.core.web import PomRequest, act, form_status, member_view, paginate, save_form
from pom.teams.models import Team
from pom.transformation import queries, services
from pom.transformation.forms import ChooseForm, EndPilotForm, HungerForm
from pom.transformation.models import HUNGER_QUESTIONS, HungerAnswer, PilotChoice
from pom.transformation.pilots import CRITERIA
from pom.transformation.views.common import render


def _team(request: PomRequest, slug: str) -> Team:
    return get_for_member(Team, request, slug=slug, archived_at__isnull=True)


def _url(team: Team) -> str:
    return reverse("transformation:pilot_team", args=[team.slug])


@member_view("transformation.view")
def board(request: PomRequest) -> HttpResponse:
    actor = request.membership
    if request.method == "POST":
        require(actor, "transformation.manage")
        queries.pilot_board(actor, refresh=True)
        messages.success(request, "Every team is ranked afresh.")
        return redirect("transformation:pilots")
    found = queries.pilot_board(actor, kept=True)
    q = SearchParams.from_request(request).values["q"]
    context = {
        "board": found,
        "page": paginate(request, queries.search(found, q)),
        "q": q,
        "criteria": CRITERIA,
        "can_manage": can(actor, "transformation.manage"),
        "section": "pilots",
    }
    return render(
        request,
        "transformation/pilots.html",
        context,
        partial="transformation/partials/_candidates.html",
    )


def _team_page(request: PomRequest, team: Team, status: int = 200, **forms: Any) -> HttpResponse:
    actor = request.membership
    found = queries.pilot_board(actor, kept=True)
    manage = can(actor, "transformation.manage")
    speaks = can(actor, "transformation.hunger", team)
    entry = queries.candidate(found, team)
    mine = (
        HungerAnswer.objects.for_member(actor)
        .filter(team=team, answered_by_id=actor.user_id)
        .first()
        if speaks
        else None
    )
    context = {
        "team": team,
        "c": entry,
        "board": found,
        "history": list(queries.pilot_choices(actor).filter(team=team)),
        "choose_form": forms.get("choose_form")
        or (ChooseForm() if manage and not entry.choice else None),
        "end_form": forms.get("end_form") or (EndPilotForm() if manage and entry.choice else None),
        "hunger_form": forms.get("hunger_form")
        or (HungerForm(initial=_initial(mine)) if speaks else None),
        "my_answer": mine,
        "questions": HUNGER_QUESTIONS,
        "section": "pilots",
    }
    return render(request, "transformation/pilot_team.html", context, status=status)


def _initial(answer: HungerAnswer | None) -> dict[str, Any]:
    if answer is None:
        return {}
    return {key: getattr(answer, key) for key, _ in HUNGER_QUESTIONS} | {"note": answer.note}


@member_view("transformation.view")
def team(request: PomRequest, slug: str) -> HttpResponse:
    return _team_page(request, _team(request, slug))


@require_POST
@member_view("transformation.manage")
def choose(request: PomRequest, slug: str) -> HttpResponse:
    actor = request.membership
    found = _team(request, slug)
    form = ChooseForm(request.POST or None)

    def save(data: dict[str, Any]) -> services.Chosen:
        chosen = services.choose_pilot(actor, team=found, reason=data["reason"])
        for warning in chosen.warnings:
            messages.warning(request, warning)
        return chosen

    if saved := save_form(
        request, form, save, success=f"{found.name} is now a pilot team.", to=_url(found)
    ):
        return saved
    return _team_page(
        request, found, status=form_status(request, form, failed=True), choose_form=form
    )


@require_POST
@member_view("transformation.manage")
def end(request: PomRequest, pk: int) -> HttpResponse:
    actor = request.membership
    choice = get_for_member(PilotChoice, request, pk=pk, select_related=["team"])
    form = EndPilotForm(request.POST or None)
    return act(
        request,
        lambda: services.end_pilot(
            actor,
            choice,
            reason=form.cleaned_data["reason"],
            graduated=form.cleaned_data["graduated"],
        ),
        f"The pilot of {choice.team.name} has ended.",
        _url(choice.team),
        form=form,
        invalid="Say why the pilot ends.",
    )


@require_POST
@member_view("transformation.view")
def hunger(request: PomRequest, slug: str) -> HttpResponse:
    actor = request.membership
    found = _team(request, slug)
    require(actor, "transformation.hunger", found)
    form = HungerForm(request.POST or None)
    if saved := save_form(
        request,
        form,
        lambda data: services.answer_hunger(actor, team=found, **data),
        success=f"Thank you: your answer for {found.name} is recorded.",
        to=_url(found),
    ):
        return saved
    return _team_page(
        request, found, status=form_status(request, form, failed=True), hunger_form=form
    )
