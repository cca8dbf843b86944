"""Portfolio review pages: the list, starting one, the review (by bet), notes, holding, Markdown."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.text import slugify
from django.views.decorators.http import require_POST

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
from pom.culture import forms, reviews
from pom.culture.filters import ReviewSection
from pom.culture.markdown import review_markdown
from pom.culture.models import PortfolioReview
from pom.culture.portfolio import bet_rows

ROWS_PER_PAGE = 50


_render = renderer("culture")


def _review(request: PomRequest, pk: int) -> PortfolioReview:
    return get_for_member(PortfolioReview, request, pk=pk, select_related=["held_by", "previous"])


@member_view("culture.view")
def index(request: PomRequest) -> HttpResponse:
    qs = (
        PortfolioReview.objects.for_member(request.membership)
        .defer("snapshot", "notes")
        .order_by("-created_at", "-id")
    )
    context = {
        "page": paginate(request, qs),
        "can_review": can(request.membership, "culture.review"),
    }
    return _render(request, "culture/reviews.html", context)


@require_POST
@member_view("culture.review")
def review_create(request: PomRequest) -> HttpResponse:
    review = reviews.start_review(request.membership)
    messages.success(request, "Review started: the portfolio as of today, against the last review.")
    return redirect(review)


@member_view("culture.view")
def review(request: PomRequest, pk: int) -> HttpResponse:
    obj = _review(request, pk)
    content = reviews.review_content(obj)
    bets = {b["key"]: b for b in content["bets"]}
    bet = ReviewSection.from_request(request, bets=bets).values["bet"]
    chosen = bets.get(bet)
    rows = paginate(request, bet_rows(content, bet), ROWS_PER_PAGE) if chosen else None
    context = {
        "review": obj,
        "content": content,
        "bet": chosen,
        "rows": rows,
        "held_line": reviews.held_line(obj),
        "can_review": can(request.membership, "culture.review") and not obj.is_held,
    }
    return _render(request, "culture/review.html", context)


@member_view("culture.review")
def review_edit(request: PomRequest, pk: int) -> HttpResponse:
    obj = _review(request, pk)
    if obj.is_held:
        messages.error(request, "This review was held and is frozen as it was shown.")
        return redirect(obj)
    form = forms.ReviewForm(
        request.POST if request.method == "POST" else None,
        initial={"title": obj.title, "notes": obj.notes},
    )
    if saved := save_form(
        request,
        form,
        lambda data: reviews.update_review(request.membership, obj, **data),
        success="Review saved.",
        to=lambda r: r.get_absolute_url(),
    ):
        return saved
    context = {"form": form, "review": obj}
    return _render(request, "culture/review_form.html", context, status=form_status(request, form))


@require_POST
@member_view("culture.review")
def review_hold(request: PomRequest, pk: int) -> HttpResponse:
    obj = _review(request, pk)
    return act(
        request,
        lambda: reviews.hold_review(request.membership, obj),
        "Review held: the next review shows what changed since this one.",
        obj,
    )


@require_POST
@member_view("culture.review")
def review_delete(request: PomRequest, pk: int) -> HttpResponse:
    obj = _review(request, pk)
    return act(
        request,
        lambda: reviews.delete_review(request.membership, obj),
        "Draft review deleted.",
        "culture:reviews",
        back=obj,
    )


@member_view("culture.view")
def review_markdown_export(request: PomRequest, pk: int) -> HttpResponse:
    obj = _review(request, pk)
    text = review_markdown(
        obj.title,
        obj.notes,
        reviews.review_content(obj),
        held=reviews.held_line(obj),
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    return attachment(text, f"{slugify(obj.title) or obj.pk}.md", "text/markdown")
