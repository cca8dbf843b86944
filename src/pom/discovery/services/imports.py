"""Importing notes and research as insights: parse to preview, then apply all or nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pom.accounts.models import Membership
from pom.core.imports import Problem
from pom.discovery import importers
from pom.discovery.models import (
    Insight,
    Touchpoint,
    TouchpointKind,
)
from pom.discovery.services.fields import _choice, require_team, resolve, today
from pom.discovery.services.touchpoints import _insight
from pom.teams.models import Team

IMPORT_FORMATS = {
    "csv": "Interview notes (CSV)",
    "productboard": "Productboard notes (JSON or CSV)",
}


def parse_import(
    actor: Membership, *, fmt: str, content: str, filename: str = ""
) -> importers.ParsedImport:
    """Parse a file and check it against what is already stored; writes nothing."""
    if fmt == "csv":
        parsed = importers.parse_notes_csv(content, today())
    elif fmt == "productboard":
        parsed = importers.parse_productboard(content, today(), filename)
    else:
        raise ValidationError({"format": f"Choose one of: {', '.join(IMPORT_FORMATS)}."})
    ids = [row.external_id for row in parsed.rows if row.external_id]
    if ids:
        existing = set(
            Insight.objects.for_member(actor)
            .filter(external_id__in=ids)
            .values_list("external_id", flat=True)
        )
        for row in parsed.rows:
            if row.external_id in existing:
                parsed.errors.append(Problem.at_row(row.line, "this note was imported before."))
        parsed.errors.sort(key=lambda e: e.line)
    return parsed


@transaction.atomic
def apply_import(
    actor: Membership,
    *,
    team: Any,
    fmt: str,
    content: str,
    filename: str = "",
    kind: str = TouchpointKind.INTERVIEW,
) -> dict[str, int]:
    """Create everything in the file, or nothing when any row is wrong.

    Interview notes become one touchpoint per customer and day, with one insight per note;
    Productboard notes become insights with their source, customer and record id.
    """
    team_obj = resolve(Team, actor, team, "team")
    if team_obj is None:
        raise ValidationError({"team": "Choose the team the evidence belongs to."})
    require_team(actor, team_obj)
    parsed = parse_import(actor, fmt=fmt, content=content, filename=filename)
    if parsed.errors:
        raise ValidationError({"file": [str(e) for e in parsed.errors[:50]]})
    if not parsed.rows:
        raise ValidationError({"file": "The file holds no notes."})
    kind = _choice(kind or TouchpointKind.INTERVIEW, TouchpointKind, "kind")
    touchpoints: dict[tuple[date, str, str], Touchpoint] = {}
    insights = 0
    for row in parsed.rows:
        tp = None
        if fmt == "csv":
            key = (row.observed_on, row.customer.lower(), row.company.lower())
            tp = touchpoints.get(key)
            if tp is None:
                tp = Touchpoint.objects.create(
                    organization_id=actor.organization_id,
                    team=team_obj,
                    happened_on=row.observed_on,
                    kind=kind,
                    customer_name=row.customer,
                    company=row.company,
                    summary=f"Imported from {filename or 'a CSV file'}"[:500],
                    created_by=actor.user,
                )
                touchpoints[key] = tp
        _insight(
            actor,
            team_obj,
            text=row.text,
            observed_on=row.observed_on,
            tags=row.tags,
            source=row.source or (f"Import: {filename}"[:200] if not tp else ""),
            customer=row.customer,
            company=row.company,
            touchpoint=tp,
            external_id=row.external_id,
            field=f"row {row.line}",
        ).save()
        insights += 1
    return {"touchpoints": len(touchpoints), "insights": insights}
