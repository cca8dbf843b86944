"""``pom lint FILE.yaml``: run the clarity linter over a strategy document kept in git.

Needs no database and no organization: it reads the file, checks its structure and lints every bet
and outcome. Exit status 0 when clean (or only warnings), 1 when there are errors (or warnings,
with ``--strict``), 2 when the file cannot be read.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from pom.strategy import clarity, transfer


class Command(BaseCommand):
    help = (
        "Lint a strategy YAML file (as 'pom export strategy' writes it); exit non-zero on errors."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", nargs="+")
        parser.add_argument("--strict", action="store_true", help="Warnings fail too.")
        parser.add_argument("--format", choices=("text", "json"), default="text")
        parser.add_argument(
            "--today", default="", help="Judge deadlines as of this date (YYYY-MM-DD)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        on = date.fromisoformat(options["today"]) if options["today"] else None
        worst = 0
        report: dict[str, Any] = {}
        for name in options["file"]:
            code, findings, problems = self.lint_file(Path(name), on)
            worst = max(worst, code if code == 2 else 0)
            errors = clarity.errors(findings)
            if errors or (options["strict"] and findings) or problems:
                worst = max(worst, 1)
            report[name] = {"problems": problems, "findings": [f.as_dict() for f in findings]}
            if options["format"] == "text":
                self.print_text(name, findings, problems)
        if options["format"] == "json":
            self.stdout.write(json.dumps(report, indent=2))
        if worst:
            sys.exit(worst)

    def lint_file(
        self, path: Path, on: date | None
    ) -> tuple[int, list[clarity.Finding], list[str]]:
        try:
            doc = transfer.parse_yaml(path.read_text(encoding="utf-8-sig"))
        except OSError as exc:
            return 2, [], [f"cannot read the file: {exc.strerror}"]
        except ValidationError as exc:
            return 2, [], list(exc.messages)
        problems = transfer.check_structure(doc)
        if problems:
            return 1, [], [f"{where}: {m}" for where, ms in problems.items() for m in ms]
        return 0, transfer.lint_document(doc, on=on), []

    def print_text(self, name: str, findings: list[clarity.Finding], problems: list[str]) -> None:
        for problem in problems:
            self.stderr.write(f"{name}: {problem}")
        for f in findings:
            where = f"{f.subject} · {f.field}" if f.subject else f.field
            style = self.style.ERROR if f.severity == clarity.ERROR else self.style.WARNING
            self.stdout.write(f"{name}: {style(f.severity)} {f.rule} {where}: {f.message}")
            self.stdout.write(f"    try: {f.suggestion}")
        if not problems:
            self.stdout.write(f"{name}: {clarity.summary(findings)}")
