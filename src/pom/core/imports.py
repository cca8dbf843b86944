"""What every pillar's imports share: problems and reports, the step runner, reading an uploaded
document safely, and previews that write nothing.

An import reports what it would do or did as a :class:`Report`: ``problems`` (each a
:class:`Problem` naming where it is — ``row 3``, ``line 12``, ``outcomes[2].parent`` — and the
field), ``changes`` and ``notes`` in words, ``created`` counts by kind, and whether it was
``applied``. Imports are all or nothing: any problem, and nothing is written. :class:`Run` plays
steps through the services and turns their ``ValidationError`` s into problems at the step's
place; :class:`DocumentError` raises the problems of a whole document keyed by path.

Every YAML document pom reads (the web import forms, the API, ``pom import`` and ``pom lint``)
goes through :func:`load_yaml`, which refuses what would let a small document cost a worker
gigabytes or a crash, *before* any Python object is built:

- alias expansion beyond ``MAX_ALIASED`` values: a few hundred bytes of nested aliases ("billion
  laughs") expand into hundreds of millions of values. Aliases are counted at the size of what
  they repeat, so the small shared values PyYAML's own ``safe_dump`` writes (``&id001``) still
  load; an alias inside the collection it names (a cycle) is refused;
- nesting deeper than ``MAX_DEPTH`` (the composer is recursive: 10,000 ``[`` would overflow the
  stack), aliases followed;
- documents larger than ``MAX_DOCUMENT_BYTES`` (the web forms also refuse bigger uploads).

Refusals are ``yaml.MarkedYAMLError`` s, so callers report them like any other YAML syntax
error (``problem`` and ``problem_mark``)::

    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        ...  # "Not valid YAML at line 3: ..."
"""

from __future__ import annotations

import contextlib
import contextvars
import csv
import functools
import io
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import yaml
from django.core.exceptions import ValidationError
from django.db import models, transaction
from yaml.events import AliasEvent, CollectionStartEvent, NodeEvent
from yaml.nodes import Node

from pom.core import spreadsheet

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_ALIASED = 10_000


@dataclass
class Problem:
    """One thing wrong with an import, at a place the user can find in their file."""

    where: str  # "row 3", "line 12", "teams[2]", "outcomes[0].parent"; "" for the whole file
    field: str = ""  # the column, field or key at fault, in the file's own words
    message: str = ""
    line: int = 0  # the line or row number, when the format has one (0: the whole file)

    @classmethod
    def at_row(cls, line: int, message: str, field: str = "") -> Problem:
        return cls(f"Row {line}" if line else "", field, message, line)

    def __str__(self) -> str:
        where = ", ".join(part for part in (self.where, self.field) if part)
        return f"{where}: {self.message}" if where else self.message

    def as_dict(self) -> dict[str, Any]:
        return {"where": self.where, "field": self.field, "message": self.message}


@dataclass
class Report:
    """What an import would do (a preview) or did (``applied``); problems stop everything."""

    kind: str = ""
    applied: bool = False
    problems: list[Problem] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    created: Counter[str] = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, where: str, field_name: str, message: str) -> None:
        self.problems.append(Problem(where, field_name, message))

    def refuse(self, exc: ValidationError) -> None:
        """Record a ``ValidationError`` (keyed by path, or plain) as problems."""
        if hasattr(exc, "error_dict"):
            for where, messages in exc.message_dict.items():
                for message in messages:
                    self.problem(where, "", message)
        else:
            self.problems.extend(Problem("", "", m) for m in exc.messages)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "applied": self.applied,
            "ok": self.ok,
            "problems": [p.as_dict() for p in self.problems],
            "changes": self.changes,
            "notes": self.notes,
        }


class DocumentError(ValidationError):
    """Problems with a whole document, each keyed by where it is (``outcomes[2].parent``)."""


class Run:
    """One import run: plays steps through the services, collecting problems and changes.

    ``step`` runs an action and turns its ``ValidationError`` into problems at the step's place,
    the service's field names translated to the file's (``fields``) and, where known, at the
    field's own line. Each service call is atomic by itself (a savepoint inside the import's
    transaction), and any problem rolls the whole import back, so a step needs no savepoint of
    its own (and a preview must open none: on SQLite that is the write lock).
    """

    def __init__(self, report: Report, fields: dict[str, str] | None = None) -> None:
        self.report = report
        self.fields = fields or {}  # service field name -> what the file calls it

    def step(
        self,
        where: str,
        action: Callable[[], Any],
        default_field: str = "",
        lines: dict[str, str] | None = None,
    ) -> Any:
        try:
            return action()
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.message_dict.items():
                    for message in errors:
                        at = (lines or {}).get(name, where)
                        self.problem(at, self.fields.get(name, name), message)
            else:
                for message in exc.messages:
                    self.problem(where, default_field, message)
            return None

    def problem(self, where: str, field_name: str, message: str) -> None:
        self.report.problem(where, field_name, message)

    def change(self, text: str) -> None:
        self.report.changes.append(text)


