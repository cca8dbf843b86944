"""Strategic bets: add, edit, move, re-rank and delete."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core.permissions import require
from pom.core.web import PomRequest, apply_errors, member_view, render_page
from pom.strategy import clarity, services
from pom.strategy.forms import BetForm, CommentForm
from pom.strategy.models import Comment, StrategicBet
from pom.strategy.views.common import _act, _ctx, _get
from pom.strategy.views.home import _home_context


@member_view("strategy.manage")
@require_POST
def bet_create(request: PomRequest) -> HttpResponse:
    form = BetForm(request.POST)
    if form.is_valid():
        try:
            bet = services.create_bet(
                request.membership,
                insert=form.cleaned_data["insert"],
                **form.service_data(request.membership),
            )
        except ValidationError as exc:
            form = _offer_insert(request, form, exc)
        else:
            messages.success(
                request,
                f"Bet “{bet.title}” added at rank {bet.rank}." if bet.rank else "Bet added.",
            )
            return redirect("strategy:index")
    return render_page(
        request, "strategy/index.html", _home_context(request, bet_form=form), status=400
    )


def _offer_insert(request: PomRequest, form: BetForm, exc: ValidationError) -> BetForm:
    """On a rank already taken, show the form again with the choice to insert and move the rest."""
    taken = hasattr(exc, "error_dict") and any(
        e.code == "rank_taken" for e in exc.error_dict.get("rank", [])
    )
    if taken:
        form = BetForm(request.POST, offer_insert=True)
        form.is_valid()
    apply_errors(form, exc)
    return form


@member_view("strategy.view")
def bet(request: PomRequest, pk: int) -> HttpResponse:
    bet = _get(request, StrategicBet, pk, StrategicBet.objects.select_related("owner"))
    form = None
    if request.method == "POST":
        require(request.membership, "strategy.manage")
        form = BetForm(request.POST)
        if form.is_valid():
            try:
                services.update_bet(
                    request.membership,
                    bet,
                    insert=form.cleaned_data["insert"],
                    **form.service_data(request.membership),
                )
            except ValidationError as exc:
                form = _offer_insert(request, form, exc)
            else:
                messages.success(request, "Bet saved.")
                return redirect("strategy:bet", pk=bet.pk)
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
    return render_page(request, "strategy/bet.html", context, status=400 if form.errors else 200)


@member_view()
@require_POST
def bet_move(request: PomRequest, pk: int) -> HttpResponse:
    bet = _get(request, StrategicBet, pk)
    require(request.membership, "strategy.manage")
    offset = -1 if request.POST.get("direction") == "up" else 1
    return _act(
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
    bet = _get(request, StrategicBet, pk)
    require(request.membership, "strategy.manage")
    return _act(
        request,
        lambda: services.delete_bet(request.membership, bet),
        f"Bet “{bet.title}” deleted.",
        reverse("strategy:index"),
    )
