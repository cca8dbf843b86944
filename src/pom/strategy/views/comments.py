"""Comments on bets and outcomes."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core.lookup import get_for_member
from pom.core.permissions import require
from pom.core.web import PomRequest, act, member_view
from pom.strategy import services
from pom.strategy.forms import CommentForm
from pom.strategy.models import Comment, Outcome, StrategicBet


@member_view()
@require_POST
def bet_comment(request: PomRequest, pk: int) -> HttpResponse:
    bet = get_for_member(StrategicBet, request, pk=pk)
    require(request.membership, "strategy.comment")
    form = CommentForm(request.POST)
    return act(
        request,
        lambda: services.add_comment(request.membership, body=form.cleaned_data["body"], bet=bet),
        "Comment added.",
        reverse("strategy:bet", args=[bet.pk]) + "#comments",
        form=form,
        invalid="Write something to comment.",
    )


@member_view()
@require_POST
def comment_delete(request: PomRequest, pk: int) -> HttpResponse:
    comment = get_for_member(Comment, request, pk=pk)
    target = (
        reverse("strategy:outcome", args=[comment.outcome_id])
        if comment.outcome_id
        else reverse("strategy:bet", args=[comment.bet_id])
    )
    if comment.author_id != request.user.pk:
        require(request.membership, "strategy.manage")
    return act(
        request,
        lambda: services.delete_comment(request.membership, comment),
        "Comment deleted.",
        target + "#comments",
    )


@member_view()
@require_POST
def outcome_comment(request: PomRequest, pk: int) -> HttpResponse:
    outcome = get_for_member(Outcome, request, pk=pk)
    require(request.membership, "strategy.comment")
    form = CommentForm(request.POST)
    return act(
        request,
        lambda: services.add_comment(
            request.membership, body=form.cleaned_data["body"], outcome=outcome
        ),
        "Comment added.",
        reverse("strategy:outcome", args=[outcome.pk]) + "#comments",
        form=form,
        invalid="Write something to comment.",
    )
