"""Parsing of evidence imports: interview notes as CSV, and Productboard notes as JSON or CSV.

Parsing is pure: it turns a file's text into rows and row-level problems (``core.imports.Problem``,
with the row's ``line``), and never writes. The
service previews the rows, and applies them all or none (``services.apply_import``).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from typing import Any

from pom.core.imports import Problem

MAX_ROWS = 5000
MAX_TEXT = 10_000
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d")
TAG_SPLIT = re.compile(r"[,;|]")


@dataclass
class ImportRow:
    """One piece of evidence to create: an insight, and who it came from."""

    line: int
    text: str
    observed_on: date
    customer: str = ""
    company: str = ""
    tags: list[str] = field(default_factory=list)
    source: str = ""
    external_id: str = ""
    title: str = ""


@dataclass
class ParsedImport:
    rows: list[ImportRow]
    errors: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def clean_tags(raw: Any) -> list[str]:
    """Tags as lower-case words without the separators the search and filters rely on."""
    if isinstance(raw, list | tuple):
        items = [str(t.get("name", "") if isinstance(t, dict) else t) for t in raw]
    else:
        items = TAG_SPLIT.split(str(raw or ""))
    tags: list[str] = []
    for item in items:
        tag = " ".join(item.strip().lower().split())[:40]
        if tag and tag not in tags:
            tags.append(tag)
    return tags[:20]


def parse_date(value: str) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:  # ISO timestamps from exports ("2024-05-01T10:00:00Z")
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()  # noqa: DTZ007 — a calendar date, not a moment
        except ValueError:
            continue
    return None


class _TextExtractor(HTMLParser):
    BLOCKS = frozenset(
        {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "tr", "blockquote"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Readable plain text from a note's HTML: paragraphs kept as lines, markup and scripts dropped."""
    parser = _TextExtractor()
    parser.feed(html or "")
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    return "\n".join(line for line in lines if line)


def _read_csv(text: str) -> tuple[list[dict[str, str]], list[Problem]]:
    text = text.lstrip("\ufeff")
    if not text.strip():
        return [], [Problem.at_row(0, "The file is empty.")]
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    if not reader.fieldnames:
        return [], [Problem.at_row(0, "The file has no header row.")]
    reader.fieldnames = [_key(name) for name in reader.fieldnames]
    rows = []
    for row in reader:
        rows.append(
            {k: (v or "").strip() if isinstance(v, str) else "" for k, v in row.items() if k}
        )
        if len(rows) > MAX_ROWS:
            return [], [Problem.at_row(0, f"The file has more than {MAX_ROWS:,} rows; split it.")]
    return rows, []


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", (name or "").strip().lower()).strip("_")


def _check_text(line: int, text: str, errors: list[Problem]) -> bool:
    if not text:
        errors.append(Problem.at_row(line, "the note text is empty."))
        return False
    if len(text) > MAX_TEXT:
        errors.append(Problem.at_row(line, f"the note is longer than {MAX_TEXT:,} characters."))
        return False
    return True


def _check_date(line: int, raw: str, today: date, errors: list[Problem]) -> date | None:
    if not raw:
        errors.append(Problem.at_row(line, "the date is missing (use YYYY-MM-DD)."))
        return None
    day = parse_date(raw)
    if day is None:
        errors.append(Problem.at_row(line, f"{raw!r} is not a date (use YYYY-MM-DD)."))
        return None
    if day > today:
        errors.append(Problem.at_row(line, f"{day:%Y-%m-%d} is in the future."))
        return None
    return day


CSV_COLUMNS = ("date", "customer", "company", "text", "tags")


