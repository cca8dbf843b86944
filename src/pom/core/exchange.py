"""What ``pom export <pillar>`` and ``pom import FILE`` dispatch to: one entry per pillar.

A pillar plugs in with two dotted paths:

- an exporter ``(actor: Membership) -> str`` returning the pillar as YAML, and
- an importer ``(actor: Membership, content: str, fmt: str, *, apply: bool) -> report`` where the
  report has ``problems``, ``changes``, ``notes`` and ``applied`` (see ``pom.teams.transfer``).

YAML files name their pillar (``pillar: teams``), so ``pom import`` finds the importer itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.module_loading import import_string

EXPORTERS: dict[str, str] = {
    "teams": "pom.teams.transfer.export_yaml",
    "strategy": "pom.strategy.transfer.export_for_cli",
}
IMPORTERS: dict[str, str] = {
    "teams": "pom.teams.transfer.import_file",
    "strategy": "pom.strategy.transfer.import_file",
}
FORMATS_BY_SUFFIX = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".md": "team_api"}


def exporter(pillar: str) -> Callable[..., str]:
    return import_string(EXPORTERS[pillar])  # type: ignore[no-any-return]


def importer(pillar: str) -> Callable[..., Any]:
    return import_string(IMPORTERS[pillar])  # type: ignore[no-any-return]
