"""The insight repository: search, add, and link insights to opportunities as evidence."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core import pickers
from pom.core.lookup import get_for_member
from pom.core.web import PomRequest, act, form_status, member_view, paginate, render_page, save_form
from pom.discovery import forms, queries, services
from pom.discovery.filters import InsightSearch
from pom.discovery.models import (
    Insight,
    Opportunity,
)
from pom.discovery.views.common import _editable_teams


@member_view("discovery.view")
def insights(request: PomRequest) -> HttpResponse:
    actor = request.membership
    editable = _editable_teams(request)
    form = forms.InsightForm(request.POST or None, actor=actor)
    if request.method == "POST" and not editable:
        raise PermissionDenied("Only team members can add insights for their team.")
    if saved := save_form(
        request,
        form,
        lambda data: services.add_insight(actor, **data),
        success="Insight kept.",
        to="discovery:insights",
    ):
        return saved
    search = InsightSearch.from_request(request).values
    query, tags, team = search["q"], search["tag"] or [], search["team"] or None
    unlinked = search["unlinked"] is True
    qs = queries.insights_for(
        actor, query=query, tags=tags, team=team, unlinked=unlinked
    ).prefetch_related("opportunities")
    editable_ids = {t.pk for t in editable}
    page = paginate(request, queries.capped(qs, query))  # type: ignore[arg-type]
    context = {
        "active": "discovery",
        "form": form,
        "page": page,
        "query": query,
        "tags": tags,
        "popular_tags": queries.popular_tags(actor, team),
        "team_filter": team,
        "unlinked": unlinked,
        "editable_ids": editable_ids,
        "can_add": bool(editable),
        "search_cap": queries.SEARCH_CAP,
    }
    return render_page(
        request,
        "discovery/insights.html",
        context,
        partial="discovery/partials/_insights.html",
        status=form_status(request, form),
    )


@member_view("discovery.view")
@require_POST
def insight_link(request: PomRequest, pk: int) -> HttpResponse:
    insight = get_for_member(Insight, request, pk=pk)
    back = request.POST.get("next") or reverse("discovery:insights")
    if not back.startswith("/") or back.startswith("//"):
        back = reverse("discovery:insights")
    if pickers.picking(request):  # "Find" without JavaScript: back to the list, searching
        return redirect(pickers.search_url(request, back))
    opportunity = get_for_member(
        Opportunity, request, pk=request.POST.get("opportunity") or 0, select_related=["team"]
    )
    unlink = request.POST.get("unlink") == "1"
    action = services.unlink_insight if unlink else services.link_insight
    verb = "no longer evidence for" if unlink else "now evidence for"
    return act(
        request,
        lambda: action(request.membership, insight, opportunity),
        f"The insight is {verb} “{opportunity.title}”.",
        back,
    )
