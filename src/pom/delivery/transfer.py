"""Releases and incidents as CSV: import (preview, then all or nothing) and export, same shape.

Runs on the shared framework of ``pom.core.imports``: ``csv_rows`` reads the file (row 1 is the
header; problems name the row and the column), every row is played through the services
(``log_release`` / ``update_release``, ``record_incident`` / ``update_incident``) first as a
preview that writes nothing and opens no transaction, then — if no row has a problem and the
member asked to apply — again in one transaction. A file with one bad row writes nothing.

The ``id`` column makes an import idempotent: ``pom-<n>`` (what an export writes) is the row pom
already has with that number; any other value is the id your tool gives it, remembered, so
importing the same file twice updates the rows the first import made instead of adding them
again. Rows without an ``id`` are new.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, Prefetch, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from pom.accounts.models import Membership
from pom.core import imports, spreadsheet
from pom.core.permissions import can, require
from pom.delivery import services
from pom.delivery.models import Incident, Release, Source
from pom.delivery.services.common import moment
from pom.discovery.models import Solution
from pom.teams.models import Team
from pom.teams.transfer.base import teams_by_key

RELEASE_COLUMNS = (
    "id",
    "team",
    "title",
    "shipped_at",
    "kind",
    "flag_key",
    "rollout_percent",
    "solutions",
    "notes",
)
RELEASE_REQUIRED = ("team", "title", "shipped_at")
INCIDENT_COLUMNS = (
    "id",
    "team",
    "title",
    "severity",
    "opened_at",
    "resolved_at",
    "repository",
    "url",
    "deployment",
)
INCIDENT_REQUIRED = ("title", "opened_at")
KINDS = {"releases": "Releases", "incidents": "Incidents"}
OWN_ID = "pom-"


def run_import(actor: Membership, kind: str, content: str, *, apply: bool) -> imports.Report:
    """Preview (``apply=False``) or apply a CSV of ``kind`` ("releases" or "incidents")."""
    require(actor, "delivery.edit")
    if kind not in KINDS:
        raise ValidationError({"kind": f"Unknown import {kind!r}; use releases or incidents."})
    return imports.preview_then_apply(
        kind, partial(_import, _KINDS[kind], actor, content), apply=apply
    )


# --- Shared by both kinds ---------------------------------------------------------------------


class _Ids:
    """The ``id`` column: rows pom has (``pom-<n>``) or had from an earlier import, read at once."""

    def __init__(self, qs: QuerySet[Any], rows: list[tuple[int, dict[str, str]]]) -> None:
        keys = [row.get("id", "") for _, row in rows]
        own = [k.removeprefix(OWN_ID) for k in keys if k.startswith(OWN_ID)]
        theirs = [k for k in keys if k and not k.startswith(OWN_ID)]
        self.by_pk = {str(o.pk): o for o in qs.filter(pk__in=[k for k in own if k.isdigit()])}
        self.by_external = {
            o.external_id: o for o in qs.filter(source=Source.CSV, external_id__in=theirs)
        }
        self.seen: dict[str, int] = {}

    def find(self, run: imports.Run, where: str, number: int, key: str) -> tuple[bool, Any]:
        """(ok, the existing row or None). A repeated id, or an unknown ``pom-<n>``, is a problem."""
        if not key:
            return True, None
        if key in self.seen:
            run.problem(where, "id", f"{key!r} appears again (first in row {self.seen[key]}).")
            return False, None
        self.seen[key] = number
        if key.startswith(OWN_ID):
            found = self.by_pk.get(key.removeprefix(OWN_ID))
            if found is None:
                run.problem(where, "id", f"pom has no row {key!r} in this organization.")
                return False, None
            return True, found
        if len(key) > 200:
            run.problem(where, "id", "Keep the id under 200 characters.")
            return False, None
        return True, self.by_external.get(key)


def _team(
    actor: Membership, run: imports.Run, where: str, key: str, teams: dict[str, Team]
) -> tuple[bool, Team | None]:
    """The team a row names by slug or name (None when the cell is empty); a team the actor may
    not log delivery for is a problem of the row's ``team`` cell."""
    if not key:
        return True, None
    team = teams.get(key) or teams.get(key.lower())
    if team is None:
        run.problem(where, "team", f"There is no team {key!r} (use its slug or name).")
        return False, None
    if not can(actor, "delivery.edit", team):
        run.problem(
            where, "team", f"Only members of {team.name} (or leaders) can log its delivery."
        )
        return False, None
    return True, team