def parse_notes_csv(text: str, today: date) -> ParsedImport:
    """Interview notes or feedback, one row per note: date, customer, company, text, tags."""
    records, errors = _read_csv(text)
    if errors:
        return ParsedImport([], errors)
    if records and not {"text", "date"} <= set(records[0]):
        missing = ", ".join(c for c in ("date", "text") if c not in records[0])
        return ParsedImport(
            [],
            [
                Problem.at_row(
                    0, f"Missing column(s): {missing}. Expected: {', '.join(CSV_COLUMNS)}."
                )
            ],
        )
    rows = []
    for line, rec in enumerate(records, start=2):
        if not any(rec.values()):
            continue
        text_ok = _check_text(line, rec.get("text", ""), errors)
        day = _check_date(line, rec.get("date", ""), today, errors)
        if text_ok and day:
            rows.append(
                ImportRow(
                    line=line,
                    text=rec["text"],
                    observed_on=day,
                    customer=rec.get("customer", "")[:200],
                    company=rec.get("company", "")[:200],
                    tags=clean_tags(rec.get("tags", "")),
                )
            )
    if not rows and not errors:
        errors.append(Problem.at_row(0, "The file has a header but no notes."))
    return ParsedImport(rows, errors)


def _dig(record: dict[str, Any], *paths: str) -> str:
    """The first non-empty value among dotted ``paths`` ("user.email" or flattened "user_email")."""
    for path in paths:
        value: Any = record
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is None:
            value = record.get(_key(path))
        if value not in (None, ""):
            return str(value).strip()
    return ""


def _productboard_records(
    content: str, filename: str
) -> tuple[list[dict[str, Any]], list[Problem]]:
    stripped = content.lstrip("\ufeff").lstrip()
    if filename.lower().endswith(".json") or stripped[:1] in ("[", "{"):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            return [], [
                Problem.at_row(0, f"The file is not valid JSON (line {exc.lineno}: {exc.msg}).")
            ]
        if isinstance(data, dict):
            data = data.get("data", data.get("notes"))
        if not isinstance(data, list):
            return [], [
                Problem.at_row(0, 'Expected a list of notes, or an object with a "data" list.')
            ]
        if len(data) > MAX_ROWS:
            return [], [Problem.at_row(0, f"The file has more than {MAX_ROWS:,} notes; split it.")]
        return [r if isinstance(r, dict) else {"__invalid__": True} for r in data], []
    return _read_csv(content)  # type: ignore[return-value]


def parse_productboard(content: str, today: date, filename: str = "") -> ParsedImport:
    """Productboard notes: title, content (HTML), user email, company domain, tags, source origin and id.

    JSON as the Productboard API returns it (``{"data": [note, …]}`` or a bare list) or a CSV
    export with the same fields as columns.
    """
    records, errors = _productboard_records(content, filename)
    if errors:
        return ParsedImport([], errors)
    rows: list[ImportRow] = []
    seen: set[str] = set()
    json_like = content.lstrip("\ufeff").lstrip()[:1] in ("[", "{")
    for index, rec in enumerate(records, start=1 if json_like else 2):
        if rec.get("__invalid__"):
            errors.append(Problem.at_row(index, "this note is not an object."))
            continue
        title = _dig(rec, "title")[:200]
        body = html_to_text(_dig(rec, "content", "note_text", "text"))
        text = "\n".join(part for part in (title, body) if part)
        if not _check_text(index, text, errors):
            continue
        created = _dig(rec, "created_at", "createdAt", "date")
        day = _check_date(index, created, today, errors) if created else today
        if day is None:
            continue
        origin = _dig(rec, "source.origin", "source_origin", "origin")
        record_id = _dig(rec, "source.record_id", "source_record_id", "record_id", "id")
        external_id = f"productboard:{origin}:{record_id}" if record_id else ""
        if external_id and external_id in seen:
            errors.append(
                Problem.at_row(index, f"the note {record_id!r} appears twice in the file.")
            )
            continue
        seen.add(external_id)
        raw_tags = rec.get("tags")
        rows.append(
            ImportRow(
                line=index,
                text=text,
                title=title,
                observed_on=day,
                customer=_dig(rec, "user.email", "user_email", "email")[:200],
                company=_dig(rec, "company.domain", "company_domain", "company")[:200],
                tags=clean_tags(raw_tags if isinstance(raw_tags, list) else _dig(rec, "tags")),
                source=f"Productboard ({origin})" if origin else "Productboard",
                external_id=external_id[:200],
            )
        )
    if not rows and not errors:
        errors.append(Problem.at_row(0, "The file holds no notes."))
    return ParsedImport(rows, errors)
