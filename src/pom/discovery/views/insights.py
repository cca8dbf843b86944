"""The insight repository: search, add, edit, delete, and link insights to opportunities as evidence."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core import pickers
from pom.core.lookup import get_for_member
from pom.core.permissions import require
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
    page = paginate(request, queries.capped(qs, query))
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


def _back(request: PomRequest, insight: Insight) -> str:
    """Where editing an insight returns to: the page it was opened from, else where it lives."""
    back = request.POST.get("next") or request.GET.get("next") or ""
    if back.startswith("/") and not back.startswith("//"):
        return back
    if insight.touchpoint_id:
        return reverse("discovery:touchpoint", args=[insight.touchpoint_id])
    return reverse("discovery:insights") + f"#insight-{insight.pk}"


@member_view("discovery.view")
def insight_edit(request: PomRequest, pk: int) -> HttpResponse:
    insight = get_for_member(Insight, request, pk=pk, select_related=["team", "touchpoint"])
    require(request.membership, "discovery.edit", insight.team)
    back = _back(request, insight)
    form = forms.InsightEditForm(
        request.POST or None,
        actor=request.membership,
        initial={
            "text": insight.text,
            "kind": insight.kind,
            "source": insight.source,
            "customer": insight.customer,
            "company": insight.company,
            "tags": ", ".join(insight.tag_list),
            "observed_on": insight.observed_on,
        },
    )
    if saved := save_form(
        request,
        form,
        lambda data: services.update_insight(request.membership, insight, **data),
        success="Insight saved.",
        to=back,
    ):
        return saved
    context = {"active": "discovery", "insight": insight, "form": form, "back": back}
    return render_page(
        request, "discovery/insight_edit.html", context, status=form_status(request, form)
    )


@member_view("discovery.view")
@require_POST
def insight_delete(request: PomRequest, pk: int) -> HttpResponse:
    insight = get_for_member(Insight, request, pk=pk, select_related=["team"])
    back = _back(request, insight)
    if back.startswith(reverse("discovery:insight_edit", args=[insight.pk])):
        back = reverse("discovery:insights")
    return act(
        request,
        lambda: services.delete_insight(request.membership, insight),
        "Insight deleted.",
        back,
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
