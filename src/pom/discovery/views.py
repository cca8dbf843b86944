"""Discovery pages: overview, team discovery, touchpoint log, insight repository, the opportunity
solution tree, stakeholder inbox, decision log and import. Thin: parse, call a service, render."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.accounts.models import Role
from pom.core.permissions import can
from pom.core.web import PomRequest, apply_errors, member_view, paginate, render_page
from pom.discovery import forms, queries, services
from pom.discovery.models import (
    Decision,
    DecisionKind,
    Insight,
    Opportunity,
    Solution,
    SolutionStatus,
    Stage,
    StakeholderInput,
    Touchpoint,
    Triage,
)
from pom.strategy.models import Outcome
from pom.teams.models import Person, Team, TeamMember

STAGE_COLOURS = {
    Stage.IDENTIFIED: "#6b7280",
    Stage.NOW: "#1d4ed8",
    Stage.NEXT: "#7c3aed",
    Stage.LATER: "#0f766e",
    Stage.NOT_NOW: "#9ca3af",
    Stage.SOLVED: "#15803d",
}


def _teams(request: PomRequest) -> list[Team]:
    return list(Team.objects.for_member(request.membership).filter(archived_at__isnull=True))


def _editable_teams(request: PomRequest) -> list[Team]:
    """Teams whose discovery the actor may change: all for leaders and owners, their own for members."""
    actor = request.membership
    if actor.role in (Role.OWNER, Role.LEADER):
        return _teams(request)
    if actor.role != Role.MEMBER:
        return []
    mine = queries.my_team_ids(actor)
    return [t for t in _teams(request) if t.pk in mine]


def _team_filter(request: PomRequest) -> int | None:
    try:
        return int(request.GET.get("team") or 0) or None
    except ValueError:
        return None


def _act(request: PomRequest, action: Callable[[], Any], success: str, target: str) -> HttpResponse:
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect(target)


# --- Overview and team page ---------------------------------------------------------------------


@member_view("discovery.view")
def index(request: PomRequest) -> HttpResponse:
    actor = request.membership
    outcomes = list(
        Outcome.objects.for_member(actor)
        .select_related("owner_team")
        .annotate(n_opportunities=Count("opportunities"))
        .order_by("-n_opportunities", "title")[:100]
    )
    context = {
        "active": "discovery",
        "teams": queries.teams_overview(actor),
        "outcomes": outcomes,
        "inbox_new": StakeholderInput.objects.for_member(actor).filter(triage=Triage.NEW).count(),
        "can_edit": can(actor, "discovery.edit"),
    }
    return render_page(request, "discovery/index.html", context)


@member_view("discovery.view")
def team_page(request: PomRequest, pk: int) -> HttpResponse:
    team = get_object_or_404(Team.objects.for_member(request.membership), pk=pk)
    info = queries.team_discovery(request.membership, team)
    max_count = max([c.count for c in info.cadence.heatmap] + [1])
    context = {
        "active": "discovery",
        "info": info,
        "team": team,
        "max_count": max_count,
        "can_edit": can(request.membership, "discovery.edit", team),
    }
    return render_page(request, "discovery/team.html", context)


# --- Touchpoints --------------------------------------------------------------------------------


def _people_for(teams: list[Team], request: PomRequest) -> list[Person]:
    ids = {t.pk for t in teams}
    seen: dict[int, Person] = {}
    for m in (
        TeamMember.objects.for_member(request.membership)
        .filter(team_id__in=ids)
        .select_related("person")
    ):
        seen.setdefault(m.person_id, m.person)
    return sorted(seen.values(), key=lambda p: p.name)


@member_view("discovery.view")
def touchpoints(request: PomRequest) -> HttpResponse:
    actor = request.membership
    editable = _editable_teams(request)
    form = forms.TouchpointForm(
        request.POST or None, teams=editable, people=_people_for(editable, request)
    )
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("Only team members can log touchpoints for their team.")
        if form.is_valid():
            data = form.cleaned_data
            try:
                tp = services.record_touchpoint(
                    actor,
                    team=data["team"],
                    happened_on=data["happened_on"],
                    kind=data["kind"],
                    customer_name=data["customer_name"],
                    company=data["company"],
                    segment=data["segment"],
                    attendees=data["attendees"],
                    summary=data["summary"],
                    notes=data["notes"],
                    recording_url=data["recording_url"],
                    insights=data["insights"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                n = len(data["insights"])
                messages.success(request, f"Logged {tp} with {n} insight{'s' if n != 1 else ''}.")
                return redirect(reverse("discovery:touchpoints") + f"?team={tp.team_id}")
    team = _team_filter(request)
    context = {
        "active": "discovery",
        "form": form,
        "page": paginate(request, queries.touchpoints_for(actor, team=team)),
        "teams": _teams(request),
        "team_filter": team,
        "can_log": bool(editable),
    }
    return render_page(
        request,
        "discovery/touchpoints.html",
        context,
        partial="discovery/partials/_touchpoints.html",
        status=400 if form.errors else 200,
    )


@member_view("discovery.view")
def touchpoint_detail(request: PomRequest, pk: int) -> HttpResponse:
    tp = get_object_or_404(
        Touchpoint.objects.for_member(request.membership)
        .select_related("team")
        .prefetch_related("attendees", "insights"),
        pk=pk,
    )
    context = {
        "active": "discovery",
        "tp": tp,
        "can_edit": can(request.membership, "discovery.edit", tp.team),
    }
    return render_page(request, "discovery/touchpoint.html", context)


@member_view("discovery.view")
@require_POST
def touchpoint_delete(request: PomRequest, pk: int) -> HttpResponse:
    tp = get_object_or_404(
        Touchpoint.objects.for_member(request.membership).select_related("team"), pk=pk
    )
    return _act(
        request,
        lambda: services.delete_touchpoint(request.membership, tp),
        f"Deleted {tp} and its insights.",
        reverse("discovery:touchpoints"),
    )


# --- Insights -----------------------------------------------------------------------------------


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


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _attach_link_options(items: Any, targets: list[Opportunity]) -> None:
    """Give each listed item the opportunities of its own team to link to (one pass, no query)."""
    by_team: dict[int | None, list[Opportunity]] = {}
    for opp in targets:
        # Labels are built once here: rendering filters per option per row is what costs.
        opp.link_label = f"{_short(opp.outcome.title, 30)} › {_short(opp.title, 60)}"  # type: ignore[attr-defined]
        by_team.setdefault(opp.team_id, []).append(opp)
    for item in items:
        item.link_options = by_team.get(item.team_id, []) if item.team_id else targets


# --- The opportunity solution tree --------------------------------------------------------------


def _outcome(request: PomRequest, pk: int) -> Outcome:
    return get_object_or_404(
        Outcome.objects.for_member(request.membership).select_related("owner_team"), pk=pk
    )


@member_view("discovery.view")
def tree(request: PomRequest, pk: int) -> HttpResponse:
    actor = request.membership
    outcome = _outcome(request, pk)
    root = queries.outcome_tree(actor, outcome)
    owner = outcome.owner_team
    editable = can(actor, "discovery.edit", owner) if owner else can(actor, "discovery.edit")
    parents = list(Opportunity.objects.for_member(actor).filter(outcome=outcome).order_by("title"))
    context = {
        "active": "discovery",
        "outcome": outcome,
        "tree_json": root.as_dict(),
        "node_count": root.count() - 1,
        "can_edit": editable,
        "new_form": forms.NewOpportunityForm(parents=parents),
        "stage_colours": json.dumps({k.value: v for k, v in STAGE_COLOURS.items()}),
        "stages": [(s.value, s.label, STAGE_COLOURS[s]) for s in Stage],
        "api_tree": f"/api/v1/discovery/outcomes/{outcome.pk}/tree",
    }
    return render_page(request, "discovery/tree.html", context)


@member_view("discovery.view")
@require_POST
def opportunity_create(request: PomRequest, pk: int) -> HttpResponse:
    outcome = _outcome(request, pk)
    parents = list(Opportunity.objects.for_member(request.membership).filter(outcome=outcome))
    form = forms.NewOpportunityForm(request.POST, parents=parents)
    target = reverse("discovery:tree", args=[outcome.pk])
    if not form.is_valid():
        messages.error(request, "Give the opportunity a title.")
        return redirect(target)
    return _act(
        request,
        lambda: services.create_opportunity(
            request.membership,
            outcome=outcome,
            team=outcome.owner_team_id,
            parent=form.cleaned_data["parent"],
            title=form.cleaned_data["title"],
        ),
        f"Added “{form.cleaned_data['title']}”.",
        target,
    )


def _opportunity(request: PomRequest, pk: int) -> Opportunity:
    return get_object_or_404(
        Opportunity.objects.for_member(request.membership).select_related("team", "outcome"), pk=pk
    )


@member_view("discovery.view")
def opportunity_panel(request: PomRequest, pk: int) -> HttpResponse:
    """The side panel of one opportunity: edit it, move it, add solutions, see its evidence."""
    actor = request.membership
    opp = _opportunity(request, pk)
    editable = can(actor, "discovery.edit", opp.team)
    initial = {
        f: getattr(opp, f)
        for f in ("title", "description", "stage", "reach", "frequency", "severity", "targeted")
    }
    form = forms.OpportunityForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("Only the team can change its opportunities.")
        if form.is_valid():
            try:
                services.update_opportunity(actor, opp, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"Saved “{opp.title}”.")
                if not request.htmx:
                    return redirect(
                        reverse("discovery:tree", args=[opp.outcome_id]) + f"#opportunity-{opp.pk}"
                    )
                response = HttpResponse(status=204)
                response["HX-Trigger"] = json.dumps(
                    {"pom:tree-changed": {"select": f"opportunity-{opp.pk}"}}
                )
                return response
        status = 200 if request.htmx else 400
    siblings = dict(
        Opportunity.objects.for_member(actor)
        .filter(outcome_id=opp.outcome_id)
        .values_list("id", "parent_id")
    )
    from pom.discovery.tree import descendants

    blocked = descendants(siblings, opp.pk) | {opp.pk}
    move_targets = [
        o
        for o in Opportunity.objects.for_member(actor)
        .filter(outcome_id=opp.outcome_id)
        .order_by("title")
        if o.pk not in blocked
    ]
    context = {
        "opp": opp,
        "form": form,
        "can_edit": editable,
        "can_comment": can(actor, "discovery.comment"),
        "move_targets": move_targets,
        "evidence": opp.insights.order_by("-observed_on")[:20],
        "solutions": opp.solutions.order_by("position", "id"),
        "comments": opp.comments.select_related("author"),
        "solution_form": forms.SolutionForm(
            initial={"status": SolutionStatus.IDEA, "origin": "team"}
        ),
    }
    return render_page(
        request,
        "discovery/panel_opportunity.html",
        context,
        partial="discovery/partials/_panel_opportunity.html",
        status=status,
    )


def _tree_response(request: PomRequest, outcome_id: int, select: str = "") -> HttpResponse:
    if request.htmx or request.headers.get("accept", "").startswith("application/json"):
        storage = messages.get_messages(request)
        notes = [str(m) for m in storage]
        response = HttpResponse(status=204)
        response["HX-Trigger"] = json.dumps(
            {"pom:tree-changed": {"select": select, "messages": notes}}
        )
        return response
    return redirect(reverse("discovery:tree", args=[outcome_id]) + (f"#{select}" if select else ""))


@member_view("discovery.view")
@require_POST
def opportunity_move(request: PomRequest, pk: int) -> HttpResponse:
    """Re-parent an opportunity: the drag-and-drop target and the "move under…" form both post here."""
    opp = _opportunity(request, pk)
    parent = request.POST.get("parent") or None
    try:
        services.move_opportunity(request.membership, opp, parent)
    except ValidationError as exc:
        if request.headers.get("accept", "").startswith("application/json"):
            return JsonResponse({"message": " ".join(exc.messages)}, status=400)
        messages.error(request, " ".join(exc.messages))
    else:
        if request.headers.get("accept", "").startswith("application/json"):
            return JsonResponse({"message": f"Moved “{opp.title}”."})
        messages.success(request, f"Moved “{opp.title}”.")
    return redirect(reverse("discovery:tree", args=[opp.outcome_id]) + f"#opportunity-{opp.pk}")


@member_view("discovery.view")
@require_POST
def opportunity_delete(request: PomRequest, pk: int) -> HttpResponse:
    opp = _opportunity(request, pk)
    return _act(
        request,
        lambda: services.delete_opportunity(request.membership, opp),
        f"Deleted “{opp.title}” and what was under it.",
        reverse("discovery:tree", args=[opp.outcome_id]),
    )


@member_view("discovery.view")
@require_POST
def solution_create(request: PomRequest, pk: int) -> HttpResponse:
    opp = _opportunity(request, pk)
    form = forms.SolutionForm(request.POST)
    target = reverse("discovery:tree", args=[opp.outcome_id]) + f"#opportunity-{opp.pk}"
    if not form.is_valid():
        messages.error(request, "Give the solution a title.")
        return redirect(target)
    return _act(
        request,
        lambda: services.create_solution(request.membership, opportunity=opp, **form.cleaned_data),
        f"Added the solution “{form.cleaned_data['title']}”.",
        target,
    )


def _solution(request: PomRequest, pk: int) -> Solution:
    return get_object_or_404(
        Solution.objects.for_member(request.membership).select_related("team", "opportunity"), pk=pk
    )


@member_view("discovery.view")
def solution_panel(request: PomRequest, pk: int) -> HttpResponse:
    actor = request.membership
    sol = _solution(request, pk)
    editable = can(actor, "discovery.edit", sol.team)
    initial = {f: getattr(sol, f) for f in ("title", "description", "status", "origin")}
    form = forms.SolutionForm(request.POST or None, initial=initial)
    status = 200
    outcome_id = sol.opportunity.outcome_id if sol.opportunity else None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("Only the team can change its solutions.")
        if form.is_valid():
            try:
                services.update_solution(actor, sol, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"Saved “{sol.title}”.")
                if outcome_id and not request.htmx:
                    return redirect(
                        reverse("discovery:tree", args=[outcome_id]) + f"#solution-{sol.pk}"
                    )
                if request.htmx:
                    response = HttpResponse(status=204)
                    response["HX-Trigger"] = json.dumps(
                        {"pom:tree-changed": {"select": f"solution-{sol.pk}"}}
                    )
                    return response
                return redirect("discovery:index")
        status = 200 if request.htmx else 400
    targets = (
        list(Opportunity.objects.for_member(actor).filter(outcome_id=outcome_id).order_by("title"))
        if outcome_id
        else list(
            Opportunity.objects.for_member(actor)
            .filter(team_id=sol.team_id)
            .order_by("title")[:300]
        )
    )
    context = {
        "sol": sol,
        "form": form,
        "can_edit": editable,
        "can_comment": can(actor, "discovery.comment"),
        "move_targets": targets,
        "comments": sol.comments.select_related("author"),
        "decisions": sol.decisions.all()[:10],
    }
    return render_page(
        request,
        "discovery/panel_solution.html",
        context,
        partial="discovery/partials/_panel_solution.html",
        status=status,
    )


@member_view("discovery.view")
@require_POST
def solution_move(request: PomRequest, pk: int) -> HttpResponse:
    sol = _solution(request, pk)
    wants_json = request.headers.get("accept", "").startswith("application/json")
    try:
        services.move_solution(request.membership, sol, request.POST.get("opportunity") or None)
    except ValidationError as exc:
        if wants_json:
            return JsonResponse({"message": " ".join(exc.messages)}, status=400)
        messages.error(request, " ".join(exc.messages))
    else:
        if wants_json:
            return JsonResponse({"message": f"Moved “{sol.title}”."})
        messages.success(request, f"Moved “{sol.title}”.")
    sol.refresh_from_db()
    outcome_id = (
        None
        if sol.opportunity_id is None
        else (
            Opportunity.objects.for_member(request.membership)
            .filter(pk=sol.opportunity_id)
            .values_list("outcome_id", flat=True)
            .first()
        )
    )
    return redirect(
        reverse("discovery:tree", args=[outcome_id]) if outcome_id else reverse("discovery:index")
    )


@member_view("discovery.comment")
@require_POST
def comment_create(request: PomRequest) -> HttpResponse:
    opp_id, sol_id = request.POST.get("opportunity") or None, request.POST.get("solution") or None
    back = reverse("discovery:index")
    if opp_id:
        back = reverse("discovery:opportunity_panel", args=[_opportunity(request, int(opp_id)).pk])
    elif sol_id:
        back = reverse("discovery:solution_panel", args=[_solution(request, int(sol_id)).pk])
    return _act(
        request,
        lambda: services.add_comment(
            request.membership,
            text=request.POST.get("text", ""),
            opportunity=opp_id,
            solution=sol_id,
        ),
        "Comment added.",
        back,
    )


# --- Stakeholder inbox --------------------------------------------------------------------------


@member_view("discovery.view")
def inbox(request: PomRequest) -> HttpResponse:
    actor = request.membership
    teams = _teams(request)
    outcomes = list(Outcome.objects.for_member(actor).order_by("title")[:300])
    form = forms.InputForm(request.POST or None, teams=teams, outcomes=outcomes)
    if request.method == "POST":
        if not can(actor, "discovery.input"):
            raise PermissionDenied("Viewers cannot give input.")
        if form.is_valid():
            try:
                services.submit_input(actor, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "Thank you: your input is in the team's inbox.")
                return redirect("discovery:inbox")
    triage = request.GET.get("triage", Triage.NEW if "triage" not in request.GET else "")
    if triage not in Triage.values:
        triage = ""
    team = _team_filter(request)
    editable = _editable_teams(request)
    editable_ids = {t.pk for t in editable}
    page = paginate(request, queries.inputs_for(actor, triage=triage, team=team))
    link_targets = list(
        Opportunity.objects.for_member(actor)
        .filter(team_id__in=editable_ids)
        .select_related("outcome")
        .order_by("outcome__title", "title")[:500]
    )
    _attach_link_options(page.object_list, link_targets)
    context = {
        "active": "discovery",
        "form": form,
        "page": page,
        "triage_filter": triage,
        "triage_choices": Triage.choices,
        "team_filter": team,
        "teams": teams,
        "can_give": can(actor, "discovery.input"),
        "editable_ids": editable_ids,
        "can_triage_unassigned": can(actor, "discovery.triage"),
        "link_targets": link_targets,
    }
    return render_page(
        request,
        "discovery/inbox.html",
        context,
        partial="discovery/partials/_inbox.html",
        status=400 if form.errors else 200,
    )


@member_view("discovery.view")
@require_POST
def input_triage(request: PomRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        StakeholderInput.objects.for_member(request.membership).select_related(
            "team", "from_person"
        ),
        pk=pk,
    )
    action = request.POST.get("action", "")
    labels = {
        "link": "linked as evidence",
        "decline": "declined",
        "duplicate": "marked as a duplicate",
        "reopen": "reopened",
    }
    return _act(
        request,
        lambda: services.triage_input(
            request.membership,
            item,
            action=action,
            opportunity=request.POST.get("opportunity") or None,
            reason=request.POST.get("reason", ""),
            duplicate_of=request.POST.get("duplicate_of") or None,
        ),
        f"Input {labels.get(action, 'updated')}.",
        reverse("discovery:inbox"),
    )


# --- Decisions ----------------------------------------------------------------------------------


@member_view("discovery.view")
def decisions(request: PomRequest) -> HttpResponse:
    actor = request.membership
    teams = _teams(request)
    form = forms.DecisionForm(request.POST or None, teams=teams)
    if request.method == "POST":
        if not can(actor, "discovery.decide"):
            raise PermissionDenied("Your role does not record decisions.")
        if form.is_valid():
            try:
                services.record_decision(actor, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "Decision recorded.")
                return redirect("discovery:decisions")
    kind = request.GET.get("kind", "")
    kind = kind if kind in DecisionKind.values else ""
    team = _team_filter(request)
    qs = queries.decisions_for(actor, kind=kind, team=team)
    counts = Decision.objects.for_member(actor).aggregate(
        total=Count("id"),
        leadership=Count("id", filter=Q(kind=DecisionKind.LEADERSHIP)),
        leadership_on_team=Count(
            "id",
            filter=Q(kind=DecisionKind.LEADERSHIP)
            & (
                Q(opportunity__isnull=False)
                | Q(solution__isnull=False)
                | Q(subject_type__isnull=False)
            ),
        ),
    )
    context = {
        "active": "discovery",
        "form": form,
        "page": paginate(request, qs),
        "kind_filter": kind,
        "kinds": DecisionKind.choices,
        "team_filter": team,
        "teams": teams,
        "counts": counts,
        "can_record": can(actor, "discovery.decide"),
    }
    return render_page(
        request,
        "discovery/decisions.html",
        context,
        partial="discovery/partials/_decisions.html",
        status=400 if form.errors else 200,
    )


# --- Import -------------------------------------------------------------------------------------


@member_view("discovery.edit")
def import_notes(request: PomRequest) -> HttpResponse:
    actor = request.membership
    editable = _editable_teams(request)
    form = forms.ImportForm(request.POST or None, request.FILES or None, teams=editable)
    preview = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            if request.POST.get("apply") == "1":
                try:
                    result = services.apply_import(
                        actor,
                        team=data["team"],
                        fmt=data["format"],
                        content=data["content"],
                        filename=data["filename"],
                        kind=data["kind"],
                    )
                except ValidationError as exc:
                    apply_errors(form, exc)
                else:
                    messages.success(
                        request,
                        f"Imported {result['insights']} insight(s)"
                        + (
                            f" from {result['touchpoints']} touchpoint(s)."
                            if result["touchpoints"]
                            else "."
                        ),
                    )
                    return redirect(reverse("discovery:insights") + f"?team={data['team']}")
            try:
                preview = services.parse_import(
                    actor, fmt=data["format"], content=data["content"], filename=data["filename"]
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            form = forms.ImportForm(
                initial={**{k: data[k] for k in ("team", "format", "kind", "content", "filename")}},
                teams=editable,
            )
        if form.errors or (preview and preview.errors):
            status = 400
    context = {
        "active": "discovery",
        "form": form,
        "preview": preview,
        "can_import": bool(editable),
    }
    return render_page(request, "discovery/import.html", context, status=status)
