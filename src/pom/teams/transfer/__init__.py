"""Import and export of the teams pillar: CSV of people and memberships, Team API markdown, YAML.

Every import runs the same way: parse the whole input first (syntax errors name the row, line and
column), then play every change through the services as a preview (``core.imports.previewing``:
every check runs, nothing is written, no transaction is opened), collecting *all* problems. Any
problem ends the import there. Applying then plays the file again inside one transaction (each
service call in its own savepoint) and commits it only if no problem appeared: nothing is
half-written.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError

from pom.accounts.models import Membership
from pom.core import imports
from pom.core.permissions import require
from pom.teams.transfer.base import ImportReport, Problem, Run
from pom.teams.transfer.people_csv import CSV_COLUMNS, export_csv, import_csv
from pom.teams.transfer.team_api import export_team_api, import_team_api, parse_team_api
from pom.teams.transfer.yaml_doc import export_data, export_yaml, import_yaml

__all__ = [
    "CSV_COLUMNS",
    "ImportReport",
    "Problem",
    "export_csv",
    "export_data",
    "export_team_api",
    "export_yaml",
    "import_file",
    "parse_team_api",
    "run_import",
]

IMPORTERS: dict[str, Callable[[Membership, str, Run], None]] = {
    "csv": import_csv,
    "team_api": import_team_api,
    "yaml": import_yaml,
}


def import_file(actor: Membership, content: str, fmt: str, *, apply: bool) -> ImportReport:
    """The entry point of ``pom import`` (see ``pom.core.exchange``)."""
    return run_import(actor, fmt, content, apply=apply)


def run_import(actor: Membership, kind: str, content: str, *, apply: bool) -> ImportReport:
    """Preview (``apply=False``) or apply an import of ``kind`` ("csv", "team_api", "yaml")."""
    require(actor, "teams.import")
    if kind not in IMPORTERS:
        raise ValidationError({"kind": f"Unknown import kind {kind!r}; use csv, team_api or yaml."})
    # A preview first (every check, no write, no write lock), then — asked and clean — the same
    # file again, writing, in one transaction: all of it or nothing.
    return imports.preview_then_apply(
        kind, lambda run: IMPORTERS[kind](actor, content, run), apply=apply
    )
