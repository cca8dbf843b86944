"""Compile a team's discovery-delivery demo for a period from the records the team already keeps.

The result is plain data (strings, numbers, lists, dicts): the page, the Markdown export and the
API render the same structure, and holding a demo stores it as the frozen snapshot. Reading it
takes a fixed number of queries however many insights, tests or decisions the team has.

What is compiled, section by section:

- outcomes: the team's open outcomes (owned or committed to), the current number against baseline
  and target, how value and confidence moved over the period's check-ins, and — for an outcome
  bound to a metric — its forecast to the deadline and any breached guardrail (as of the metric's
  last refresh);
- insights: the period's evidence, the ones supporting most opportunities first, with quotes;
- focus: opportunities in Now (or targeted), and what changed in the tree during the period
  (new opportunities, stage moves, solutions changing status, from the audit log);
- tests: assumption tests running, with the early signal and the statistics' verdict in words,
  and tests concluded in the period with their result and decision;
- decisions: taken in the period, with what they bear on;
- blockers: named in the period's check-ins;
- next: tests planned next, and the riskiest untested assumptions behind the team's solutions.

- releases: what the team shipped in the period (delivery's ``queries.releases``), with the
  solutions and outcomes each serves and its measured effect on each outcome's metric (delivery's
  before/after read); a release serving no outcome is flagged as unlinked work.

Where no outcome is bound to a metric, the demo says so instead of inventing a figure.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import CharField, Count, Prefetch, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from pom.accounts.models import Membership
from pom.core.models import AuditEvent
from pom.delivery import queries as delivery
from pom.discovery.models import Decision, Insight, Opportunity, Solution, Stage
from pom.experiments import services as experiments
from pom.experiments.models import (
    RISKY_EVIDENCE,
    RISKY_IMPORTANCE,
    Assumption,
    AssumptionStatus,
    AssumptionTest,
    TestMethod,
    TestStatus,
)
from pom.metrics import queries as metrics
from pom.strategy.models import CheckIn, Outcome, OutcomeCommitment, OutcomeStatus
from pom.teams.models import Team

MAX_OUTCOMES = 6
MAX_INSIGHTS = 5
MAX_FOCUS = 8
MAX_CHANGES = 12
MAX_TESTS = 8
MAX_DECISIONS = 8
MAX_BLOCKERS = 8
MAX_RISKY = 3
MAX_RELEASES = 8

VERDICT_WORDS = {
    "supported": "The data supports the hypothesis against the success criterion.",
    "refuted": "The data goes against the hypothesis: the success criterion is not met.",
    "inconclusive": "Not conclusive yet: the data cannot tell the variants apart against the criterion.",
}
IMPLICATION = {
    "persevere": "Keep going with the solution.",
    "pivot": "Change the solution's approach before building further.",
    "kill": "Stop the solution; the team moves to another idea.",
}
EFFECT_NOTE = (
    "Each effect compares the outcome's metric before and after the release (an interrupted time "
    "series); an A/B test covering the release, on the release's page, is the stronger evidence."
)
NO_EFFECT_NOTE = (
    "None of the outcomes these releases serve is bound to a metric, so no effect is claimed: "
    "bind the outcome to a metric on its page (Numbers from data)."
)
METRICS_NOTE = (
    "Forecasts come from each outcome's metric, as of its last refresh; the other numbers are the "
    "team's own check-ins."
)
NO_METRICS_NOTE = (
    "No outcome here is bound to a metric, so there is no forecast to the deadline: bind one on "
    "the outcome's page (Numbers from data). The numbers are the team's own check-ins."
)


def day_label(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def period_label(start: date, end: date) -> str:
    if start == end:
        return day_label(start)
    first = f"{start.day} {start:%b}" if start.year == end.year else day_label(start)
    return f"{first} – {day_label(end)}"


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{text}{'%' if unit == '%' else (' ' + unit if unit else '')}"


def _opportunity_url(o: Opportunity) -> str:
    return f"{reverse('discovery:tree', args=[o.outcome_id])}#opportunity-{o.pk}"


def compile_demo(actor: Membership, team: Team, start: date, end: date) -> dict[str, Any]:
    """The demo of ``team`` for ``start``–``end`` (both days included), as plain data, read as
    ``actor`` (a member of the team's organization)."""
    org_id = team.organization_id
    lo, hi = _bounds(start, end)
    outcomes = _outcomes(org_id, team, start, end)
    content: dict[str, Any] = {
        "team": {"name": team.name, "slug": team.slug, "url": team.get_absolute_url()},
        "period": {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "label": period_label(start, end),
        },
        "compiled_on": timezone.localdate().isoformat(),
        "outcomes": outcomes["items"],
        "forecast_note": METRICS_NOTE
        if any(o["forecast"] for o in outcomes["items"])
        else NO_METRICS_NOTE,
        "blockers": outcomes["blockers"],
        "insights": _insights(org_id, team, start, end),
        "focus": _focus(org_id, team, lo, hi),
        "tests": _tests(org_id, team, lo, hi),
        "decisions": _decisions(org_id, team, start, end),
        "delivery": _delivery(actor, team, lo, hi),
        "next": _next(org_id, team),
    }
    content["missing"] = missing(content)
    return content


def _delivery(actor: Membership, team: Team, lo: datetime, hi: datetime) -> dict[str, Any]:
    """Releases the team shipped in the period, with the solutions and outcomes each serves."""
    rows = list(
        delivery.releases(actor, team=team.pk).filter(shipped_at__gte=lo, shipped_at__lt=hi)[
            : MAX_RELEASES + 1
        ]
    )
    shown = rows[:MAX_RELEASES]
    served = {o.pk: o for r in shown for o in delivery.trace(r).outcomes}
    bound, reads = delivery.read_impacts(actor, list(served.values()), shown)
    items = []
    for r in shown:
        solutions = list(r.solutions.all())
        outcomes = sorted(
            {
                s.opportunity.outcome.title
                for s in solutions
                if s.opportunity and s.opportunity.outcome
            }
        )
        effects = [
            {
                "outcome": o.title,
                "verdict": reads[(o.pk, r.pk)].label,
                "reason": reads[(o.pk, r.pk)].reason,
                "good": reads[(o.pk, r.pk)].good,
            }
            for o in sorted(delivery.trace(r).outcomes, key=lambda o: (o.title, o.pk))
            if o.pk in bound
        ]
        items.append(
            {
                "title": r.title,
                "url": r.get_absolute_url(),
                "shipped_on": day_label(timezone.localtime(r.shipped_at).date()),
                "kind": r.get_kind_display(),
                "rollout": r.rollout_percent,
                "solutions": [s.title for s in solutions],
                "outcomes": outcomes,
                "unlinked": not outcomes,
                "effects": effects,
            }
        )
    return {
        "releases": items,
        "more": len(rows) > MAX_RELEASES,
        "unlinked": sum(1 for i in items if i["unlinked"]),
        "url": f"{reverse('delivery:releases')}?team={team.pk}",
        "note": "" if not served else EFFECT_NOTE if bound else NO_EFFECT_NOTE,
    }


# --- Outcomes and blockers ----------------------------------------------------------------------


def _outcomes(org_id: int, team: Team, start: date, end: date) -> dict[str, Any]:
    committed = OutcomeCommitment.objects.for_org(org_id).filter(team_id=team.pk)
    in_period = CheckIn.objects.filter(date__gte=start, date__lte=end)
    rows = list(
        Outcome.objects.for_org(org_id)
        .filter(Q(owner_team_id=team.pk) | Q(pk__in=committed.values("outcome_id")))
        .filter(status__in=[OutcomeStatus.DRAFT, OutcomeStatus.COMMITTED])
        .prefetch_related(
            # Read through the outcomes (already in scope), so the (outcome, date) index serves it.
            Prefetch("check_ins", queryset=in_period.order_by("date", "id"), to_attr="period")
        )
        .order_by("-status", "title", "id")[:MAX_OUTCOMES]
    )
    check_ins: dict[int, list[CheckIn]] = {o.pk: o.period for o in rows}  # type: ignore[attr-defined]
    ids = [o.pk for o in rows]
    forecasts = metrics.forecast_statuses(org_id, ids) if ids else {}
    breached = metrics.breached_by_outcome(org_id, ids) if ids else {}
    items: list[dict[str, Any]] = []
    blockers: list[tuple[tuple[date, int], dict[str, Any]]] = []
    for o in rows:
        seen = check_ins[o.pk]
        items.append(_outcome_item(o, seen, forecasts.get(o.pk), breached.get(o.pk, [])))
        for c in seen:
            if c.blockers.strip():
                blockers.append(
                    (
                        (c.date, c.pk),
                        {
                            "outcome": o.title,
                            "url": reverse("strategy:outcome", args=[o.pk]),
                            "date": day_label(c.date),
                            "text": c.blockers.strip(),
                        },
                    )
                )
    blockers.sort(key=lambda pair: pair[0], reverse=True)
    return {"items": items, "blockers": [b for _, b in blockers[:MAX_BLOCKERS]]}


def _outcome_item(
    o: Outcome,
    seen: list[CheckIn],
    forecast: dict[str, Any] | None = None,
    breached: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    unit = o.metric_unit
    moved = ""
    confidence = ""
    if seen:
        first, last = seen[0], seen[-1]
        delta = last.value - first.value
        moved = (
            f"{_number(first.value, unit)} → {_number(last.value, unit)} "
            f"({'+' if delta >= 0 else ''}{_number(delta)}) over {len(seen)} check-in"
            f"{'s' if len(seen) != 1 else ''}"
            if len(seen) > 1
            else f"{_number(last.value, unit)} at the one check-in of the period"
        )
        confidence = (
            f"{first.confidence} → {last.confidence} of 10"
            if len(seen) > 1
            else f"{last.confidence} of 10"
        )
    return {
        "title": o.title,
        "url": reverse("strategy:outcome", args=[o.pk]),
        "status": o.get_status_display(),
        "metric": o.metric_name or "no metric named yet",
        "baseline": _number(o.baseline_value, unit),
        "current": _number(o.current_value, unit),
        "target": _number(o.target_value, unit),
        "deadline": day_label(o.deadline) if o.deadline else "no deadline",
        "progress_percent": o.progress_percent,
        "moved": moved or "No check-in during the period.",
        "confidence": confidence
        or (
            f"{o.last_confidence} of 10 (before the period)"
            if o.last_confidence is not None
            else "—"
        ),
        "check_ins": len(seen),
        "forecast": {
            "status": forecast["status"],
            "label": forecast["label"],
            "reason": forecast.get("reason", ""),
        }
        if forecast
        else None,
        "guardrails_breached": [
            f"{g['metric']} (since {day_label(g['since'])})" for g in breached or []
        ],
    }


# --- Insights -----------------------------------------------------------------------------------


def _insights(org_id: int, team: Team, start: date, end: date) -> dict[str, Any]:
    period = Insight.objects.for_org(org_id).filter(
        team_id=team.pk, observed_on__gte=start, observed_on__lte=end
    )
    total = period.count()
    chosen: list[Any] = list(
        period.select_related("touchpoint")
        .annotate(support=Count("opportunities", distinct=True))
        .prefetch_related(
            Prefetch("opportunities", queryset=Opportunity.objects.order_by("title", "id"))
        )
        .order_by("-support", "-observed_on", "-id")[:MAX_INSIGHTS]
        if total
        else []
    )
    items = []
    for i in chosen:
        who = ", ".join(x for x in (i.customer, i.company) if x)
        items.append(
            {
                "text": i.text,
                "kind": i.get_kind_display(),
                "who": who,
                "origin": i.origin_label,
                "observed_on": day_label(i.observed_on),
                "support": i.support,
                "opportunities": [
                    {"title": o.title, "url": _opportunity_url(o)} for o in i.opportunities.all()
                ],
            }
        )
    return {"total": total, "items": items, "url": reverse("discovery:insights")}


# --- Opportunity focus and what changed ---------------------------------------------------------


def _focus(org_id: int, team: Team, lo: datetime, hi: datetime) -> dict[str, Any]:
    now = list(
        Opportunity.objects.for_org(org_id)
        .filter(team_id=team.pk)
        .filter(Q(stage=Stage.NOW) | Q(targeted=True))
        .select_related("outcome")
        .annotate(
            n_solutions=Count("solutions", distinct=True),
            n_insights=Count("insights", distinct=True),
        )
        .order_by("-targeted", "outcome_id", "position", "id")[:MAX_FOCUS]
    )
    new = list(
        Opportunity.objects.for_org(org_id)
        .filter(team_id=team.pk, created_at__gte=lo, created_at__lt=hi)
        .only("id", "title", "outcome_id")
        .order_by("-created_at", "-id")[: MAX_CHANGES + 1]
    )
    return {
        "now": [
            {
                "title": o.title,
                "url": _opportunity_url(o),
                "outcome": o.outcome.title,
                "stage": o.get_stage_display(),
                "targeted": o.targeted,
                "solutions": o.n_solutions,
                "insights": o.n_insights,
            }
            for o in now
        ],
        "new": [{"title": o.title, "url": _opportunity_url(o)} for o in new[:MAX_CHANGES]],
        "more_new": len(new) > MAX_CHANGES,
        "changes": _tree_changes(org_id, team, lo, hi),
    }


def _label(choices: Any, value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "none")


def _tree_changes(org_id: int, team: Team, lo: datetime, hi: datetime) -> list[dict[str, Any]]:
    """Stage moves of the team's opportunities and status changes of its solutions, newest first."""
    from pom.discovery.models import SolutionStatus

    opp_ids = (
        Opportunity.objects.for_org(org_id)
        .filter(team_id=team.pk)
        .annotate(key=Cast("id", CharField()))
        .values("key")
    )
    sol_ids = (
        Solution.objects.for_org(org_id)
        .filter(team_id=team.pk)
        .annotate(key=Cast("id", CharField()))
        .values("key")
    )
    events = (
        AuditEvent.objects.filter(
            organization_id=org_id,
            action=AuditEvent.Action.UPDATE,
            created_at__gte=lo,
            created_at__lt=hi,
        )
        .filter(
            Q(object_type="Opportunity", object_id__in=opp_ids, changes__has_key="stage")
            | Q(object_type="Solution", object_id__in=sol_ids, changes__has_key="status")
        )
        .order_by("-created_at", "-id")[:MAX_CHANGES]
    )
    result = []
    for e in events:
        field, choices = (
            ("stage", Stage)
            if e.object_type == "Opportunity"
            else (
                "status",
                SolutionStatus,
            )
        )
        before, after = (e.changes.get(field) or [None, None])[:2]
        result.append(
            {
                "kind": e.object_type.lower(),
                "title": e.object_repr,
                "change": f"{_label(choices, before)} → {_label(choices, after)}",
                "on": day_label(timezone.localtime(e.created_at).date()),
                "shipped": e.object_type == "Solution" and after == SolutionStatus.SHIPPED,
            }
        )
    return result


# --- Assumption tests ---------------------------------------------------------------------------


def _tests(org_id: int, team: Team, lo: datetime, hi: datetime) -> dict[str, Any]:
    tests = list(
        AssumptionTest.objects.for_org(org_id)
        .filter(team_id=team.pk)
        .filter(
            Q(status=TestStatus.RUNNING)
            | Q(status=TestStatus.CONCLUDED, concluded_at__gte=lo, concluded_at__lt=hi)
        )
        .prefetch_related(
            Prefetch("assumptions", queryset=Assumption.objects.order_by("id")),
            "variants",
        )
        .order_by("-started_at", "-id")[: MAX_TESTS * 2]
    )
    running = [t for t in tests if t.status == TestStatus.RUNNING][:MAX_TESTS]
    concluded = [t for t in tests if t.status == TestStatus.CONCLUDED][:MAX_TESTS]
    return {
        "running": [_running(t) for t in running],
        "concluded": [
            {
                "title": t.title,
                "url": reverse("experiments:test", args=[t.pk]),
                "method": t.get_method_display(),
                "result": t.get_result_display(),
                "decision": t.get_decision_display(),
                "implication": IMPLICATION.get(t.decision, ""),
                "rationale": t.rationale,
                "learnings": t.learnings,
                "assumptions": [a.statement for a in t.assumptions.all()],
            }
            for t in concluded
        ],
    }


def _running(t: AssumptionTest) -> dict[str, Any]:
    signal, verdict, warnings = _signal(t)
    return {
        "title": t.title,
        "url": reverse("experiments:test", args=[t.pk]),
        "method": t.get_method_display(),
        "hypothesis": t.hypothesis,
        "criterion": t.success_criterion,
        "assumptions": [a.statement for a in t.assumptions.all()],
        "since": day_label(timezone.localtime(t.started_at).date()) if t.started_at else "",
        "signal": signal,
        "verdict": verdict,
        "warnings": warnings,
    }


def _signal(t: AssumptionTest) -> tuple[str, str, list[str]]:
    """The early signal in words, the statistics' verdict in words, and any warnings."""
    if t.method != TestMethod.AB:
        return (
            f"A {t.get_method_display().lower()} is read by the team, not by statistics; "
            "its result is recorded when the test is concluded.",
            "",
            [],
        )
    analysis = experiments.analysis_for(t)
    if analysis is None:
        return ("No data yet: every variant needs its numbers before the test can be read.", "", [])
    verdict = VERDICT_WORDS[analysis.verdict]
    if analysis.verdict_reason:
        verdict = f"{verdict} {analysis.verdict_reason}"
    return analysis.summary, verdict, list(analysis.warnings)


# --- Decisions ----------------------------------------------------------------------------------


def _decisions(org_id: int, team: Team, start: date, end: date) -> list[dict[str, Any]]:
    rows = (
        Decision.objects.for_org(org_id)
        .filter(team_id=team.pk, decided_on__gte=start, decided_on__lte=end)
        .select_related("outcome", "opportunity", "solution")
        .order_by("-decided_on", "-id")[:MAX_DECISIONS]
    )
    result = []
    for d in rows:
        bears_on = []
        if d.outcome:
            bears_on.append(f"outcome “{d.outcome.title}”")
        if d.opportunity:
            bears_on.append(
                f"opportunity “{d.opportunity.title}” ({d.opportunity.get_stage_display()})"
            )
        if d.solution:
            bears_on.append(
                f"solution “{d.solution.title}” (now {d.solution.get_status_display().lower()})"
            )
        result.append(
            {
                "title": d.title,
                "kind": d.get_kind_display(),
                "decided_by": d.decided_by,
                "decided_on": day_label(d.decided_on),
                "rationale": d.rationale,
                "reversible": d.reversible,
                "bears_on": bears_on,
            }
        )
    return result


# --- What we will learn next --------------------------------------------------------------------


def _next(org_id: int, team: Team) -> dict[str, Any]:
    planned = list(
        AssumptionTest.objects.for_org(org_id)
        .filter(team_id=team.pk, status=TestStatus.PLANNED)
        .order_by("planned_start", "id")[:MAX_TESTS]
    )
    tested = Q(tests__status__in=[TestStatus.PLANNED, TestStatus.RUNNING])
    risky = list(
        Assumption.objects.for_org(org_id)
        .filter(
            solution__team_id=team.pk,
            status=AssumptionStatus.UNTESTED,
            importance__gte=RISKY_IMPORTANCE,
            evidence_strength__lte=RISKY_EVIDENCE,
        )
        .exclude(tested)
        .exclude(solution__status__in=["shipped", "discarded"])
        .select_related("solution")
        .order_by("-importance", "evidence_strength", "id")[:MAX_RISKY]
    )
    return {
        "planned": [
            {
                "title": t.title,
                "url": reverse("experiments:test", args=[t.pk]),
                "method": t.get_method_display(),
                "hypothesis": t.hypothesis,
                "starts": day_label(t.planned_start) if t.planned_start else "",
            }
            for t in planned
        ],
        "risky": [
            {
                "statement": a.statement,
                "solution": a.solution.title,
                "risk": a.get_risk_type_display(),
                "url": reverse("experiments:assumption", args=[a.pk]),
            }
            for a in risky
        ],
    }


def missing(content: dict[str, Any]) -> list[str]:
    """What the period has no data for, in words, so an empty demo explains itself."""
    label = content["period"]["label"]
    gaps = []
    if not content["outcomes"]:
        gaps.append(
            "The team owns or has committed to no open outcome: commit it to one in Strategy."
        )
    elif not any(o["check_ins"] for o in content["outcomes"]):
        gaps.append(f"No check-in on the team's outcomes between {label}.")
    if not content["insights"]["total"]:
        gaps.append(f"No insight was recorded between {label}: log touchpoints in Discovery.")
    if not content["focus"]["now"]:
        gaps.append("No opportunity is in Now or targeted in the team's tree.")
    if not content["tests"]["running"] and not content["tests"]["concluded"]:
        gaps.append("No assumption test was running or concluded during the period.")
    if not content["decisions"]:
        gaps.append(f"No decision was recorded between {label}.")
    if not content["delivery"]["releases"]:
        gaps.append(f"No release was logged between {label}: log releases in Delivery.")
    return gaps
