"""Learning log pages: the log (search, filters, the quarter's view), proposals from concluded
tests, and writing, editing or deleting an entry."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core.lookup import get_for_member
from pom.core.permissions import can
from pom.core.web import (
    PomRequest,
    act,
    form_status,
    member_view,
    paginate,
    renderer,
    save_form,
)
from pom.culture import forms, learnings
from pom.culture.filters import LearningFilter, LearningStart
from pom.culture.models import Learning, LearningSource
from pom.experiments.models import AssumptionTest, TestStatus
from pom.teams.models import Team

_render = renderer("culture")


@member_view("culture.view")
def index(request: PomRequest) -> HttpResponse:
    filters = LearningFilter.from_request(request, learnings.learnings_for(request.membership))
    values = filters.values
    bounds = learnings.quarter_bounds(values["quarter"]) if values["quarter"] else None
    qs = filters.qs
    can_write = can(request.membership, "culture.run")
    context = {
        "page": paginate(request, qs),
        "q": values["q"],
        "team": values["team"] or None,
        "source": values["source"],
        "tag": values["tag"],
        "quarter": values["quarter"],
        "bounds": bounds,
        "bad_quarter": "quarter" in filters.errors,
        "this_quarter": learnings.this_quarter(),
        "sources": LearningSource.choices,
        "proposals": learnings.proposals(request.membership) if can_write else [],
        "can_write": can_write,
    }
    return _render(request, "culture/learnings.html", context)


@member_view("culture.run")
def learning_create(request: PomRequest) -> HttpResponse:
    initial: dict[str, Any] = {"source": LearningSource.OTHER}
    test = None
    start = LearningStart.from_request(request).values
    if start["test"]:
        test = get_for_member(AssumptionTest, request, pk=start["test"], select_related=["team"])
        if test.status == TestStatus.CONCLUDED:
            initial = learnings.proposal_from_test(test)
    team = (
        get_for_member(Team, request, slug=start["team"])
        if start["team"]
        else (test.team if test else None)
    )
    if team is not None:
        initial["team"] = team.pk
    form = forms.LearningForm(request.POST if request.method == "POST" else None, initial=initial)
    if saved := save_form(
        request,
        form,
        lambda data: learnings.record_learning(request.membership, **data),
        success="Learning recorded.",
        to=lambda entry: f"{reverse('culture:learnings')}?team={entry.team_id or ''}",
    ):
        return saved
    context = {"form": form, "entry": None, "team": team, "test": test}
    return _render(
        request, "culture/learning_form.html", context, status=form_status(request, form)
    )


@member_view("culture.run")
def learning_edit(request: PomRequest, pk: int) -> HttpResponse:
    entry = get_for_member(Learning, request, pk=pk, select_related=["team", "test"])
    initial = {
        "team": entry.team_id,
        "test": entry.test_id,
        "title": entry.title,
        "what_happened": entry.what_happened,
        "lesson": entry.lesson,
        "source": entry.source,
        "tags": ", ".join(entry.tag_list),
        "learned_on": entry.learned_on,
    }
    form = forms.LearningForm(request.POST if request.method == "POST" else None, initial=initial)
    if saved := save_form(
        request,
        form,
        lambda data: learnings.update_learning(request.membership, entry, **data),
        success="Learning saved.",
        to="culture:learnings",
    ):
        return saved
    context = {"form": form, "entry": entry, "team": entry.team, "test": entry.test}
    return _render(
        request, "culture/learning_form.html", context, status=form_status(request, form)
    )


@require_POST
@member_view("culture.run")
def learning_delete(request: PomRequest, pk: int) -> HttpResponse:
    entry = get_for_member(Learning, request, pk=pk, select_related=["team"])
    return act(
        request,
        lambda: learnings.delete_learning(request.membership, entry),
        "Learning deleted.",
        "culture:learnings",
    )
