"""Strategic bets: add, edit, move, re-rank and delete."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core.lookup import get_for_member
from pom.core.permissions import require
from pom.core.web import PomRequest, act, form_status, member_view, render_page, save_form
from pom.strategy import clarity, services
from pom.strategy.forms import BetForm, CommentForm
from pom.strategy.models import Comment, StrategicBet
from pom.strategy.views.common import _ctx
from pom.strategy.views.home import _home_context


@member_view("strategy.manage")
@require_POST
def bet_create(request: PomRequest) -> HttpResponse:
    actor = request.membership
    form = BetForm(request.POST)
    if saved := save_form(
        request,
        form,
        lambda data: services.create_bet(actor, insert=data["insert"], **form.service_data(actor)),
        success=lambda bet: (
            f"Bet “{bet.title}” added at rank {bet.rank}." if bet.rank else "Bet added."
        ),
        to="strategy:index",
    ):
        return saved
    context = _home_context(request, bet_form=_offer_insert(request, form))
    return render_page(request, "strategy/index.html", context, status=form_status(request, form))


def _offer_insert(request: PomRequest, form: BetForm) -> BetForm:
    """On a rank already taken, show the form again with the choice to insert and move the rest."""
    refused = form.errors.as_data()
    if not any(e.code == "rank_taken" for e in refused.get("rank", [])):
        return form
    offer = BetForm(request.POST, offer_insert=True)
    offer.is_valid()
    for field, errors in refused.items():
        for error in errors:
            offer.add_error(None if field == "__all__" else field, error)
    return offer


@member_view("strategy.view")
def bet(request: PomRequest, pk: int) -> HttpResponse:
    bet = get_for_member(StrategicBet, request, pk=pk, select_related=["owner"])
    form = None
    if request.method == "POST":
        require(request.membership, "strategy.manage")
        actor = request.membership
        posted = BetForm(request.POST)
        if saved := save_form(
            request,
            posted,
            lambda data: services.update_bet(
                actor, bet, insert=data["insert"], **posted.service_data(actor)
            ),
            success="Bet saved.",
            to=reverse("strategy:bet", args=[bet.pk]),
        ):
            return saved
        form = _offer_insert(request, posted)
    if form is None:
        form = BetForm(
            initial={
                "title": bet.title,
                "insight": bet.insight,
                "tradeoffs": bet.tradeoffs,
                "rank": bet.rank,
                "time_frame": bet.time_frame,
                "status": bet.status,
                "owner_email": bet.owner.email if bet.owner else "",
            }
        )
    context = _ctx(
        request,
        bet=bet,
        form=form,
        findings=clarity.lint_bet(bet.draft()),
        outcomes=list(bet.outcomes.select_related("owner_team").order_by("level", "title")[:200]),
        comments=list(
            Comment.objects.for_member(request.membership).filter(bet=bet).select_related("author")
        ),
        comment_form=CommentForm(),
    )
    return render_page(request, "strategy/bet.html", context, status=form_status(request, form))


@member_view()
@require_POST
def bet_move(request: PomRequest, pk: int) -> HttpResponse:
    bet = get_for_member(StrategicBet, request, pk=pk)
    require(request.membership, "strategy.manage")
    offset = -1 if request.POST.get("direction") == "up" else 1
    return act(
        request,
        lambda: services.move_bet(request.membership, bet, offset),
        f"“{bet.title}” moved {'up' if offset < 0 else 'down'}.",
        reverse("strategy:index") + f"#bet-{bet.pk}",
    )


@member_view("strategy.manage")
@require_POST
def bet_rerank(request: PomRequest) -> HttpResponse:
    try:
        order = [int(x) for x in request.POST.getlist("order")]
        services.rerank_bets(request.membership, order)
    except (ValueError, ValidationError) as exc:
        message = " ".join(exc.messages) if isinstance(exc, ValidationError) else "Bad order."
        if request.htmx:
            return HttpResponse(message, status=400)
        messages.error(request, message)
        return redirect("strategy:index")
    if request.htmx:
        context = _home_context(request)
        return render_page(
            request, "strategy/index.html", context, partial="strategy/partials/_bets.html"
        )
    messages.success(request, "Bets re-ranked.")
    return redirect("strategy:index")


@member_view()
@require_POST
def bet_delete(request: PomRequest, pk: int) -> HttpResponse:
    bet = get_for_member(StrategicBet, request, pk=pk)
    require(request.membership, "strategy.manage")
    return act(
        request,
        lambda: services.delete_bet(request.membership, bet),
        f"Bet “{bet.title}” deleted.",
        reverse("strategy:index"),
    )
