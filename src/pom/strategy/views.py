"""Pages of the strategy pillar: home (vision and ranked bets), the strategy map, outcomes,
check-ins, cycle planning with the funding mix, and projects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core.permissions import can, require
from pom.core.web import PomRequest, apply_errors, member_view, paginate, render_page
from pom.strategy import clarity, queries, services
from pom.strategy.forms import (
    BetForm,
    CheckInForm,
    CommentForm,
    CommitForm,
    CycleCommitForm,
    CycleForm,
    FundingForm,
    OutcomeForm,
    ProjectForm,
    SettingsForm,
    VisionForm,
    parse_guardrails,
)
from pom.strategy.models import (
    BetStatus,
    Comment,
    Cycle,
    FundingAllocation,
    Level,
    Outcome,
    OutcomeCommitment,
    OutcomeStatus,
    ProductVision,
    Project,
    StrategicBet,
)
from pom.teams.models import Team


def _ctx(request: PomRequest, **extra: Any) -> dict[str, Any]:
    actor = request.membership
    return {
        "active": "strategy",
        "can_manage": can(actor, "strategy.manage"),
        "can_outcome": can(actor, "strategy.outcome"),
        "can_comment": can(actor, "strategy.comment"),
        **extra,
    }


def _act(request: PomRequest, action: Callable[[], Any], success: str, target: str) -> HttpResponse:
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect(target)


def _get(request: PomRequest, model: type, pk: int, qs: Any = None) -> Any:
    base = qs if qs is not None else model.objects.all()  # type: ignore[attr-defined]
    return get_object_or_404(base.for_member(request.membership), pk=pk)


# --- Home: vision and ranked bets -------------------------------------------------------------


def _home_context(request: PomRequest, **forms: Any) -> dict[str, Any]:
    org_id = request.membership.organization_id
    settings = queries.strategy_settings(org_id)
    vision = ProductVision.objects.for_org(org_id).first()
    all_bets = list(queries.bets(org_id))
    return _ctx(
        request,
        vision=vision,
        bets=[b for b in all_bets if b.status == BetStatus.ACTIVE],
        other_bets=[b for b in all_bets if b.status != BetStatus.ACTIVE],
        findings=queries.portfolio_findings(org_id, settings),
        settings=settings,
        cycles=list(Cycle.objects.for_org(org_id)[:6]),
        outcome_counts=Outcome.objects.for_org(org_id).aggregate(
            total=Count("id"),
            committed=Count("id", filter=Q(status=OutcomeStatus.COMMITTED)),
            draft=Count("id", filter=Q(status=OutcomeStatus.DRAFT)),
        ),
        stale=queries.stale_count(org_id, settings.stale_after_days),
        vision_form=forms.get("vision_form")
        or VisionForm(
            initial={"statement": vision.statement, "horizon": vision.horizon} if vision else None
        ),
        bet_form=forms.get("bet_form") or BetForm(),
        settings_form=forms.get("settings_form")
        or SettingsForm(
            initial={
                name: getattr(settings, name)
                for name in (
                    "stale_after_days",
                    "max_active_bets",
                    "max_outcomes_per_team",
                    "max_teams_per_outcome",
                )
            }
        ),
    )


@member_view("strategy.view")
def index(request: PomRequest) -> HttpResponse:
    return render_page(request, "strategy/index.html", _home_context(request))


@member_view("strategy.manage")
@require_POST
def vision(request: PomRequest) -> HttpResponse:
    form = VisionForm(request.POST)
    if form.is_valid():
        try:
            services.save_vision(request.membership, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Vision saved.")
            return redirect("strategy:index")
    return render_page(
        request, "strategy/index.html", _home_context(request, vision_form=form), status=400
    )


@member_view("strategy.manage")
@require_POST
def settings_page(request: PomRequest) -> HttpResponse:
    form = SettingsForm(request.POST)
    if form.is_valid():
        try:
            services.update_settings(request.membership, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Strategy settings saved.")
            return redirect("strategy:index")
    return render_page(
        request, "strategy/index.html", _home_context(request, settings_form=form), status=400
    )


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


# --- The strategy map -------------------------------------------------------------------------


@member_view("strategy.view")
def strategy_map(request: PomRequest) -> HttpResponse:
    org_id = request.membership.organization_id
    bet_id = request.GET.get("bet", "")
    focus = request.GET.get("focus", "")
    smap = queries.strategy_map(
        org_id,
        bet_id=int(bet_id) if bet_id.isdigit() else None,
        focus_id=int(focus) if focus.isdigit() else None,
        full=request.GET.get("full") == "1",
    )
    context = _ctx(
        request,
        smap=smap,
        vision=ProductVision.objects.for_org(org_id).first(),
        bet_filter=bet_id,
        all_bets=list(queries.active_bets(org_id)),
        today=queries.today(),
    )
    return render_page(request, "strategy/map.html", context)


# --- Outcomes ---------------------------------------------------------------------------------


@member_view("strategy.view")
def outcomes(request: PomRequest) -> HttpResponse:
    org_id = request.membership.organization_id
    settings = queries.strategy_settings(org_id)
    params = {k: request.GET.get(k, "") for k in ("q", "status", "level", "team", "bet", "stale")}
    qs = queries.filter_outcomes(queries.outcomes(org_id), params, settings.stale_after_days)
    page = paginate(request, qs.order_by("title", "id"))
    today = queries.today()
    for o in page.object_list:
        o.stale = o.is_stale(today, settings.stale_after_days)
    context = _ctx(
        request,
        page=page,
        filters=params,
        statuses=OutcomeStatus.choices,
        levels=Level.choices,
        bet_choices=list(queries.active_bets(org_id)),
        stale_days=settings.stale_after_days,
    )
    return render_page(
        request, "strategy/outcomes.html", context, partial="strategy/partials/_outcome_rows.html"
    )


def _outcome_service_data(form: OutcomeForm) -> dict[str, Any]:
    return dict(form.cleaned_data)


@member_view("strategy.outcome")
def outcome_create(request: PomRequest) -> HttpResponse:
    actor = request.membership
    initial = {}
    if request.GET.get("parent", "").isdigit():
        initial["parent"] = int(request.GET["parent"])
    if request.GET.get("team", "").isdigit():
        initial["owner_team"] = int(request.GET["team"])
    form = OutcomeForm(request.POST or None, actor=actor, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.create_outcome(actor, **_outcome_service_data(form))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Outcome saved.")
            return redirect("strategy:outcome", pk=outcome.pk)
    findings = _form_findings(request, form)
    context = _ctx(
        request,
        form=form,
        outcome=None,
        findings=findings,
        summary=clarity.summary(findings),
        checked=request.method == "POST",
    )
    return render_page(
        request, "strategy/outcome_form.html", context, status=400 if form.errors else 200
    )


@member_view()
def outcome_edit(request: PomRequest, pk: int) -> HttpResponse:
    actor = request.membership
    outcome = _get(request, Outcome, pk, Outcome.objects.select_related("owner_team"))
    require(actor, "strategy.outcome", outcome)
    form = OutcomeForm(
        request.POST or None,
        actor=actor,
        instance=outcome,
        initial=OutcomeForm.initial_from(outcome),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_outcome(actor, outcome, **_outcome_service_data(form))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Outcome saved.")
            return redirect("strategy:outcome", pk=outcome.pk)
    findings = (
        _form_findings(request, form) if request.method == "POST" else queries.outcome_lint(outcome)
    )
    context = _ctx(
        request,
        form=form,
        outcome=outcome,
        findings=findings,
        summary=clarity.summary(findings),
        checked=True,
    )
    return render_page(
        request, "strategy/outcome_form.html", context, status=400 if form.errors else 200
    )


def _form_findings(request: PomRequest, form: OutcomeForm) -> list[clarity.Finding]:
    if request.method != "POST":
        return []
    return _lint_post(request)


def _lint_post(request: PomRequest) -> list[clarity.Finding]:
    """Lint whatever the form holds right now, tolerating half-typed numbers and dates."""
    post = request.POST
    data: dict[str, Any] = {
        "title": post.get("title", ""),
        "level": post.get("level", "team"),
        "metric": post.get("metric_name", ""),
        "segment": post.get("segment", ""),
        "direction": post.get("direction", ""),
        "tradeoffs": post.get("tradeoffs", ""),
        "status": post.get("status", "draft"),
    }
    findings: list[clarity.Finding] = []
    for name in ("baseline_value", "target_value", "baseline_date", "deadline"):
        value = post.get(name, "").strip()
        try:
            clarity.outcome_from_mapping({name: value})
        except ValueError:
            value = ""
        data[name] = value
    try:
        data["guardrails"] = parse_guardrails(post.get("guardrails", ""))
    except ValidationError as exc:
        data["guardrails"] = []
        findings.append(
            clarity.Finding(
                "O143", clarity.ERROR, "guardrails", exc.messages[0], "Fix the line, or remove it."
            )
        )
    team_id = post.get("owner_team", "")
    team = (
        Team.objects.for_member(request.membership).filter(pk=team_id).only("name").first()
        if team_id.isdigit()
        else None
    )
    data["owner_team"] = team.name if team else ""
    draft = clarity.outcome_from_mapping(data)
    return clarity.lint_outcome(draft, today=queries.today()) + findings


@member_view("strategy.view")
@require_POST
def lint(request: PomRequest) -> HttpResponse:
    """The live linter: the outcome form posts here as the person types; findings come back as a partial."""
    findings = _lint_post(request)
    return render_page(
        request,
        "strategy/partials/_lint.html",
        {"findings": findings, "summary": clarity.summary(findings), "checked": True},
    )


@member_view("strategy.view")
def outcome(request: PomRequest, pk: int) -> HttpResponse:
    actor = request.membership
    outcome = _get(
        request, Outcome, pk, Outcome.objects.select_related("owner_team", "parent", "bet")
    )
    data = queries.outcome_page(outcome)
    context = _ctx(
        request,
        outcome=outcome,
        data=data,
        summary=clarity.summary(data.findings),
        can_edit=can(actor, "strategy.outcome", outcome),
        can_check_in=can(actor, "strategy.check_in", outcome),
        commit_form=CommitForm(actor=actor) if can(actor, "strategy.outcome") else None,
        comments=list(
            Comment.objects.for_member(actor).filter(outcome=outcome).select_related("author")
        ),
        comment_form=CommentForm(),
        guardrails=outcome.guardrails or [],
    )
    return render_page(request, "strategy/outcome.html", context)


@member_view()
@require_POST
def outcome_delete(request: PomRequest, pk: int) -> HttpResponse:
    outcome = _get(request, Outcome, pk)
    require(request.membership, "strategy.outcome", outcome)
    return _act(
        request,
        lambda: services.delete_outcome(request.membership, outcome),
        f"Outcome “{outcome.title}” deleted.",
        reverse("strategy:outcomes"),
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


@member_view()
@require_POST
def outcome_commit(request: PomRequest, pk: int) -> HttpResponse:
    actor = request.membership
    outcome = _get(request, Outcome, pk)
    require(actor, "strategy.outcome")
    form = CommitForm(request.POST, actor=actor)
    if not form.is_valid():
        messages.error(request, "Choose one of your teams and a cycle.")
        return redirect("strategy:outcome", pk=outcome.pk)
    team, cycle = form.cleaned_data["team"], form.cleaned_data["cycle"]
    return _act(
        request,
        lambda: services.commit_outcome(
            actor, outcome, team=team, cycle=cycle, note=form.cleaned_data["note"]
        ),
        f"{team.name} committed to this outcome for {cycle.name}.",
        reverse("strategy:outcome", args=[outcome.pk]) + "#commitments",
    )


@member_view()
@require_POST
def commitment_delete(request: PomRequest, pk: int) -> HttpResponse:
    commitment = _get(
        request, OutcomeCommitment, pk, OutcomeCommitment.objects.select_related("team", "outcome")
    )
    require(request.membership, "strategy.outcome", commitment.team)
    back = request.POST.get("next", "")
    target = (
        back
        if back.startswith("/") and not back.startswith("//")
        else reverse("strategy:outcome", args=[commitment.outcome_id])
    )
    return _act(
        request,
        lambda: services.withdraw_commitment(request.membership, commitment),
        f"{commitment.team.name} no longer committed to “{commitment.outcome.title}”.",
        target,
    )


@member_view()
def check_in(request: PomRequest, pk: int) -> HttpResponse:
    actor = request.membership
    outcome = _get(request, Outcome, pk, Outcome.objects.select_related("owner_team"))
    require(actor, "strategy.check_in", outcome)
    form = CheckInForm(
        request.POST or None,
        initial={"value": outcome.current_value, "confidence": outcome.last_confidence},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_check_in(actor, outcome, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Checked in on “{outcome.title}”.")
            return redirect("strategy:outcome", pk=outcome.pk)
    context = _ctx(request, outcome=outcome, form=form)
    return render_page(
        request, "strategy/check_in.html", context, status=400 if form.errors else 200
    )


@member_view("strategy.view")
def team_outcomes(request: PomRequest, slug: str) -> HttpResponse:
    """A team's outcomes and commitments, each one click from its check-in form."""
    actor = request.membership
    team = get_object_or_404(Team.objects.for_member(actor), slug=slug)
    settings = queries.strategy_settings(actor.organization_id)
    committed_ids = (
        OutcomeCommitment.objects.for_member(actor).filter(team=team).values("outcome_id")
    )
    rows = list(
        Outcome.objects.for_member(actor)
        .filter(Q(owner_team=team) | Q(pk__in=committed_ids))
        .filter(status__in=(OutcomeStatus.DRAFT, OutcomeStatus.COMMITTED))
        .select_related("owner_team")
        .order_by("title")[:100]
    )
    today = queries.today()
    # Every row is owned by or committed to this team, so whoever works on the team checks in.
    team_checks_in = can(actor, "strategy.outcome", team)
    for o in rows:
        o.stale = o.is_stale(today, settings.stale_after_days)  # type: ignore[attr-defined]
        o.can_check_in = team_checks_in  # type: ignore[attr-defined]
    context = _ctx(request, team=team, rows=rows, stale_days=settings.stale_after_days)
    return render_page(request, "strategy/team_outcomes.html", context)


