"""What every part of the strategy transfer shares: the pillar's name, the format version and
the import report."""

from __future__ import annotations

from dataclasses import dataclass, field

from pom.core import imports
from pom.strategy import clarity

PILLAR = "strategy"
VERSION = 1


@dataclass
class ImportResult(imports.Report):
    """An import's report (``created`` counts by kind) with the linter's findings on the way."""

    findings: list[clarity.Finding] = field(default_factory=list)
