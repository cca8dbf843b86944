"""Product principles: everyone reads them and sees how often decisions cite each; leaders and
owners add, edit, re-order and delete them."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core.lookup import get_for_member
from pom.core.permissions import require
from pom.core.web import (
    PomRequest,
    act,
    form_status,
    json_or_flash,
    member_view,
    redirect_to,
    render_page,
    save_form,
)
from pom.strategy import queries, services
from pom.strategy.forms import PrincipleForm
from pom.strategy.models import Principle
from pom.strategy.views.common import _ctx


def principles_with_counts(request: PomRequest) -> list[Principle]:
    return list(queries.principles_with_counts(request.membership))


@member_view("strategy.view")
def principles(request: PomRequest) -> HttpResponse:
    form = PrincipleForm(request.POST or None)
    if request.method == "POST":
        require(request.membership, "strategy.manage")
    if saved := save_form(
        request,
        form,
        lambda data: services.create_principle(request.membership, **data),
        success=lambda p: f"Principle {p.position} added.",
        to=lambda p: p,
    ):
        return saved
    context = _ctx(request, principles=principles_with_counts(request), form=form)
    return render_page(
        request, "strategy/principles.html", context, status=form_status(request, form)
    )


@member_view("strategy.view")
def principle(request: PomRequest, pk: int) -> HttpResponse:
    """Edit one principle (leaders and owners); reading it is the list's anchor."""
    p = get_for_member(Principle, request, pk=pk)
    if request.method != "POST":
        return redirect_to(request, p)
    require(request.membership, "strategy.manage")
    form = PrincipleForm(request.POST)
    if saved := save_form(
        request,
        form,
        lambda data: services.update_principle(request.membership, p, **data),
        success="Principle saved.",
        to=lambda saved: saved,
    ):
        return saved
    context = _ctx(
        request,
        principles=principles_with_counts(request),
        form=PrincipleForm(),
        editing=p,
        edit_form=form,
    )
    return render_page(
        request, "strategy/principles.html", context, status=form_status(request, form)
    )


@member_view()
@require_POST
def principle_move(request: PomRequest, pk: int) -> HttpResponse:
    p = get_for_member(Principle, request, pk=pk)
    require(request.membership, "strategy.manage")
    offset = -1 if request.POST.get("direction") == "up" else 1
    return act(
        request,
        lambda: services.move_principle(request.membership, p, offset),
        f"Principle moved {'up' if offset < 0 else 'down'}.",
        reverse("strategy:principles") + f"#principle-{p.pk}",
    )


@member_view("strategy.manage")
@require_POST
def principle_reorder(request: PomRequest) -> HttpResponse:
    """A new order for all of them (drag and drop posts ``order`` ids as JSON or a form)."""
    order = request.POST.getlist("order")
    done = json_or_flash(
        request,
        lambda: services.reorder_principles(request.membership, order),
        "Principles re-ordered.",
    )
    return done or redirect_to(request, "strategy:principles")


@member_view()
@require_POST
def principle_delete(request: PomRequest, pk: int) -> HttpResponse:
    p = get_for_member(Principle, request, pk=pk)
    require(request.membership, "strategy.manage")
    return act(
        request,
        lambda: services.delete_principle(request.membership, p),
        f"Principle “{p.text}” deleted.",
        "strategy:principles",
    )
