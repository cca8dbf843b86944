"""``core.imports.csv_rows``: the header is checked once, rows keep their numbers, bad input is a
problem naming the row and column (never an exception)."""

from __future__ import annotations

from pom.core import imports


def read(
    content: str, **kwargs: object
) -> tuple[list[str], list[tuple[int, dict[str, str]]], list[str]]:
    run = imports.Run(imports.Report())
    header, rows = imports.csv_rows(content, run, columns=("name", "note"), **kwargs)  # type: ignore[arg-type]
    return header, rows, [str(p) for p in run.report.problems]


def test_rows_keep_their_numbers_blank_rows_are_skipped_and_formulas_read_back() -> None:
    header, rows, problems = read("\ufeffName,Note\nAda,\n,\nBob,'=1+1\n")
    assert problems == []
    assert header == ["name", "note"]
    assert rows == [(2, {"name": "Ada", "note": ""}), (4, {"name": "Bob", "note": "=1+1"})]


def test_the_header_names_unknown_missing_and_doubled_columns() -> None:
    _, rows, problems = read("name,colour,name\n", required=("note",))
    assert rows == []
    assert problems == [
        "Row 1, colour: Unknown column; use name, note.",
        "Row 1, note: This column is required.",
        "Row 1: A column appears twice.",
    ]


def test_a_row_with_too_many_cells_and_a_file_with_too_many_rows_are_problems() -> None:
    _, _, problems = read("name\nAda,extra\n")
    assert problems == ["Row 2: This row has more values than there are columns."]
    _, rows, problems = read("name\n" + "x\n" * 4, max_rows=3)
    assert rows == [] and problems == ["Row 5: The file has more than 3 rows; split it up."]
    _, _, problems = read("")
    assert problems == ["Row 1: The file is empty; the first row must name the columns."]
    _, _, problems = read("name\n")
    assert problems == ["Row 2: There are no rows under the header."]
