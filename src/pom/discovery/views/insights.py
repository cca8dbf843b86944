"""The insight repository: search, add, and link insights to opportunities as evidence."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core.web import PomRequest, apply_errors, member_view, paginate, render_page
from pom.discovery import forms, queries, services
from pom.discovery.models import (
    Insight,
    Opportunity,
)
from pom.discovery.views.common import (
    _act,
    _attach_link_options,
    _editable_teams,
    _team_filter,
    _teams,
)


@member_view("discovery.view")
def insights(request: PomRequest) -> HttpResponse:
    actor = request.membership
    editable = _editable_teams(request)
    form = forms.InsightForm(request.POST or None, teams=editable)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("Only team members can add insights for their team.")
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.add_insight(actor, **data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "Insight kept.")
                return redirect("discovery:insights")
    query = request.GET.get("q", "").strip()
    tags = [t for t in request.GET.getlist("tag") if t]
    team = _team_filter(request)
    unlinked = request.GET.get("unlinked") == "1"
    qs = queries.insights_for(
        actor, query=query, tags=tags, team=team, unlinked=unlinked
    ).prefetch_related("opportunities")
    editable_ids = {t.pk for t in editable}
    link_targets = list(
        Opportunity.objects.for_member(actor)
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
        status=400 if form.errors else 200,
    )


@member_view("discovery.view")
@require_POST
def insight_link(request: PomRequest, pk: int) -> HttpResponse:
    insight = get_object_or_404(Insight.objects.for_member(request.membership), pk=pk)
    opportunity = get_object_or_404(
        Opportunity.objects.for_member(request.membership).select_related("team"),
        pk=request.POST.get("opportunity") or 0,
    )
    unlink = request.POST.get("unlink") == "1"
    action = services.unlink_insight if unlink else services.link_insight
    verb = "no longer evidence for" if unlink else "now evidence for"
    back = request.POST.get("next") or reverse("discovery:insights")
    if not back.startswith("/") or back.startswith("//"):
        back = reverse("discovery:insights")
    return _act(
        request,
        lambda: action(request.membership, insight, opportunity),
        f"The insight is {verb} “{opportunity.title}”.",
        back,
    )