# --- Cycles -----------------------------------------------------------------------------------


@member_view("strategy.view")
def cycles(request: PomRequest) -> HttpResponse:
    actor = request.membership
    form = CycleForm(request.POST or None)
    if request.method == "POST":
        require(actor, "strategy.manage")
        if form.is_valid():
            try:
                cycle = services.create_cycle(actor, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"Cycle {cycle.name} created. Plan it below.")
                return redirect("strategy:cycle", pk=cycle.pk)
    qs = queries.cycles_with_counts(actor.organization_id)
    context = _ctx(request, page=paginate(request, qs), form=form, today=queries.today())
    return render_page(request, "strategy/cycles.html", context, status=400 if form.errors else 200)


def _funding_choices(actor: Any, team: Team | None) -> list[Any]:
    org = actor.organization_id
    groups: list[Any] = []
    if team is not None:
        groups.append(("Team", [(f"team:{team.pk}", team.name)]))
        owned = (
            Outcome.objects.for_org(org)
            .filter(owner_team=team, status__in=(OutcomeStatus.DRAFT, OutcomeStatus.COMMITTED))
            .only("id", "title")
            .order_by("title")
        )
        groups.append(("Its outcomes", [(f"outcome:{o.pk}", o.title) for o in owned]))
    projects = Project.objects.for_org(org).only("id", "name").order_by("name")
    groups.append(("Projects", [(f"project:{p.pk}", p.name) for p in projects]))
    return groups


