"""CSV that a spreadsheet opens safely: no cell is ever read as a formula.

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``, ``-`` or ``@``
(and, in some versions, a tab or carriage return) as a formula, so a name typed into pom as
``=HYPERLINK("http://evil", "click")`` would run on the machine of whoever opens an export
(OWASP "CSV injection"). Every CSV export writes through ``writer``; every CSV import reads
cells through ``read_cell``, so an exported file imports back unchanged.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def cell(value: Any) -> Any:
    """``value`` as a spreadsheet shows it literally: text that would start a formula gets a
    leading apostrophe (spreadsheets hide it); numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return ESCAPE + value
    return value


def read_cell(value: str) -> str:
    """The text a cell written by ``cell`` stood for."""
    if value.startswith(ESCAPE) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class SafeWriter:
    """``csv.writer`` whose rows go through ``cell``."""

    def __init__(self, out: IO[str], **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out: IO[str], **options: Any) -> SafeWriter:
    return SafeWriter(out, **options)
