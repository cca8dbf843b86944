"""Strategy as code: the whole strategy as one YAML document, and OKR spreadsheets as CSV.

Export writes vision, settings, bets, cycles, projects, outcomes (with their check-ins),
commitments and funding, each referring to the others by stable keys, people by email and teams
by slug. Import reads the same document back: it checks the structure (unknown keys, missing
references, circular trees), runs the clarity linter, and only then writes everything in one
transaction — all or nothing. Exporting what was imported gives the same text again.
"""

from pom.strategy.transfer.base import PILLAR, VERSION, ImportResult
from pom.strategy.transfer.cli import export_for_cli, import_file
from pom.strategy.transfer.export import export_data, export_yaml
from pom.strategy.transfer.okr_csv import import_okr_csv
from pom.strategy.transfer.reading import check_structure, lint_document, parse_yaml
from pom.strategy.transfer.yaml_import import clear_strategy, import_yaml

__all__ = [
    "PILLAR",
    "VERSION",
    "ImportResult",
    "check_structure",
    "clear_strategy",
    "export_data",
    "export_for_cli",
    "export_yaml",
    "import_file",
    "import_okr_csv",
    "import_yaml",
    "lint_document",
    "parse_yaml",
]