def _play(
    run: imports.Run,
    where: str,
    existing: Model | None,
    create: Callable[[], Any],
    update: Callable[[], Any],
    what: str,
) -> None:
    done = run.step(where, update if existing is not None else create)
    if done is not None:
        run.change(f"{'Update' if existing is not None else 'Add'} {what}")


def _matches(
    columns: tuple[str, ...], header: list[str], row: dict[str, str], cells: list[str]
) -> bool:
    """Whether every column the file has says what pom already holds (its export's cells).

    Case does not count for the choice columns and the team (a slug or a name), and the order
    of solution ids does not count; any other difference is a change.
    """
    held = dict(zip(columns, cells, strict=True))
    for name in header:
        if name == "id":
            continue
        given, have = row.get(name, "").strip(), held[name]
        if name in ("kind", "severity", "team"):
            given, have = given.lower(), have.lower()
        if name == "solutions":
            given = ";".join(
                sorted(
                    p.strip().removeprefix(OWN_ID)
                    for p in given.replace(",", ";").split(";")
                    if p.strip()
                )
            )
            have = ";".join(sorted(p for p in have.split(";") if p))
        if name == "rollout_percent" and given == "":
            given = "100"
        if name in MOMENTS:
            if not _same_moment(given, have):
                return False
        elif given != have:
            return False
    return True


MOMENTS = ("shipped_at", "opened_at", "resolved_at")


def _same_moment(given: str, have: str) -> bool:
    """The same instant however it is written ("2026-03-02T10:00" in site time, or with offset)."""
    try:
        given_at = moment(given, "at", required=False)
    except ValidationError:
        return False  # the service names the problem when the row is played
    return given_at == (parse_datetime(have) if have else None)


def _note_unchanged(run: imports.Run, count: int, noun: str) -> None:
    """Rows that would change nothing are left out of the changes and counted in a note."""
    if count == 1:
        run.report.notes.append(f"1 {noun} already matches what pom holds; it is left as it is.")
    elif count:
        run.report.notes.append(
            f"{count} {noun}s already match what pom holds; they are left as they are."
        )


def _given(header: list[str], row: dict[str, str], names: Iterable[str]) -> dict[str, Any]:
    """The row's values of the columns the file has (a column left out changes nothing)."""
    return {name: row.get(name, "") for name in names if name in header}


@dataclass(frozen=True)
class _Kind:
    """What differs between importing releases and incidents; ``_import`` is the rest."""

    noun: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    rows: Callable[[Membership], QuerySet[Any]]
    cells: Callable[[Any], list[str]]
    # The row's values for the services, or None when a cell was a problem (already reported).
    values: Callable[
        [imports.Run, str, list[str], dict[str, str], Team | None], dict[str, Any] | None
    ]
    create: Callable[..., Any]
    update: Callable[..., Any]
    with_team: bool = False  # name the team in the preview's line ("release “X” of Checkout")


def _import(kind: _Kind, actor: Membership, content: str, run: imports.Run) -> None:
    """Play every row of a ``kind`` CSV through its services; unchanged rows are only counted."""
    run.fields = {"external_id": "id"}
    header, rows = imports.csv_rows(content, run, columns=kind.columns, required=kind.required)
    if not rows:
        return
    teams = teams_by_key(actor)
    ids = _Ids(kind.rows(actor), rows)
    unchanged = 0
    for number, row in rows:
        where = f"Row {number}"
        ok, existing = ids.find(run, where, number, row.get("id", ""))
        ok_team, team = _team(actor, run, where, row.get("team", ""), teams)
        if not (ok and ok_team):
            continue
        if existing is not None and _matches(
            kind.columns, header, {**row, "team": team.slug if team else ""}, kind.cells(existing)
        ):
            unchanged += 1
            continue
        values = kind.values(run, where, header, row, team)
        if values is None:
            continue
        title = values.get("title") or (existing.title if existing else "")
        what = f"{kind.noun} “{title}”"
        if kind.with_team:
            what += f" of {team.name if team else '?'}"
        _play(
            run,
            where,
            existing,
            partial(kind.create, actor, source=Source.CSV, external_id=row.get("id", ""), **values),
            partial(kind.update, actor, existing, **values),
            what,
        )
    _note_unchanged(run, unchanged, kind.noun)


# --- Releases ---------------------------------------------------------------------------------


