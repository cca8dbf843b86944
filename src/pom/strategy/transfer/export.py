"""Export: the whole strategy as one YAML document, each part referring to the others by stable
keys, people by email and teams by slug."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml
from django.utils.text import slugify

from pom.strategy.models import (
    CheckIn,
    Cycle,
    FundingAllocation,
    Outcome,
    OutcomeCommitment,
    Principle,
    ProductVision,
    Project,
    StrategicBet,
    StrategySettings,
)
from pom.strategy.queries import strategy_settings
from pom.strategy.transfer.base import PILLAR, VERSION
from pom.strategy.transfer.metrics_part import (
    CREDENTIALS_NOTE,
    export_bindings,
    export_metrics,
    export_sources,
)


def _num(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty values so the YAML reads like something a person wrote."""
    return {k: v for k, v in d.items() if v not in (None, "", [], {})}


def stable_keys(items: list[Any], title: Any, fallback: str) -> dict[int, str]:
    """Keys made from titles (``win-self-serve-smbs``), not positions, so that adding one outcome
    changes a few lines of the document, not every reference after it. Two items with the same
    title are told apart by a number, in the order given (the document's order)."""
    keys: dict[int, str] = {}
    used: set[str] = set()
    for item in items:
        base = slugify(str(title(item)))[:60].strip("-") or fallback
        key, n = base, 1
        while key in used:
            n += 1
            key = f"{base}-{n}"
        used.add(key)
        keys[item.pk] = key
    return keys


def _reading(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "metric": r.get("metric"),
        "value": _num(r.get("value")),
        "comparison": r.get("comparison", "at_most"),
        "limit": _num(r.get("limit")),
        "holds": bool(r.get("holds", True)),
    }


def _tree_order(outcomes: list[Outcome], bet_rank: dict[int, tuple[int, int]]) -> list[Outcome]:
    """Parents before children; siblings by bet rank, title and creation, so the order is stable."""
    kids: dict[int | None, list[Outcome]] = {}
    ids = {o.pk for o in outcomes}
    for o in outcomes:
        kids.setdefault(o.parent_id if o.parent_id in ids else None, []).append(o)

    def key(o: Outcome) -> tuple[Any, ...]:
        return (bet_rank.get(o.bet_id or 0, (9999, 0)), o.title, o.pk)

    ordered: list[Outcome] = []
    stack = sorted(kids.get(None, []), key=key, reverse=True)
    while stack:
        o = stack.pop()
        ordered.append(o)
        stack.extend(sorted(kids.get(o.pk, []), key=key, reverse=True))
    return ordered