# --- Reading YAML safely ----------------------------------------------------------------------


class UnsafeYAML(yaml.MarkedYAMLError):
    """A document pom refuses to read, with the place (``problem_mark``) that made it refuse."""


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


class _Loader(yaml.SafeLoader):
    """``SafeLoader`` that bounds alias expansion and nesting while composing nodes.

    Each node composed counts once; an alias counts the whole subtree it repeats. Aliases may
    repeat at most ``max_aliased`` nodes in all, and no path (aliases followed) may nest deeper
    than ``max_depth`` collections.
    """

    def __init__(self, stream: str, max_depth: int, max_aliased: int) -> None:
        super().__init__(stream)
        self._max_depth = max_depth
        self._max_aliased = max_aliased
        self._depth = 0  # collections open around the node being composed
        self._deepest = 0  # the deepest nesting reached in the current anchored subtree
        self._count = 0  # nodes composed, aliases counted at their expanded size
        self._aliased = 0  # nodes repeated by aliases
        self._anchors: dict[str, tuple[int, int]] = {}  # anchor -> (subtree size, height)

    def _refuse(self, problem: str, mark: Any) -> UnsafeYAML:
        return UnsafeYAML(problem=problem, problem_mark=mark)

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            if event.anchor not in self._anchors:
                if event.anchor in self.anchors:
                    raise self._refuse(
                        f"the alias *{event.anchor} repeats the collection it is in",
                        event.start_mark,
                    )
            else:
                size, height = self._anchors[event.anchor]
                self._count += size
                self._aliased += size
                if self._aliased > self._max_aliased:
                    raise self._refuse(
                        f"aliases (*name) repeat more than {self._max_aliased:,} values in all; "
                        "write the values out",
                        event.start_mark,
                    )
                self._check_depth(self._depth + height, event.start_mark)
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        anchor = event.anchor if isinstance(event, NodeEvent) else None
        nested = isinstance(event, CollectionStartEvent)
        start, outer_deepest = self._count, self._deepest
        self._deepest = self._depth
        self._count += 1
        if nested:
            self._depth += 1
            self._check_depth(self._depth, event.start_mark)
        try:
            node = super().compose_node(parent, index)
        finally:
            if nested:
                self._depth -= 1
        if anchor is not None:
            self._anchors[anchor] = (self._count - start, self._deepest - self._depth)
        self._deepest = max(outer_deepest, self._deepest)
        return node  # type: ignore[no-any-return]

    def _check_depth(self, depth: int, mark: Any) -> None:
        self._deepest = max(self._deepest, depth)
        if depth > self._max_depth:
            raise self._refuse(f"the document nests deeper than {self._max_depth} levels", mark)


def load_yaml(
    text: str,
    *,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    max_depth: int = MAX_DEPTH,
    max_aliased: int = MAX_ALIASED,
) -> Any:
    """Parse one YAML document into plain data, bounding alias expansion, nesting and size."""
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > max_bytes:
        raise UnsafeYAML(
            problem=(
                f"the document is {_megabytes(size)}; pom imports documents up to "
                f"{_megabytes(max_bytes)}, so split it up"
            )
        )
    loader = _Loader(text, max_depth, max_aliased)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


# --- Previews that write nothing ---------------------------------------------------------------
#
# A preview runs an import through the very services that apply it (so it finds every problem
# the services would), but inside ``previewing()``: the services validate as usual and then skip
# their writes, and open no transaction. On SQLite a transaction takes the database-wide write
# lock at BEGIN (``transaction_mode`` IMMEDIATE), so a preview that wrote and rolled back made
# every other organization's writes wait, then fail with "database is locked".
#
# Services opt in by writing through this module::
#
#     @imports.transactional          # instead of @transaction.atomic
#     def create_person(actor, **values):
#         person = Person(...); _clean_person(actor, person)   # validation runs in previews too
#         imports.save(person)        # skipped in a preview: the person stays unsaved (pk None)
#         return person
#
# Code that runs during a preview treats an object without a pk as "new in this import": it has
# no rows pointing at it yet (``imports.saved(obj)`` says whether it exists).

