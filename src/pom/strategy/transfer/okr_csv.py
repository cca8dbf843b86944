"""OKR spreadsheets: a CSV of objectives and key results read into outcomes, with the column names
people really use."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pom.accounts.models import Membership
from pom.core.imports import DocumentError
from pom.core.permissions import require
from pom.strategy import clarity, services
from pom.strategy.models import (
    Outcome,
)
from pom.strategy.queries import today
from pom.strategy.transfer.base import ImportResult
from pom.teams.models import Team, TeamMember

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
