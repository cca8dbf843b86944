"""``pom export <pillar>``: write a pillar of one organization as YAML (to a file or stdout)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from pom.core import exchange
from pom.core.management.commands._acting import acting_member


class Command(BaseCommand):
    help = "Export a pillar of an organization as YAML, e.g. 'pom export teams --org acme -o teams.yaml'."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("pillar", choices=sorted(exchange.EXPORTERS))
        parser.add_argument("--org", required=True, help="Slug of the organization.")
        parser.add_argument(
            "--as",
            dest="acting",
            default="",
            help="Email of the member acting (default: an owner).",
        )
        parser.add_argument("-o", "--output", default="", help="File to write (default: stdout).")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = acting_member(options["org"], options["acting"])
        text = exchange.exporter(options["pillar"])(actor)
        if options["output"]:
            try:
                Path(options["output"]).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"Cannot write {options['output']}: {exc.strerror}.") from None
            self.stderr.write(
                f"Wrote {options['pillar']} of {options['org']} to {options['output']}."
            )
        else:
            self.stdout.write(text, ending="")
