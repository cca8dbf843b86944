"""``pom import FILE``: preview, then apply, an import into one organization — all or nothing."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError

from pom.core import audit, exchange
from pom.core.imports import load_yaml
from pom.core.management.commands._acting import acting_member


class Command(BaseCommand):
    help = (
        "Import a file into an organization. YAML exports name their pillar; for CSV (.csv) and "
        "Team API markdown (.md) pass --pillar. Without --apply nothing is written: you get a preview."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--org", required=True, help="Slug of the organization.")
        parser.add_argument("--pillar", default="", choices=["", *sorted(exchange.IMPORTERS)])
        parser.add_argument(
            "--as",
            dest="acting",
            default="",
            help="Email of the member acting (default: an owner).",
        )
        parser.add_argument("--apply", action="store_true", help="Write the changes.")
        parser.add_argument(
            "--allow-warnings",
            action="store_true",
            help="Strategy: import even when the clarity linter has warnings (errors always refuse).",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Strategy: swap the organization's current strategy for the file's.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        fmt = exchange.FORMATS_BY_SUFFIX.get(path.suffix.lower())
        if fmt is None:
            raise CommandError(f"Cannot tell the format of {path.name}: use .yaml, .csv or .md.")
        try:
            content = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}.") from None
        pillar = options["pillar"] or self.pillar_of(content, fmt)
        actor = acting_member(options["org"], options["acting"])
        # Pillar-specific switches go only to the importers that take them.
        extra = {k: True for k in ("allow_warnings", "replace") if options.get(k)}
        importer = exchange.importer(pillar)
        unknown = [k for k in extra if k not in inspect.signature(importer).parameters]
        if unknown:
            flags = ", ".join("--" + k.replace("_", "-") for k in unknown)
            raise CommandError(f"{flags} does not apply to {pillar} imports.")
        with audit.acting_as(actor.user):
            report = importer(actor, content, fmt, apply=options["apply"], **extra)
        for problem in report.problems:
            self.stderr.write(f"{path.name}: {problem}")
        if report.problems:
            raise CommandError(f"{len(report.problems)} problem(s); nothing was imported.")
        for change in report.changes:
            self.stdout.write(f"  {change}")
        for note in report.notes:
            self.stdout.write(f"  note: {note}")
        if report.applied:
            self.stdout.write(self.style.SUCCESS(f"Applied {len(report.changes)} change(s)."))
        else:
            self.stdout.write(
                f"Preview: {len(report.changes)} change(s). Run again with --apply to write them."
            )

    def pillar_of(self, content: str, fmt: str) -> str:
        if fmt != "yaml":
            raise CommandError("Say which pillar this file is for with --pillar.")
        try:
            data = load_yaml(content)
        except yaml.YAMLError as exc:
            raise CommandError(f"This is not valid YAML: {exc}") from None
        pillar = data.get("pillar") if isinstance(data, dict) else None
        if pillar not in exchange.IMPORTERS:
            raise CommandError(
                f"The file does not name a pillar pom can import ({', '.join(exchange.IMPORTERS)})."
            )
        return str(pillar)
