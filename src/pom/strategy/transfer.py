"""Strategy as code: the whole strategy as one YAML document, and OKR spreadsheets as CSV.

Export writes vision, settings, bets, cycles, projects, outcomes (with their check-ins),
commitments and funding, each referring to the others by stable keys, people by email and teams
by slug. Import reads the same document back: it checks the structure (unknown keys, missing
references, circular trees), runs the clarity linter, and only then writes everything in one
transaction — all or nothing. Exporting what was imported gives the same text again.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from pom.accounts.models import Membership
from pom.core import imports
from pom.core.imports import DocumentError, load_yaml
from pom.core.permissions import require
from pom.strategy import clarity, document, services
from pom.strategy.models import (
    CheckIn,
    Comment,
    Cycle,
    FundingAllocation,
    Outcome,
    OutcomeCommitment,
    ProductVision,
    Project,
    StrategicBet,
    StrategySettings,
)
from pom.strategy.queries import strategy_settings, today
from pom.teams.models import Person, Team, TeamMember

PILLAR = "strategy"
VERSION = 1


@dataclass
class ImportResult(imports.Report):
    """An import's report (``created`` counts by kind) with the linter's findings on the way."""

    findings: list[clarity.Finding] = field(default_factory=list)


# --- Export -----------------------------------------------------------------------------------


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
    bet_key = {b.pk: f"bet-{i}" for i, b in enumerate(bets, start=1)}
    bet_rank = {b.pk: (b.rank or 9999, i) for i, b in enumerate(bets)}
    cycles = list(Cycle.objects.for_org(org_id).order_by("start", "name"))
    projects = list(
        Project.objects.for_org(org_id).select_related("sponsor").order_by("start", "name", "id")
    )
    project_key = {p.pk: f"project-{i}" for i, p in enumerate(projects, start=1)}
    outcomes = _tree_order(
        list(Outcome.objects.for_org(org_id).select_related("owner_team")), bet_rank
    )
    outcome_key = {o.pk: f"outcome-{i}" for i, o in enumerate(outcomes, start=1)}
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
    }


def export_yaml(org_id: int) -> str:
    data = export_data(org_id)
    if not data["settings"]:
        del data["settings"]
    return yaml.safe_dump(
        data,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )


# --- Reading a document -----------------------------------------------------------------------


def parse_yaml(text: str) -> dict[str, Any]:
    try:
        doc = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DocumentError({"yaml": f"Not valid YAML{where}: {problem}."}) from None
    if doc is None:
        doc = {}
    if not isinstance(doc, dict):
        raise DocumentError({"yaml": "The document must be a mapping with bets, outcomes, …"})
    return doc


def check_structure(doc: dict[str, Any]) -> dict[str, list[str]]:
    """Unknown keys, wrong shapes (``document.StrategyDocument``), duplicate or missing keys and
    references to nothing: everything found, by path."""
    problems: dict[str, list[str]] = {}

    def add(path: str, message: str) -> None:
        problems.setdefault(path, []).append(message)

    problems.update(document.shape_problems(doc))
    if doc.get("pillar") not in (None, PILLAR):
        add("pillar", f"This is not a strategy document (pillar: {doc.get('pillar')!r}).")
    if doc.get("version") not in (None, VERSION):
        add("version", f"Version {doc.get('version')!r} is not supported; use {VERSION}.")
    if problems:
        return problems
    # Keys must be unique, and references must point at something in the document.
    for section, key_name in (
        ("bets", "key"),
        ("projects", "key"),
        ("outcomes", "key"),
        ("cycles", "name"),
    ):
        counts = Counter(item.get(key_name) for item in doc.get(section) or [])
        for i, item in enumerate(doc.get(section) or []):
            value = item.get(key_name)
            if value in (None, ""):
                add(f"{section}[{i}].{key_name}", f"Give each of the {section} a {key_name}.")
            elif counts[value] > 1:
                add(f"{section}[{i}].{key_name}", f"{value!r} is used more than once.")
    bets = {b.get("key") for b in doc.get("bets") or []}
    projects = {p.get("key") for p in doc.get("projects") or []}
    outcomes = {o.get("key") for o in doc.get("outcomes") or []}
    cycles = {c.get("name") for c in doc.get("cycles") or []}
    parents: dict[Any, Any] = {}
    for i, o in enumerate(doc.get("outcomes") or []):
        if o.get("parent") not in (None, "") and o["parent"] not in outcomes:
            add(f"outcomes[{i}].parent", f"No outcome with key {o['parent']!r} in this document.")
        if o.get("bet") not in (None, "") and o["bet"] not in bets:
            add(f"outcomes[{i}].bet", f"No bet with key {o['bet']!r} in this document.")
        parents[o.get("key")] = o.get("parent")
    for i, o in enumerate(doc.get("outcomes") or []):
        seen = {o.get("key")}
        node = o.get("parent")
        while node not in (None, ""):
            if node in seen:
                add(
                    f"outcomes[{i}].parent",
                    f"Circular outcome tree: {o.get('key')!r} ends up under itself.",
                )
                break
            seen.add(node)
            node = parents.get(node)
    for section in ("commitments", "funding"):
        for i, item in enumerate(doc.get(section) or []):
            if item.get("cycle") not in cycles:
                add(
                    f"{section}[{i}].cycle",
                    f"No cycle named {item.get('cycle')!r} in this document.",
                )
            if item.get("outcome") not in (None, "") and item["outcome"] not in outcomes:
                add(
                    f"{section}[{i}].outcome",
                    f"No outcome with key {item['outcome']!r} in this document.",
                )
            if (
                section == "funding"
                and item.get("project") not in (None, "")
                and item["project"] not in projects
            ):
                add(
                    f"{section}[{i}].project",
                    f"No project with key {item['project']!r} in this document.",
                )
        if section == "funding":
            for i, item in enumerate(doc.get("funding") or []):
                named = [k for k in ("team", "outcome", "project") if item.get(k) not in (None, "")]
                if len(named) != 1:
                    add(
                        f"funding[{i}]",
                        "Fund exactly one of team, outcome or project"
                        + (f" (this names {' and '.join(named)})." if named else " (none named)."),
                    )
        if section == "commitments":
            for i, item in enumerate(doc.get("commitments") or []):
                for k in ("team", "outcome"):
                    if item.get(k) in (None, ""):
                        add(f"commitments[{i}].{k}", f"Name the {k}.")
    return problems


def lint_document(
    doc: dict[str, Any], *, on: date | None = None, limits: clarity.Limits | None = None
) -> list[clarity.Finding]:
    """The clarity linter over every bet and outcome in the document, and the portfolio rules."""
    settings = doc.get("settings") or {}
    limits = limits or clarity.Limits(
        max_active_bets=int(settings.get("max_active_bets", 3)),
        max_outcomes_per_team=int(settings.get("max_outcomes_per_team", 3)),
        max_teams_per_outcome=int(settings.get("max_teams_per_outcome", 2)),
    )
    findings: list[clarity.Finding] = []
    bets: list[clarity.BetDraft] = []
    for i, b in enumerate(doc.get("bets") or []):
        try:
            bet = clarity.bet_from_mapping({**b, "key": b.get("key") or f"bets[{i}]"})
        except (TypeError, ValueError) as exc:
            findings.append(
                clarity.Finding(
                    "Y100",
                    clarity.ERROR,
                    f"bets[{i}].rank",
                    f"The rank cannot be read: {exc}.",
                    "Use a whole number from 1.",
                    str(b.get("key") or ""),
                )
            )
            continue
        bets.append(bet)
        if bet.status == "active":
            findings.extend(clarity.lint_bet(bet))
    outcomes: list[clarity.OutcomeDraft] = []
    for i, o in enumerate(doc.get("outcomes") or []):
        try:
            draft = clarity.outcome_from_mapping({**o, "key": o.get("key") or f"outcomes[{i}]"})
        except (TypeError, ValueError) as exc:
            findings.append(
                clarity.Finding(
                    "Y100",
                    clarity.ERROR,
                    f"outcomes[{i}]",
                    f"A value cannot be read: {exc}.",
                    "Use numbers for values and YYYY-MM-DD for dates.",
                    str(o.get("key") or ""),
                )
            )
            continue
        outcomes.append(draft)
        findings.extend(clarity.lint_outcome(draft, today=on or today()))
    commitments = [
        clarity.Commitment(str(c.get("team")), str(c.get("outcome")), str(c.get("cycle")))
        for c in doc.get("commitments") or []
    ]
    findings.extend(
        clarity.lint_portfolio(bets=bets, outcomes=outcomes, commitments=commitments, limits=limits)
    )
    return findings


# --- Import -----------------------------------------------------------------------------------


def _lookups(
    actor: Membership, doc: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    org = actor.organization_id
    people = {p.email.lower(): p for p in Person.objects.for_org(org)}
    teams = {t.slug: t for t in Team.objects.for_org(org)}
    users = {
        m.user.email.lower(): m.user for m in Membership.objects.for_org(org).select_related("user")
    }
    return people, teams, users


def _resolve_names(
    doc: dict[str, Any], people: dict[str, Any], teams: dict[str, Any], users: dict[str, Any]
) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}

    def need(path: str, value: Any, table: dict[str, Any], what: str) -> None:
        if value in (None, ""):
            return
        if str(value).lower() not in table and str(value) not in table:
            problems.setdefault(path, []).append(f"No {what} {value!r} in this organization.")

    for i, b in enumerate(doc.get("bets") or []):
        need(f"bets[{i}].owner", b.get("owner"), people, "person with email")
    for i, p in enumerate(doc.get("projects") or []):
        need(f"projects[{i}].sponsor", p.get("sponsor"), people, "person with email")
    for i, o in enumerate(doc.get("outcomes") or []):
        need(f"outcomes[{i}].owner_team", o.get("owner_team"), teams, "team with slug")
        # Check-in authors are history: one who is not a member here is simply left out.
    for section in ("commitments", "funding"):
        for i, item in enumerate(doc.get(section) or []):
            need(f"{section}[{i}].team", item.get("team"), teams, "team with slug")
    return problems


def _strategy_exists(org_id: int) -> bool:
    return (
        StrategicBet.objects.for_org(org_id).exists()
        or Outcome.objects.for_org(org_id).exists()
        or Cycle.objects.for_org(org_id).exists()
    )


def _work_hanging_off_outcomes(org_id: int) -> list[str]:
    """Other pillars' rows that deleting today's outcomes would delete with them."""
    found = []
    for rel in Outcome._meta.related_objects:
        model = rel.related_model
        if model._meta.app_label == "strategy" or rel.on_delete is not models.CASCADE:
            continue
        rows = model.objects.filter(  # type: ignore[attr-defined]
            organization_id=org_id, **{f"{rel.field.name}__isnull": False}
        )
        if rows.exists():
            found.append(str(model._meta.verbose_name_plural))
    return found


def clear_strategy(org_id: int) -> None:
    for model in (
        FundingAllocation,
        OutcomeCommitment,
        CheckIn,
        Comment,
        Outcome,
        Project,
        Cycle,
        StrategicBet,
        ProductVision,
        StrategySettings,
    ):
        model.objects.for_org(org_id).delete()  # type: ignore[attr-defined]


def _raise_at(path: str, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        raise DocumentError(
            {f"{path}.{name}": msgs for name, msgs in exc.message_dict.items()}
        ) from None
    raise DocumentError({path: exc.messages}) from None


def import_yaml(
    actor: Membership,
    text: str,
    *,
    allow_warnings: bool = False,
    dry_run: bool = False,
    replace: bool = False,
) -> ImportResult:
    """Read a strategy document into the actor's organization: all of it, or nothing."""
    require(actor, "strategy.manage")
    doc = parse_yaml(text)
    problems = check_structure(doc)
    if problems:
        raise DocumentError(problems)
    findings = lint_document(doc)
    errors = clarity.errors(findings)
    if errors or (findings and not allow_warnings):
        shown = errors or findings
        raise DocumentError(
            {
                "lint": [f"{f.subject or '-'} · {f.field}: {f.message} ({f.rule})" for f in shown]
                + (
                    []
                    if errors
                    else [
                        "These are warnings; pass allow_warnings (--allow-warnings) to import anyway."
                    ]
                )
            }
        )
    people, teams, users = _lookups(actor, doc)
    problems = _resolve_names(doc, people, teams, users)
    if problems:
        raise DocumentError(problems)
    org_id = actor.organization_id
    result = ImportResult(findings=findings)
    with transaction.atomic():
        if _strategy_exists(org_id):
            if not replace:
                raise DocumentError(
                    {
                        "organization": "This organization already has a strategy; import with "
                        "replace (--replace) to swap it for the document's."
                    }
                )
            attached = _work_hanging_off_outcomes(org_id)
            if attached:
                raise DocumentError(
                    {
                        "organization": f"Replacing the strategy would delete the {', '.join(attached)} "
                        "filed under today's outcomes; import into an organization without them, or "
                        "edit the outcomes in place."
                    }
                )
            clear_strategy(org_id)
        _write(actor, doc, people, teams, users, result)
        if dry_run:
            transaction.set_rollback(True)
    return result