def _cycle_context(request: PomRequest, cycle: Cycle, **forms: Any) -> dict[str, Any]:
    actor = request.membership
    org_id = actor.organization_id
    settings = queries.strategy_settings(org_id)
    q = request.GET.get("q", "").strip()
    teams = Team.objects.for_org(org_id).filter(archived_at__isnull=True).order_by("name")
    if q:
        teams = teams.filter(name__icontains=q)
    teams = teams.prefetch_related(
        Prefetch(
            "outcome_commitments",
            queryset=OutcomeCommitment.objects.for_org(org_id)
            .filter(cycle=cycle)
            .select_related("outcome"),
            to_attr="cycle_commitments",
        ),
        Prefetch(
            "funding",
            queryset=FundingAllocation.objects.for_org(org_id).filter(cycle=cycle),
            to_attr="cycle_funding",
        ),
    )
    team_page = paginate(request, teams)
    today = queries.today()
    for t in team_page.object_list:
        for c in t.cycle_commitments:
            c.outcome.stale = c.outcome.is_stale(today, settings.stale_after_days)
    planning = None
    plan_id = request.GET.get("team", "")
    if plan_id.isdigit():
        planning = Team.objects.for_org(org_id).filter(pk=int(plan_id)).first()
    allocations = (
        FundingAllocation.objects.for_org(org_id)
        .filter(cycle=cycle)
        .select_related("team", "outcome", "project")
        .order_by("-amount", "id")
    )
    funding_page = Paginator(allocations, 25).get_page(request.GET.get("fpage"))
    mix = queries.funding_mix(org_id, cycle.pk)
    can_plan_team = planning is not None and can(actor, "strategy.outcome", planning)
    return _ctx(
        request,
        cycle=cycle,
        other_cycles=list(Cycle.objects.for_org(org_id).only("id", "name", "start")[:12]),
        team_page=team_page,
        page=team_page,
        q=q,
        planning=planning,
        can_plan_team=can_plan_team,
        commit_form=forms.get("commit_form")
        or (CycleCommitForm(actor=actor, team=planning) if can_plan_team else None),
        funding_form=forms.get("funding_form")
        or (
            FundingForm(choices=_funding_choices(actor, planning))
            if can(actor, "strategy.manage")
            else None
        ),
        funding_page=funding_page,
        mix=mix,
        mix_rows=mix.as_rows(),
        mix_chart={
            "labels": ["Outcomes", "Teams", "Projects"],
            "amount": [float(mix.amount[k]) for k in ("outcome", "team", "project")],
            "headcount": [float(mix.headcount[k]) for k in ("outcome", "team", "project")],
        },
        findings=queries.cycle_findings(org_id, cycle, settings),
        settings=settings,
        cycle_form=CycleForm(initial={"name": cycle.name, "start": cycle.start, "end": cycle.end}),
    )


