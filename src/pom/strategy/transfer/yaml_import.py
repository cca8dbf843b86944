"""Import of a strategy document: everything written in one transaction, all or nothing, through
the services, so the same rules hold as in the UI."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from pom.accounts.models import Membership
from pom.core.imports import DocumentError
from pom.core.permissions import require
from pom.core.validation import date_value
from pom.strategy import clarity, services
from pom.strategy.models import (
    CheckIn,
    CheckInStatus,
    Comment,
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
from pom.strategy.queries import today
from pom.strategy.services.fields import _metric_value
from pom.strategy.transfer.base import ImportResult
from pom.strategy.transfer.metrics_part import import_bindings, import_metrics, import_sources
from pom.strategy.transfer.reading import check_structure, lint_document, parse_yaml
from pom.teams.models import Person, Team


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
        if model._meta.label == "metrics.OutcomeMetric":
            continue  # bindings to metrics are part of the document: the import makes them again
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


def _blocking(doc: dict[str, Any], errors: list[clarity.Finding]) -> list[clarity.Finding]:
    """The errors that refuse an import: the UI saves any outcome that is not committed whatever
    the linter says (only committing needs a clear outcome: drafts may be vague, and achieved or
    missed ones are history), so errors about those count as warnings here too — except a value
    that cannot be read at all (Y100), which could not be saved anywhere."""
    lenient = {
        str(o.get("key") or f"outcomes[{i}]")
        for i, o in enumerate(doc.get("outcomes") or [])
        if isinstance(o, dict) and str(o.get("status") or "draft") != "committed"
    }
    return [f for f in errors if f.rule == "Y100" or f.subject not in lenient]


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
    errors = _blocking(doc, clarity.errors(findings))
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
    _write_principles(actor, doc, count)
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
    sources = import_sources(actor, doc, _raise_at, count)
    found = import_metrics(actor, doc, sources, _raise_at, count)
    import_bindings(actor, doc, outcomes, found, _raise_at, count)
    result.created = count


def _write_principles(actor: Membership, doc: dict[str, Any], count: Counter[str]) -> None:
    """The document's principles, in its order, at the top of the list: one with the same text
    is updated (decisions citing it keep their citation), others are added."""
    existing = {p.text.strip().lower(): p for p in Principle.objects.for_member(actor)}
    for i, p in enumerate(doc.get("principles") or []):
        text = str(p.get("text") or "").strip()
        try:
            found = existing.get(text.lower())
            if found is None:
                found = services.create_principle(
                    actor, text=text, rationale=p.get("rationale") or "", position=i + 1
                )
                count["principles"] += 1
            else:
                services.update_principle(
                    actor, found, rationale=p.get("rationale") or "", position=i + 1
                )
            existing[text.lower()] = found
        except ValidationError as exc:
            _raise_at(f"principles[{i}]", exc)


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
        at = f"outcomes[{i}].check_ins[{j}]"
        try:
            value = _metric_value(c.get("value"), "value")
            if value is None:
                raise ValidationError({"value": "Give the value checked in."})
            confidence = c.get("confidence", 5)
            if isinstance(confidence, bool) or not isinstance(confidence, int | str):
                raise ValidationError({"confidence": "Use a whole number from 0 to 10."})
            confidence = int(confidence)
            if not 0 <= confidence <= 10:
                raise ValidationError({"confidence": "Use 0 to 10."})
            status = str(c.get("status") or "")
            if status and status not in CheckInStatus.values:
                raise ValidationError(
                    {"status": f"Use one of {', '.join(CheckInStatus.values)} (or leave it out)."}
                )
            check_in = CheckIn.objects.create(
                organization_id=actor.organization_id,
                outcome=outcome,
                date=date_value(c.get("date"), "date") or today(),
                value=value,
                confidence=confidence,
                status=status,
                guardrail_readings=_readings(c.get("guardrail_readings")),
                commentary=str(c.get("commentary") or ""),
                blockers=str(c.get("blockers") or ""),
                author=users.get(str(c.get("author") or "").lower()),
            )
        except (TypeError, ValueError) as exc:
            _raise_at(at, _as_validation(exc))
        except ValidationError as exc:
            _raise_at(at, exc)
        if latest is None or check_in.date >= latest.date:
            latest = check_in
    if latest is not None:
        # As a check-in in the UI records it — except the current value, which the document
        # gives on its own (an outcome reading a metric takes it from the data, not the check-in).
        outcome.last_check_in_on = latest.date
        outcome.last_confidence = latest.confidence
        outcome.last_status = latest.status
        outcome.breached_guardrails = len(latest.breached)
        outcome.save(
            update_fields=[
                "last_check_in_on",
                "last_confidence",
                "last_status",
                "breached_guardrails",
                "updated_at",
            ]
        )


def _readings(raw: Any) -> list[dict[str, Any]]:
    """Guardrail readings as history keeps them (with the limit they were read against)."""
    readings = []
    for k, r in enumerate(raw or []):
        field = f"guardrail_readings[{k}]"
        value = _metric_value(r.get("value"), f"{field}.value")
        limit = _metric_value(r.get("limit"), f"{field}.limit")
        comparison = str(r.get("comparison") or "at_most")
        if comparison not in ("at_most", "at_least"):
            raise ValidationError({f"{field}.comparison": "Use at_most or at_least."})
        if not str(r.get("metric") or "").strip() or value is None:
            raise ValidationError({field: "Give the guardrail's metric and the value read."})
        holds = r.get("holds")
        if holds is None and limit is not None:
            holds = value >= limit if comparison == "at_least" else value <= limit
        readings.append(
            {
                "metric": str(r["metric"]).strip(),
                "value": value,
                "comparison": comparison,
                "limit": limit,
                "holds": bool(True if holds is None else holds),
            }
        )
    return readings