def _write(
    actor: Membership,
    doc: dict[str, Any],
    people: dict[str, Any],
    teams: dict[str, Any],
    users: dict[str, Any],
    result: ImportResult,
) -> None:
    org_id = actor.organization_id
    count = Counter[str]()

    def person(email: Any) -> Any:
        return people.get(str(email).lower()) if email else None

    if doc.get("settings"):
        try:
            services.update_settings(actor, **doc["settings"])
        except ValidationError as exc:
            _raise_at("settings", exc)
    if doc.get("vision"):
        try:
            services.save_vision(actor, **doc["vision"])
            count["vision"] += 1
        except ValidationError as exc:
            _raise_at("vision", exc)
    bets: dict[str, StrategicBet] = {}
    ordered_bets = sorted(
        enumerate(doc.get("bets") or []),
        key=lambda ib: (ib[1].get("rank") is None, ib[1].get("rank") or 0, ib[0]),
    )
    for i, b in ordered_bets:
        data = {k: v for k, v in b.items() if k not in ("key", "owner")}
        try:
            bets[b["key"]] = services.create_bet(actor, owner=person(b.get("owner")), **data)
        except (ValidationError, TypeError, ValueError) as exc:
            _raise_at(f"bets[{i}]", _as_validation(exc))
        count["bets"] += 1
    cycles: dict[str, Cycle] = {}
    for i, c in enumerate(doc.get("cycles") or []):
        try:
            cycles[c["name"]] = services.create_cycle(actor, **c)
        except ValidationError as exc:
            _raise_at(f"cycles[{i}]", exc)
        count["cycles"] += 1
    projects: dict[str, Project] = {}
    for i, p in enumerate(doc.get("projects") or []):
        data = {k: v for k, v in p.items() if k not in ("key", "sponsor")}
        try:
            projects[p["key"]] = services.create_project(
                actor, sponsor=person(p.get("sponsor")), **data
            )
        except ValidationError as exc:
            _raise_at(f"projects[{i}]", exc)
        count["projects"] += 1
    outcomes: dict[str, Outcome] = {}
    pending = list(enumerate(doc.get("outcomes") or []))
    # Parents first: the structure check has ruled out loops, so every pass places at least one.
    while pending:
        later = []
        for i, o in pending:
            parent_key = o.get("parent")
            if parent_key and parent_key not in outcomes:
                later.append((i, o))
                continue
            _write_outcome(actor, i, o, outcomes, bets, teams, users)
            count["outcomes"] += 1
            count["check_ins"] += len(o.get("check_ins") or [])
        pending = later
    for i, c in enumerate(doc.get("commitments") or []):
        outcome, team, cycle = outcomes[c["outcome"]], teams[c["team"]], cycles[c["cycle"]]
        if (
            OutcomeCommitment.objects.for_org(org_id)
            .filter(outcome=outcome, team=team, cycle=cycle)
            .exists()
        ):
            raise DocumentError({f"commitments[{i}]": "The same commitment appears twice."})
        OutcomeCommitment.objects.create(
            organization_id=org_id,
            outcome=outcome,
            team=team,
            cycle=cycle,
            note=str(c.get("note") or ""),
        )
        count["commitments"] += 1
    for i, f in enumerate(doc.get("funding") or []):
        try:
            services.allocate_funding(
                actor,
                cycle=cycles[f["cycle"]],
                team=teams.get(f.get("team") or ""),
                outcome=outcomes.get(f.get("outcome") or ""),
                project=projects.get(f.get("project") or ""),
                headcount=f.get("headcount"),
                amount=f.get("amount"),
                rationale=f.get("rationale") or "",
            )
        except ValidationError as exc:
            _raise_at(f"funding[{i}]", exc)
        count["funding"] += 1
    result.created = count