@member_view("strategy.view")
def cycle(request: PomRequest, pk: int) -> HttpResponse:
    cycle = _get(request, Cycle, pk)
    return render_page(request, "strategy/cycle.html", _cycle_context(request, cycle))


@member_view()
@require_POST
def cycle_edit(request: PomRequest, pk: int) -> HttpResponse:
    cycle = _get(request, Cycle, pk)
    require(request.membership, "strategy.manage")
    form = CycleForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            "; ".join(f"{k}: {' '.join(str(e) for e in v)}" for k, v in form.errors.items()),
        )
        return redirect("strategy:cycle", pk=cycle.pk)
    return _act(
        request,
        lambda: services.update_cycle(request.membership, cycle, **form.cleaned_data),
        "Cycle saved.",
        reverse("strategy:cycle", args=[cycle.pk]),
    )


@member_view()
@require_POST
def cycle_delete(request: PomRequest, pk: int) -> HttpResponse:
    cycle = _get(request, Cycle, pk)
    require(request.membership, "strategy.manage")
    return _act(
        request,
        lambda: services.delete_cycle(request.membership, cycle),
        f"Cycle {cycle.name} deleted.",
        reverse("strategy:cycles"),
    )


@member_view()
@require_POST
def cycle_commit(request: PomRequest, pk: int) -> HttpResponse:
    actor = request.membership
    cycle = _get(request, Cycle, pk)
    require(actor, "strategy.outcome")
    team_id = request.POST.get("team", "")
    team = Team.objects.for_member(actor).filter(pk=team_id).first() if team_id.isdigit() else None
    form = CycleCommitForm(request.POST, actor=actor, team=team)
    back = reverse("strategy:cycle", args=[cycle.pk]) + (f"?team={team.pk}#plan" if team else "")
    if not form.is_valid() or team is None:
        messages.error(request, "Choose an outcome of the team you are planning.")
        return redirect(back)
    outcome = form.cleaned_data["outcome"]
    return _act(
        request,
        lambda: services.commit_outcome(
            actor, outcome, team=team, cycle=cycle, note=form.cleaned_data["note"]
        ),
        f"{team.name} committed to “{outcome.title}” for {cycle.name}.",
        back,
    )