def _solution_ids(run: imports.Run, where: str, cell: str) -> list[int] | None:
    parts = [p.strip().removeprefix(OWN_ID) for p in cell.replace(",", ";").split(";")]
    parts = [p for p in parts if p]
    bad = [p for p in parts if not p.isdigit()]
    if bad:
        run.problem(
            where, "solutions", f"{bad[0]!r} is not a solution id; list ids separated by ';'."
        )
        return None
    return [int(p) for p in parts]


def _release_values(
    run: imports.Run, where: str, header: list[str], row: dict[str, str], team: Team | None
) -> dict[str, Any] | None:
    values = _given(
        header, row, ("title", "shipped_at", "kind", "flag_key", "rollout_percent", "notes")
    )
    values["team"] = team.pk if team is not None else None
    if "kind" in values:
        values["kind"] = values["kind"].lower()
    if values.get("rollout_percent") == "":
        values["rollout_percent"] = 100
    if "solutions" in header:
        solutions = _solution_ids(run, where, row.get("solutions", ""))
        if solutions is None:
            return None
        values["solutions"] = solutions
    return values


def _releases(actor: Membership) -> QuerySet[Release]:
    solutions = Solution.objects.for_org(actor.organization_id).only("pk")
    return (
        Release.objects.for_member(actor)
        .select_related("team")
        .prefetch_related(Prefetch("solutions", queryset=solutions))
    )


def _release_cells(r: Release) -> list[str]:
    """A release as its export row (and what an unchanged import row says)."""
    return [
        _own_id(r),
        r.team.slug,
        r.title,
        _moment(r.shipped_at),
        r.kind,
        r.flag_key,
        str(r.rollout_percent),
        ";".join(str(s.pk) for s in r.solutions.all()),
        r.notes,
    ]


def export_releases(actor: Membership) -> str:
    """Every release in the shape ``run_import(..., "releases", ...)`` reads back."""
    require(actor, "delivery.view")
    out = io.StringIO()
    writer = spreadsheet.writer(out, lineterminator="\n")
    writer.writerow(RELEASE_COLUMNS)
    for r in _releases(actor).order_by("shipped_at", "id").iterator(chunk_size=2000):
        writer.writerow(_release_cells(r))
    return out.getvalue()


# --- Incidents --------------------------------------------------------------------------------


def _incident_values(
    run: imports.Run, where: str, header: list[str], row: dict[str, str], team: Team | None
) -> dict[str, Any] | None:
    values = _given(
        header,
        row,
        ("title", "severity", "opened_at", "resolved_at", "repository", "url", "deployment"),
    )
    if "team" in header:
        values["team"] = team
    return values


def _incidents(actor: Membership) -> QuerySet[Incident]:
    return Incident.objects.for_member(actor).select_related("team")


def _incident_cells(i: Incident) -> list[str]:
    """An incident as its export row (and what an unchanged import row says)."""
    return [
        _own_id(i),
        i.team.slug if i.team else "",
        i.title,
        i.severity,
        _moment(i.opened_at),
        _moment(i.resolved_at),
        i.repository,
        i.url,
        f"{OWN_ID}{i.deployment_id}" if i.deployment_id else "",
    ]


def export_incidents(actor: Membership) -> str:
    """Every incident in the shape ``run_import(..., "incidents", ...)`` reads back."""
    require(actor, "delivery.view")
    out = io.StringIO()
    writer = spreadsheet.writer(out, lineterminator="\n")
    writer.writerow(INCIDENT_COLUMNS)
    for i in _incidents(actor).order_by("opened_at", "id").iterator(chunk_size=2000):
        writer.writerow(_incident_cells(i))
    return out.getvalue()


_KINDS = {
    "releases": _Kind(
        "release",
        RELEASE_COLUMNS,
        RELEASE_REQUIRED,
        _releases,
        _release_cells,
        _release_values,
        services.log_release,
        services.update_release,
        with_team=True,
    ),
    "incidents": _Kind(
        "incident",
        INCIDENT_COLUMNS,
        INCIDENT_REQUIRED,
        _incidents,
        _incident_cells,
        _incident_values,
        services.record_incident,
        services.update_incident,
    ),
}

EXPORTERS: dict[str, Callable[[Membership], str]] = {
    "releases": export_releases,
    "incidents": export_incidents,
}


def _own_id(obj: Any) -> str:
    return f"{OWN_ID}{obj.pk}"


def _moment(value: Any) -> str:
    return timezone.localtime(value).isoformat() if value else ""