def _as_validation(exc: Exception) -> ValidationError:
    return exc if isinstance(exc, ValidationError) else ValidationError(str(exc))


def _write_outcome(
    actor: Membership,
    i: int,
    o: dict[str, Any],
    outcomes: dict[str, Outcome],
    bets: dict[str, StrategicBet],
    teams: dict[str, Team],
    users: dict[str, Any],
) -> None:
    fields = {
        "title": o.get("title"),
        "description": o.get("description", ""),
        "level": o.get("level", "team"),
        "status": o.get("status", "draft"),
        "parent": outcomes.get(o.get("parent") or ""),
        "bet": bets.get(o.get("bet") or ""),
        "owner_team": teams.get(o.get("owner_team") or ""),
        "metric_name": o.get("metric", ""),
        "metric_unit": o.get("unit", ""),
        "segment": o.get("segment", ""),
        "direction": o.get("direction", "increase"),
        "baseline_value": o.get("baseline_value"),
        "baseline_date": o.get("baseline_date"),
        "target_value": o.get("target_value"),
        "deadline": o.get("deadline"),
        "current_value": o.get("current_value"),
        "guardrails": o.get("guardrails") or [],
        "tradeoffs": o.get("tradeoffs", ""),
    }
    try:
        outcome = services.create_outcome(actor, **fields)
    except ValidationError as exc:
        _raise_at(f"outcomes[{i}]", exc)
    outcomes[o["key"]] = outcome
    latest: CheckIn | None = None
    for j, c in enumerate(o.get("check_ins") or []):
        if c.get("value") in (None, ""):
            raise DocumentError(
                {f"outcomes[{i}].check_ins[{j}].value": "Give the value checked in."}
            )
        try:
            check_in = CheckIn.objects.create(
                organization_id=actor.organization_id,
                outcome=outcome,
                date=services._date(c.get("date"), "date") or today(),
                value=float(c["value"]),
                confidence=int(c.get("confidence", 5)),
                commentary=str(c.get("commentary") or ""),
                blockers=str(c.get("blockers") or ""),
                author=users.get(str(c.get("author") or "").lower()),
            )
        except (ValidationError, TypeError, ValueError) as exc:
            _raise_at(f"outcomes[{i}].check_ins[{j}]", _as_validation(exc))
        if not 0 <= check_in.confidence <= 10:
            raise DocumentError({f"outcomes[{i}].check_ins[{j}].confidence": "Use 0 to 10."})
        if latest is None or check_in.date >= latest.date:
            latest = check_in
    if latest is not None:
        outcome.last_check_in_on = latest.date
        outcome.last_confidence = latest.confidence
        outcome.save(update_fields=["last_check_in_on", "last_confidence", "updated_at"])


