"""Culture pages: the demos list, preparing a team's demo, the demo itself (designed to be
presented), its Markdown export, and holding it. Thin: parse, look up, call a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from pom.core.filters import SearchParams
from pom.core.lookup import get_for_member
from pom.core.permissions import can
from pom.core.web import (
    PomRequest,
    act,
    attachment,
    form_status,
    member_view,
    paginate,
    renderer,
    save_form,
)
from pom.culture import forms, queries, services
from pom.culture.filters import DemoFilter
from pom.culture.markdown import demo_markdown
from pom.culture.models import Demo
from pom.teams.models import Team

_render = renderer("culture")


def _posted(request: PomRequest) -> Any:
    # An empty post is still a post: every field of the demo form is optional.
    return request.POST if request.method == "POST" else None


def _demo(request: PomRequest, pk: int) -> Demo:
    return get_for_member(Demo, request, pk=pk, select_related=["team", "held_by"])


@member_view("culture.view")
def index(request: PomRequest) -> HttpResponse:
    filters = DemoFilter.from_request(request, queries.demos_for(request.membership))
    search = SearchParams.from_request(request).values["q"]
    context = {
        "page": paginate(request, filters.qs),
        "team": filters.values["team"] or None,
        "picker": queries.team_choices(request.membership, search),
        "can_run": can(request.membership, "culture.run"),
    }
    return _render(request, "culture/index.html", context, partial="culture/partials/_demos.html")


@member_view("culture.run")
def demo_create(request: PomRequest, slug: str) -> HttpResponse:
    team = get_for_member(Team, request, slug=slug)
    start, end = services.default_period(team)
    form = forms.DemoForm(_posted(request), initial={"period_start": start, "period_end": end})
    if saved := save_form(
        request,
        form,
        lambda data: services.create_demo(request.membership, team=team, **data),
        success="Demo prepared from the team's records. Add a narrative on top, then present it.",
        to=lambda demo: demo.get_absolute_url(),
    ):
        return saved
    context = {"form": form, "team": team, "demo": None}
    return _render(request, "culture/demo_form.html", context, status=form_status(request, form))


@member_view("culture.view")
def demo(request: PomRequest, pk: int) -> HttpResponse:
    obj = _demo(request, pk)
    context = {
        "demo": obj,
        "content": services.content_of(request.membership, obj),
        "held_line": services.held_line(obj),
        "can_run": can(request.membership, "culture.run", obj.team) and not obj.is_held,
    }
    return _render(request, "culture/demo.html", context)


@member_view("culture.run")
def demo_edit(request: PomRequest, pk: int) -> HttpResponse:
    obj = _demo(request, pk)
    if obj.is_held:
        messages.error(request, "This demo was held and is frozen as it was shown.")
        return redirect(obj)
    initial = {
        "title": obj.title,
        "period_start": obj.period_start,
        "period_end": obj.period_end,
        "narrative": obj.narrative,
    }
    form = forms.DemoForm(_posted(request), initial=initial)
    if saved := save_form(
        request,
        form,
        lambda data: services.update_demo(request.membership, obj, **data),
        success="Demo saved.",
        to=lambda d: d.get_absolute_url(),
    ):
        return saved
    context = {"form": form, "team": obj.team, "demo": obj}
    return _render(request, "culture/demo_form.html", context, status=form_status(request, form))


@require_POST
@member_view("culture.run")
def demo_hold(request: PomRequest, pk: int) -> HttpResponse:
    obj = _demo(request, pk)
    return act(
        request,
        lambda: services.hold_demo(request.membership, obj),
        "Demo held: what it showed is frozen, so later edits do not rewrite it.",
        obj,
    )


@require_POST
@member_view("culture.run")
def demo_delete(request: PomRequest, pk: int) -> HttpResponse:
    obj = _demo(request, pk)
    return act(
        request,
        lambda: services.delete_demo(request.membership, obj),
        "Draft deleted.",
        "culture:index",
        back=obj,
    )


@member_view("culture.view")
def demo_markdown_export(request: PomRequest, pk: int) -> HttpResponse:
    obj = _demo(request, pk)
    text = demo_markdown(
        obj.title,
        obj.narrative,
        services.content_of(request.membership, obj),
        held=services.held_line(obj),
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    name = slugify(obj.title) or f"demo-{obj.pk}"
    return attachment(text, f"{name}.md", "text/markdown")
