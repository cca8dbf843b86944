"""``pom export strategy`` and ``pom import FILE`` for the strategy pillar."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from pom.accounts.models import Membership
from pom.core import imports
from pom.strategy.transfer.export import export_yaml
from pom.strategy.transfer.okr_csv import import_okr_csv
from pom.strategy.transfer.yaml_import import import_yaml


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
    report.changes = [f"{n} {kind.replace('_', ' ')}" for kind, n in result.created.items()]
    report.notes = [
        f"{f.subject or '-'} · {f.field}: {f.message} ({f.rule})" for f in result.findings
    ]
    report.applied = apply
    return report