# --- OKR spreadsheets -------------------------------------------------------------------------

# Column names people use for the same thing, lower-cased and stripped of punctuation.
OKR_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "row id", "rowid", "key", "ref"),
    "parent": ("parent", "parent id", "parent row id", "parentid", "objective id"),
    "title": ("title", "name", "objective", "key result", "kr", "goal"),
    "owner": ("owner", "owner email", "email", "assignee"),
    "start_value": ("start", "start value", "baseline", "baseline value", "initial value"),
    "target_value": ("target", "target value", "goal value"),
    "current_value": ("current", "current value", "actual", "progress value"),
    "start_date": ("start date", "baseline date", "from"),
    "due_date": ("due", "due date", "deadline", "end date", "to"),
    "metric": ("metric", "metric name", "kpi"),
    "unit": ("unit", "metric unit"),
    "segment": ("segment", "audience", "customers"),
}


def _norm(header: str) -> str:
    return " ".join(header.lower().replace("_", " ").replace("-", " ").split())


def import_okr_csv(actor: Membership, text: str, *, dry_run: bool = False) -> ImportResult:
    """Outcomes from an OKR spreadsheet (row id, parent row id, title, owner email, values, dates).

    The tree follows the parent column; direction comes from start → target; the owner's first team
    owns the outcome. Outcomes arrive as drafts with their clarity findings; any row that cannot be
    read stops the whole import, naming the row and column.
    """
    require(actor, "strategy.manage")
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if not reader.fieldnames:
        raise DocumentError({"csv": "The file is empty."})
    columns: dict[str, str] = {}
    for header in reader.fieldnames:
        for name, aliases in OKR_COLUMNS.items():
            if _norm(header) in aliases and name not in columns:
                columns[name] = header
    missing = [name for name in ("id", "title") if name not in columns]
    if missing:
        raise DocumentError(
            {
                "csv": f"Missing column(s): {', '.join(missing)}. Found: {', '.join(reader.fieldnames)}. "
                "Expected at least a row id and a title."
            }
        )
    rows = list(reader)
    org_id = actor.organization_id
    team_of_person: dict[str, Team] = {}
    for tm in (
        TeamMember.objects.for_org(org_id)
        .select_related("team", "person")
        .order_by("person_id", "-allocation", "id")
    ):
        team_of_person.setdefault(tm.person.email.lower(), tm.team)

    def cell(row: dict[str, Any], name: str) -> str:
        header = columns.get(name)
        return (row.get(header) or "").strip() if header else ""

    def number(row: dict[str, Any], name: str, n: int) -> float | None:
        value = cell(row, name).replace(",", "").rstrip("%").strip()
        if not value:
            return None
        try:
            return float(value)
        except ValueError:
            raise DocumentError(
                {f"row {n}.{columns[name]}": f"{cell(row, name)!r} is not a number."}
            ) from None

    def day(row: dict[str, Any], name: str, n: int) -> date | None:
        value = cell(row, name)
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise DocumentError(
                {f"row {n}.{columns[name]}": f"{value!r} is not a date; use YYYY-MM-DD."}
            ) from None

    ids: dict[str, int] = {}
    for n, row in enumerate(rows, start=2):
        rid = cell(row, "id")
        if not rid:
            raise DocumentError({f"row {n}.{columns['id']}": "Every row needs an id."})
        if rid in ids:
            raise DocumentError(
                {f"row {n}.{columns['id']}": f"Id {rid!r} appears twice (first on row {ids[rid]})."}
            )
        ids[rid] = n
    parent_of = {cell(r, "id"): cell(r, "parent") for r in rows}
    depth: dict[str, int] = {}
    for n, row in enumerate(rows, start=2):
        rid, seen, node, d = cell(row, "id"), set(), cell(row, "parent"), 0
        while node:
            if node not in ids:
                raise DocumentError({f"row {n}.{columns['parent']}": f"No row with id {node!r}."})
            if node in seen or node == rid:
                raise DocumentError(
                    {f"row {n}.{columns['parent']}": "Circular: this row ends up under itself."}
                )
            seen.add(node)
            node, d = parent_of[node], d + 1
        depth[rid] = d
    deepest = max(depth.values(), default=0)
    levels = ["business", "product", "team"] if deepest >= 2 else ["product", "team"]
    result = ImportResult()
    with transaction.atomic():
        made: dict[str, Outcome] = {}
        for n, row in sorted(enumerate(rows, start=2), key=lambda nr: depth[cell(nr[1], "id")]):
            rid = cell(row, "id")
            start, target = number(row, "start_value", n), number(row, "target_value", n)
            direction = "increase"
            if start is not None and target is not None:
                direction = (
                    "increase"
                    if target > start
                    else "decrease"
                    if target < start
                    else "keep_within"
                )
            owner = cell(row, "owner").lower()
            if owner and owner not in team_of_person:
                raise DocumentError(
                    {
                        f"row {n}.{columns['owner']}": f"{owner} is not on any team in this organization."
                    }
                )
            values = {
                "title": cell(row, "title"),
                "level": levels[min(depth[rid], len(levels) - 1)],
                "parent": made.get(parent_of[rid]) if parent_of[rid] else None,
                "owner_team": team_of_person.get(owner),
                "metric_name": cell(row, "metric"),
                "metric_unit": cell(row, "unit"),
                "segment": cell(row, "segment"),
                "direction": direction,
                "baseline_value": start,
                "target_value": target,
                "current_value": number(row, "current_value", n),
                "baseline_date": day(row, "start_date", n),
                "deadline": day(row, "due_date", n),
            }
            try:
                outcome = services.create_outcome(actor, **values)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    raise DocumentError(
                        {f"row {n}.{k}": v for k, v in exc.message_dict.items()}
                    ) from None
                raise DocumentError({f"row {n}": exc.messages}) from None
            made[rid] = outcome
            result.findings.extend(
                clarity.lint_outcome(
                    outcome.draft(owner_team=outcome.owner_team.name if outcome.owner_team else ""),
                    today=today(),
                )
            )
        result.created = Counter(outcomes=len(made))
        if dry_run:
            transaction.set_rollback(True)
    return result


# --- ``pom export strategy`` / ``pom import FILE`` ------------------------------------------


def export_for_cli(actor: Membership) -> str:
    return export_yaml(actor.organization_id)


def import_file(
    actor: Membership,
    content: str,
    fmt: str,
    *,
    apply: bool,
    allow_warnings: bool = False,
    replace: bool = False,
) -> imports.Report:
    """The strategy importer behind ``pom import``: YAML documents or OKR spreadsheets (CSV)."""
    report = imports.Report(kind=fmt)
    try:
        if fmt == "yaml":
            result = import_yaml(
                actor, content, allow_warnings=allow_warnings, dry_run=not apply, replace=replace
            )
        elif fmt == "csv":
            result = import_okr_csv(actor, content, dry_run=not apply)
        else:
            report.problem("", "", "Strategy imports a YAML document or an OKR spreadsheet (.csv).")
            return report
    except ValidationError as exc:
        report.refuse(exc)
        return report
    except PermissionDenied as exc:
        report.problem("", "", str(exc))
        return report
    report.changes = [f"{n} {kind}" for kind, n in result.created.items()]
    report.notes = [
        f"{f.subject or '-'} · {f.field}: {f.message} ({f.rule})" for f in result.findings
    ]
    report.applied = apply
    return report