@member_view()
@require_POST
def funding_create(request: PomRequest, pk: int) -> HttpResponse:
    actor = request.membership
    cycle = _get(request, Cycle, pk)
    require(actor, "strategy.manage")
    kind, _, target_id = request.POST.get("target", "").partition(":")
    planning = None
    if kind == "team" and target_id.isdigit():
        planning = Team.objects.for_member(actor).filter(pk=int(target_id)).first()
    form = FundingForm(request.POST, choices=_funding_choices(actor, planning))
    # The choices offered depend on the team being planned; accept any target of this organization.
    form.fields["target"].choices = [(request.POST.get("target", ""), "")]  # type: ignore[attr-defined]
    if form.is_valid():
        models = {"team": Team, "outcome": Outcome, "project": Project}
        try:
            if kind not in models or not target_id.isdigit():
                raise ValidationError({"target": "Choose a team, an outcome or a project to fund."})
            target = services.resolve(models[kind], actor, int(target_id), "target")
            data = {k: v for k, v in form.cleaned_data.items() if k != "target"}
            services.allocate_funding(actor, cycle=cycle, **{kind: target}, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Funding added to {cycle.name}.")
            return redirect("strategy:cycle", pk=cycle.pk)
    context = _cycle_context(request, cycle, funding_form=form)
    return render_page(request, "strategy/cycle.html", context, status=400)


@member_view()
@require_POST
def funding_delete(request: PomRequest, pk: int) -> HttpResponse:
    funding = _get(request, FundingAllocation, pk)
    require(request.membership, "strategy.manage")
    return _act(
        request,
        lambda: services.delete_funding(request.membership, funding),
        "Funding removed.",
        reverse("strategy:cycle", args=[funding.cycle_id]),
    )


# --- Projects ---------------------------------------------------------------------------------


@member_view("strategy.view")
def projects(request: PomRequest) -> HttpResponse:
    actor = request.membership
    form = ProjectForm(request.POST or None)
    if request.method == "POST":
        require(actor, "strategy.manage")
        if form.is_valid():
            try:
                project = services.create_project(actor, **form.service_data(actor))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"Project “{project.name}” added.")
                return redirect("strategy:projects")
    qs = Project.objects.for_member(actor).select_related("sponsor")
    context = _ctx(request, page=paginate(request, qs), form=form)
    return render_page(
        request, "strategy/projects.html", context, status=400 if form.errors else 200
    )


