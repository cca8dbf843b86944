"""Import and export of the teams pillar: CSV of people and memberships, Team API markdown, YAML.

Every import runs the same way: parse the whole input first (syntax errors name the row, line and
column), then play every change through the services inside one transaction, each item in its own
savepoint so that *all* problems are collected. A preview, or any problem, rolls the whole
transaction back: nothing is half-written. Applying commits it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction

from pom.accounts.models import Membership
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
    report = ImportReport(kind=kind)
    run = Run(report)
    with transaction.atomic():
        IMPORTERS[kind](actor, content, run)
        if report.problems or not apply:
            transaction.set_rollback(True)
        else:
            report.applied = True
    if report.problems:
        report.changes = []
    return report
