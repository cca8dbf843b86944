"""The insight repository: search, add, and link insights to opportunities as evidence."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core.lookup import get_for_member, scoped
from pom.core.web import PomRequest, act, form_status, member_view, paginate, render_page, save_form
from pom.discovery import forms, queries, services
from pom.discovery.filters import InsightSearch
from pom.discovery.models import (
    Insight,
    Opportunity,
)
from pom.discovery.views.common import (
    _attach_link_options,
    _editable_teams,
    _teams,
)


@member_view("discovery.view")
def insights(request: PomRequest) -> HttpResponse:
    actor = request.membership
    editable = _editable_teams(request)
    form = forms.InsightForm(request.POST or None, teams=editable)
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
    link_targets = list(
        scoped(Opportunity, actor)
        .filter(team_id__in=editable_ids)
        .select_related("outcome")
        .order_by("outcome__title", "title")[:500]
    )
    page = paginate(request, queries.capped(qs, query))  # type: ignore[arg-type]
    _attach_link_options(page.object_list, link_targets)
    context = {
        "active": "discovery",
        "form": form,
        "page": page,
        "query": query,
        "tags": tags,
        "popular_tags": queries.popular_tags(actor, team),
        "teams": _teams(request),
        "team_filter": team,
        "unlinked": unlinked,
        "link_targets": link_targets,
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
    opportunity = get_for_member(
        Opportunity, request, pk=request.POST.get("opportunity") or 0, select_related=["team"]
    )
    unlink = request.POST.get("unlink") == "1"
    action = services.unlink_insight if unlink else services.link_insight
    verb = "no longer evidence for" if unlink else "now evidence for"
    back = request.POST.get("next") or reverse("discovery:insights")
    if not back.startswith("/") or back.startswith("//"):
        back = reverse("discovery:insights")
    return act(
        request,
        lambda: action(request.membership, insight, opportunity),
        f"The insight is {verb} “{opportunity.title}”.",
        back,
    )