_previewing: contextvars.ContextVar[bool] = contextvars.ContextVar("pom_previewing", default=False)
F = TypeVar("F", bound=Callable[..., Any])


@contextlib.contextmanager
def previewing() -> Iterator[None]:
    """Run services inside the block without writing (see above)."""
    token = _previewing.set(True)
    try:
        yield
    finally:
        _previewing.reset(token)


def is_preview() -> bool:
    return _previewing.get()


def transactional(func: F) -> F:
    """``transaction.atomic`` for a service, except during a preview, when nothing is written."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if _previewing.get():
            return func(*args, **kwargs)
        with transaction.atomic():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def save(obj: models.Model, **kwargs: Any) -> None:
    """``obj.save(**kwargs)``, skipped during a preview."""
    if not _previewing.get():
        obj.save(**kwargs)


def delete(obj: models.Model) -> None:
    """``obj.delete()``, skipped during a preview."""
    if not _previewing.get():
        obj.delete()


def saved(obj: models.Model | None) -> bool:
    """Whether ``obj`` is a row in the database (during a preview, new objects have no pk)."""
    return obj is not None and obj.pk is not None


# --- Running an import: preview first, then all or nothing --------------------------------------


def preview_then_apply(kind: str, play: Callable[[Run], None], *, apply: bool) -> Report:
    """Run an import the one way every pillar does, and return what it would do or did.

    ``play(run)`` reads the whole input and plays every change through the services. It runs
    first as a preview (``previewing()``: every check, no write, no transaction, so no write
    lock), collecting *all* problems; any problem ends the import there. With ``apply`` it then
    plays again, writing, inside one transaction that commits only if no problem appeared.
    """
    report = Report(kind=kind)
    with previewing():
        play(Run(report))
    if report.problems:
        report.changes = []
        return report
    if not apply:
        return report
    applied = Report(kind=kind)
    with transaction.atomic():
        play(Run(applied))
        if applied.problems:
            transaction.set_rollback(True)
        else:
            applied.applied = True
    if applied.problems:
        applied.changes = []
    return applied


# --- Reading CSV ---------------------------------------------------------------------------------

MAX_CSV_ROWS = 5000


def csv_rows(
    content: str,
    run: Run,
    *,
    columns: tuple[str, ...],
    required: tuple[str, ...] = (),
    max_rows: int = MAX_CSV_ROWS,
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and the non-empty rows of a CSV file, each as ``(row number, {column: text})``.

    The header is row 1. Problems with the file as a whole (not CSV, no header, unknown, missing
    or doubled columns, too many rows) go to ``run`` naming the row and column, and no rows come
    back. Cells are read through ``spreadsheet.read_cell`` (an exported ``'=x`` is ``=x`` again)
    and stripped; a row with more cells than columns is a problem of that row.
    """
    if len(content.encode("utf-8", errors="surrogatepass")) > MAX_DOCUMENT_BYTES:
        run.problem(
            "", "", f"The file is larger than {_megabytes(MAX_DOCUMENT_BYTES)}; split it up."
        )
        return [], []
    reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")), strict=True)
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        run.problem("Row 1", "", f"This is not readable CSV: {exc}.")
        return [], []
    if not header:
        run.problem("Row 1", "", "The file is empty; the first row must name the columns.")
        return [], []
    for name in header:
        if name not in columns:
            run.problem("Row 1", name or "(empty)", f"Unknown column; use {', '.join(columns)}.")
    for name in required:
        if name not in header:
            run.problem("Row 1", name, "This column is required.")
    if len(set(header)) != len(header):
        run.problem("Row 1", "", "A column appears twice.")
    if run.report.problems:
        return header, []
    reader.fieldnames = header
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for number, raw in enumerate(reader, start=2):
            if len(rows) >= max_rows:
                run.problem(
                    f"Row {number}", "", f"The file has more than {max_rows:,} rows; split it up."
                )
                return header, []
            if None in raw:
                run.problem(f"Row {number}", "", "This row has more values than there are columns.")
                continue
            row = {k: spreadsheet.read_cell((v or "").strip()) for k, v in raw.items()}
            if any(row.values()):
                rows.append((number, row))
    except csv.Error as exc:
        run.problem(f"Row {reader.line_num}", "", f"This row is not valid CSV: {exc}.")
        return header, []
    if not rows and not run.report.problems:
        run.problem("Row 2", "", "There are no rows under the header.")
    return header, rows