@member_view("strategy.view")
def project(request: PomRequest, pk: int) -> HttpResponse:
    actor = request.membership
    project = _get(request, Project, pk, Project.objects.select_related("sponsor"))
    initial = {
        "name": project.name,
        "reason": project.reason,
        "start": project.start,
        "end": project.end,
        "budget": project.budget,
        "sponsor_email": project.sponsor.email if project.sponsor else "",
        "scope": project.scope,
    }
    form = ProjectForm(request.POST or None, initial=initial)
    if request.method == "POST":
        require(actor, "strategy.manage")
        if form.is_valid():
            try:
                services.update_project(actor, project, **form.service_data(actor))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "Project saved.")
                return redirect("strategy:project", pk=project.pk)
    funding = list(project.funding.select_related("cycle").order_by("-cycle__start"))
    context = _ctx(request, project=project, form=form, funding=funding)
    return render_page(
        request, "strategy/project.html", context, status=400 if form.errors else 200
    )


@member_view()
@require_POST
def project_delete(request: PomRequest, pk: int) -> HttpResponse:
    project = _get(request, Project, pk)
    require(request.membership, "strategy.manage")
    return _act(
        request,
        lambda: services.delete_project(request.membership, project),
        f"Project “{project.name}” deleted.",
        reverse("strategy:projects"),
    )