def export_data(org_id: int) -> dict[str, Any]:
    vision = ProductVision.objects.for_org(org_id).first()
    settings = strategy_settings(org_id)
    bets = list(
        StrategicBet.objects.for_org(org_id)
        .select_related("owner")
        .order_by("status", "rank", "title", "id")
    )
    bet_key = stable_keys(bets, lambda b: b.title, "bet")
    bet_rank = {b.pk: (b.rank or 9999, i) for i, b in enumerate(bets)}
    cycles = list(Cycle.objects.for_org(org_id).order_by("start", "name"))
    projects = list(
        Project.objects.for_org(org_id).select_related("sponsor").order_by("start", "name", "id")
    )
    project_key = stable_keys(projects, lambda p: p.name, "project")
    outcomes = _tree_order(
        list(Outcome.objects.for_org(org_id).select_related("owner_team")), bet_rank
    )
    outcome_key = stable_keys(outcomes, lambda o: o.title, "outcome")
    check_ins: dict[int, list[CheckIn]] = {}
    for c in (
        CheckIn.objects.for_org(org_id)
        .select_related("author")
        .order_by("date", "created_at", "id")
    ):
        check_ins.setdefault(c.outcome_id, []).append(c)
    cycle_name = {c.pk: c.name for c in cycles}
    commitments = sorted(
        OutcomeCommitment.objects.for_org(org_id).select_related("team", "cycle"),
        key=lambda c: (c.cycle.start, c.cycle.name, c.team.slug, outcome_key[c.outcome_id]),
    )
    funding = list(
        FundingAllocation.objects.for_org(org_id)
        .select_related("team", "cycle")
        .order_by("cycle__start", "id")
    )
    defaults = StrategySettings()
    return {
        "pillar": PILLAR,
        "version": VERSION,
        **(
            {"vision": _clean({"statement": vision.statement, "horizon": vision.horizon})}
            if vision
            else {}
        ),
        "principles": [
            _clean({"text": p.text, "rationale": p.rationale})
            for p in Principle.objects.for_org(org_id).order_by("position", "id")
        ],
        "settings": (
            {
                name: getattr(settings, name)
                for name in (
                    "stale_after_days",
                    "max_active_bets",
                    "max_outcomes_per_team",
                    "max_teams_per_outcome",
                )
                if getattr(settings, name) != getattr(defaults, name)
            }
        ),
        "bets": [
            _clean(
                {
                    "key": bet_key[b.pk],
                    "title": b.title,
                    "rank": b.rank,
                    "status": b.status,
                    "insight": b.insight,
                    "tradeoffs": b.tradeoffs,
                    "time_frame": b.time_frame,
                    "owner": b.owner.email if b.owner else None,
                }
            )
            for b in bets
        ],
        "cycles": [{"name": c.name, "start": c.start, "end": c.end} for c in cycles],
        "projects": [
            _clean(
                {
                    "key": project_key[p.pk],
                    "name": p.name,
                    "reason": p.reason,
                    "start": p.start,
                    "end": p.end,
                    "budget": _num(p.budget),
                    "scope": p.scope,
                    "sponsor": p.sponsor.email if p.sponsor else None,
                }
            )
            for p in projects
        ],
        "outcomes": [
            _clean(
                {
                    "key": outcome_key[o.pk],
                    "title": o.title,
                    "level": o.level,
                    "status": o.status,
                    "parent": outcome_key.get(o.parent_id or 0),
                    "bet": bet_key.get(o.bet_id or 0),
                    "owner_team": o.owner_team.slug if o.owner_team else None,
                    "description": o.description,
                    "metric": o.metric_name,
                    "unit": o.metric_unit,
                    "segment": o.segment,
                    "direction": o.direction,
                    "baseline_value": _num(o.baseline_value),
                    "baseline_date": o.baseline_date,
                    "target_value": _num(o.target_value),
                    "deadline": o.deadline,
                    "current_value": _num(o.current_value),
                    "guardrails": [
                        {
                            "metric": g.get("metric"),
                            "comparison": g.get("comparison", "at_most"),
                            "limit": _num(g.get("limit")),
                        }
                        for g in o.guardrails or []
                    ],
                    "tradeoffs": o.tradeoffs,
                    "check_ins": [
                        _clean(
                            {
                                "date": c.date,
                                "value": _num(c.value),
                                "confidence": c.confidence,
                                "status": c.status,
                                "guardrail_readings": [
                                    _reading(r) for r in c.guardrail_readings or []
                                ],
                                "commentary": c.commentary,
                                "blockers": c.blockers,
                                "author": c.author.email if c.author else None,
                            }
                        )
                        for c in check_ins.get(o.pk, [])
                    ],
                }
            )
            for o in outcomes
        ],
        "commitments": [
            _clean(
                {
                    "cycle": c.cycle.name,
                    "team": c.team.slug,
                    "outcome": outcome_key[c.outcome_id],
                    "note": c.note,
                }
            )
            for c in commitments
        ],
        "funding": [
            _clean(
                {
                    "cycle": cycle_name[f.cycle_id],
                    "team": f.team.slug if f.team else None,
                    "outcome": outcome_key.get(f.outcome_id or 0),
                    "project": project_key.get(f.project_id or 0),
                    "headcount": _num(f.headcount),
                    "amount": _num(f.amount),
                    "rationale": f.rationale,
                }
            )
            for f in funding
        ],
        "data_sources": export_sources(org_id),
        "metrics": export_metrics(org_id),
        "bindings": export_bindings(org_id, outcome_key),
    }


def export_yaml(org_id: int) -> str:
    data = export_data(org_id)
    if not data["settings"]:
        del data["settings"]
    for section in ("principles", "data_sources", "metrics", "bindings"):
        if not data[section]:
            del data[section]
    note = CREDENTIALS_NOTE if "data_sources" in data else ""
    return note + yaml.safe_dump(
        data,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
