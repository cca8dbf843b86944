"""Comments on bets and outcomes."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core.permissions import require
from pom.core.web import PomRequest, member_view
from pom.strategy import services
from pom.strategy.forms import CommentForm
from pom.strategy.models import Comment, Outcome, StrategicBet
from pom.strategy.views.common import _act, _get


@member_view()
@require_POST
def bet_comment(request: PomRequest, pk: int) -> HttpResponse:
    bet = _get(request, StrategicBet, pk)
    require(request.membership, "strategy.comment")
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write something to comment.")
        return redirect("strategy:bet", pk=bet.pk)
    return _act(
        request,
        lambda: services.add_comment(request.membership, body=form.cleaned_data["body"], bet=bet),
        "Comment added.",
        reverse("strategy:bet", args=[bet.pk]) + "#comments",
    )


@member_view()
@require_POST
def comment_delete(request: PomRequest, pk: int) -> HttpResponse:
    comment = _get(request, Comment, pk)
    target = (
        reverse("strategy:outcome", args=[comment.outcome_id])
        if comment.outcome_id
        else reverse("strategy:bet", args=[comment.bet_id])
    )
    if comment.author_id != request.user.pk:
        require(request.membership, "strategy.manage")
    return _act(
        request,
        lambda: services.delete_comment(request.membership, comment),
        "Comment deleted.",
        target + "#comments",
    )


@member_view()
@require_POST
def outcome_comment(request: PomRequest, pk: int) -> HttpResponse:
    outcome = _get(request, Outcome, pk)
    require(request.membership, "strategy.comment")
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write something to comment.")
        return redirect("strategy:outcome", pk=outcome.pk)
    return _act(
        request,
        lambda: services.add_comment(
            request.membership, body=form.cleaned_data["body"], outcome=outcome
        ),
        "Comment added.",
        reverse("strategy:outcome", args=[outcome.pk]) + "#comments",
    )
