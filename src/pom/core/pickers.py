"""Pickers: search-as-you-type choice of one or several rows (teams, people, solutions, outcomes,
opportunities, metrics, decisions…) where a select would list them by the thousand.

A pillar declares what can be picked once, in its ``pickers.py``, as a ``Source``: how its rows are
read for a member (through the tenancy door, related rows selected, in the order that makes sense),
which fields the text matches, and how a row is labelled. ``SOURCES`` below lists those modules.

A form then takes a ``PickerField``::

    class ReleaseForm(forms.Form):
        team = PickerField("teams", scope={"workable": 1})
        solutions = PickerField("solutions", multiple=True, follow=("team",), required=False)

        def __init__(self, *args, actor, **kwargs):
            super().__init__(*args, **kwargs)
            bind(self, actor)

It cleans to an id (or a list of ids, repeats dropped, order kept) of a row the member may pick;
another organization's id, or one outside the scope, is a field error. A page that is not a Django
form (a list filter, a row's action) draws the same picker with ``{% picker %}``
(``core/templatetags/pom_pickers.py``).

The picker is one partial (``core/partials/_picker.html``): the chosen rows as checked radio
buttons or checkboxes, a search box and a "Find" button. With JavaScript (``pom/picker.js``) the
box is an ARIA combobox: typing asks ``core:pick`` for at most ``LIMIT`` matches, arrow keys move
through them, Enter picks, Escape closes. Without it, "Find" submits the form with
``pick=<the picker's id>``; ``save_form`` then saves nothing and the page draws the matches as
radio buttons or checkboxes to choose from before submitting again.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db.models import Model, QuerySet
from django.http import HttpRequest, QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from pom.accounts.models import Membership
from pom.core.filters import SEARCH_LENGTH, search

LIMIT = 20
PICK = "pick"  # the POST/GET parameter of the no-JavaScript "Find" button: the picker's id

# The modules that declare sources (each defines SOURCES, a list of Source).
MODULES = [
    "pom.teams.pickers",
    "pom.discovery.pickers",
    "pom.strategy.pickers",
    "pom.metrics.pickers",
    "pom.experiments.pickers",
]

Scope = dict[str, int]


@dataclass(frozen=True)
class Source:
    """What a picker searches: ``rows(actor, scope)`` is the member's scoped, ordered queryset
    (``scope`` holds whole-number parameters such as ``team``, read from the picker's URL or
    fields it follows: a filter or an ordering); ``fields`` are matched by the typed text."""

    kind: str
    noun: str
    rows: Callable[[Membership, Scope], QuerySet[Any]]
    fields: tuple[str, ...]
    label: Callable[[Any], str]
    detail: Callable[[Any], str] = field(default=lambda row: "")
    permission: str | None = None
    scopes: tuple[str, ...] = ()
    empty: str = ""  # what the results say when nothing exists yet (and no text was typed)


_SOURCES: dict[str, Source] = {}


def source(kind: str) -> Source:
    if not _SOURCES:
        for module in MODULES:
            for s in importlib.import_module(module).SOURCES:
                _SOURCES[s.kind] = s
    try:
        return _SOURCES[kind]
    except KeyError:
        raise LookupError(f"No picker source {kind!r}") from None


def read_scope(
    src: Source, data: Mapping[str, Any], names: Mapping[str, str] | None = None
) -> Scope:
    """The whole-number scope parameters of ``src`` in ``data`` (``names`` maps a scope to the
    form field it is read from); anything else is dropped."""
    scope: Scope = {}
    for key in src.scopes:
        raw = data.get((names or {}).get(key, key))
        if isinstance(raw, list | tuple):
            raw = raw[0] if raw else None
        if raw is not None and str(raw).isdigit() and int(raw) > 0:
            scope[key] = int(raw)
    return scope


def find(
    src: Source, actor: Membership, text: str, *, scope: Scope, exclude: Iterable[int] = ()
) -> tuple[list[Any], bool]:
    """At most ``LIMIT`` rows matching ``text`` (one query), and whether there were more."""
    qs = search(src.rows(actor, scope), (text or "")[:SEARCH_LENGTH], *src.fields)
    excluded = [pk for pk in exclude if pk]
    if excluded:
        qs = qs.exclude(pk__in=excluded)
    rows = list(qs[: LIMIT + 1])
    return rows[:LIMIT], len(rows) > LIMIT


def chosen(src: Source, actor: Membership, ids: list[int], scope: Scope | None = None) -> list[Any]:
    """The rows with ``ids`` that the member may pick, in the order given (one query)."""
    if not ids:
        return []
    found = {row.pk: row for row in src.rows(actor, scope or {}).filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def parse_ids(value: Any) -> list[int]:
    """Whole-number ids from a posted value or list; repeats dropped, order kept.

    Raises ``ValidationError`` for anything that is not an id."""
    values = value if isinstance(value, list | tuple) else [value]
    ids: list[int] = []
    for item in values:
        if item in (None, ""):
            continue
        if isinstance(item, int) or (isinstance(item, str) and item.strip().isdigit()):
            pk = int(item)
        elif hasattr(item, "pk"):
            pk = item.pk
        else:
            raise forms.ValidationError(f"{str(item)[:40]!r} is not a valid choice.")
        if pk < 1:
            raise forms.ValidationError(f"{pk!r} is not a valid choice.")
        if pk not in ids:
            ids.append(pk)
    return ids


def _safe_ids(value: Any) -> list[int]:
    try:
        return parse_ids(value)
    except forms.ValidationError:
        return []


def option(src: Source, row: Any) -> dict[str, Any]:
    return {"pk": row.pk, "label": src.label(row), "detail": src.detail(row)}


class PickerWidget(forms.Widget):
    """Draws the picker partial; reads one id (or several) posted under the field's name."""

    is_picker = True

    def __init__(
        self,
        kind: str,
        *,
        multiple: bool = False,
        scope: Scope | None = None,
        follow: Mapping[str, str] | None = None,
        empty_label: str | None = None,
        placeholder: str = "",
        attrs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(attrs)
        self.kind = kind
        self.multiple = multiple
        self.scope = dict(scope or {})
        self.follow = dict(follow or {})
        self.empty_label = empty_label
        self.placeholder = placeholder
        self.actor: Membership | None = None
        self.data: Mapping[str, Any] = {}

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        self.data = data
        if self.multiple and hasattr(data, "getlist"):
            return data.getlist(name)
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data

    def format_value(self, value: Any) -> Any:
        return value

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_q" if id_ else id_  # a label names the search box

    def render(  # type: ignore[override]
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        assert self.actor is not None, "bind(form, actor) before drawing a picker"
        html_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        return draw(
            self.actor,
            self.kind,
            name=name,
            html_id=html_id,
            value=value,
            data=self.data,
            multiple=self.multiple,
            scope=self.scope,
            follow=self.follow,
            empty_label=self.empty_label,
            placeholder=self.placeholder,
            describedby=(attrs or {}).get("aria-describedby", ""),
            invalid=bool((attrs or {}).get("aria-invalid")),
        )


class PickerField(forms.Field):
    """One row (an id, or ``None``) or several (a list of ids) picked through a ``Source``.

    ``scope`` fixes the source's scope parameters (the member may pick only inside it);
    ``follow`` names form fields whose values order or filter the matches as they change
    (``follow=("team",)``: the chosen team's people first).
    """

    widget = PickerWidget

    def __init__(
        self,
        kind: str,
        *,
        multiple: bool = False,
        scope: Scope | None = None,
        follow: Iterable[str] | Mapping[str, str] = (),
        empty_label: str | None = None,
        placeholder: str = "",
        **kwargs: Any,
    ) -> None:
        self.kind = kind
        self.multiple = multiple
        self.scope = dict(scope or {})
        self.follow = dict(follow) if isinstance(follow, Mapping) else {f: f for f in follow}
        self.actor: Membership | None = None
        kwargs.setdefault(
            "widget",
            PickerWidget(
                kind,
                multiple=multiple,
                scope=self.scope,
                follow=self.follow,
                empty_label=empty_label,
                placeholder=placeholder,
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        ids = parse_ids(value)
        if self.multiple:
            return ids
        if len(ids) > 1:
            raise forms.ValidationError(f"Choose one {source(self.kind).noun}.")
        return ids[0] if ids else None

    def validate(self, value: Any) -> None:
        if self.required and value in (None, []):
            raise forms.ValidationError(f"Choose a {source(self.kind).noun}.", code="required")
        ids = value if self.multiple else [value] if value else []
        if not ids:
            return
        assert self.actor is not None, "bind(form, actor) before validating a picker"
        src = source(self.kind)
        found = {row.pk for row in chosen(src, self.actor, ids, self.scope)}
        if missing := [pk for pk in ids if pk not in found]:
            raise forms.ValidationError(
                f"Choose a {src.noun} from the list (#{missing[0]} is not one you can pick)."
            )

    def has_changed(self, initial: Any, data: Any) -> bool:
        return _safe_ids(initial) != _safe_ids(data)


def narrow(field: forms.Field, **scope: int) -> None:
    """Narrow one form's picker further (the outcome being edited left out of its parents):
    the field and its widget get a scope of their own, the class's field is untouched."""
    assert isinstance(field, PickerField) and isinstance(field.widget, PickerWidget)
    field.scope = {**field.scope, **scope}
    field.widget.scope = dict(field.scope)


def preselect_sole(form: forms.BaseForm, name: str) -> None:
    """On a new (unbound) form, choose the only row the picker ``name`` offers, if there is only
    one (a member on one team imports for that team without searching); one query."""
    f = form.fields[name]
    assert isinstance(f, PickerField) and f.actor is not None, "bind(form, actor) first"
    if form.is_bound or form.initial.get(name) or f.initial:
        return
    pks = list(source(f.kind).rows(f.actor, f.scope).values_list("pk", flat=True)[:2])
    if len(pks) == 1:
        form.initial[name] = [pks[0]] if f.multiple else pks[0]


def bind(
    form: forms.BaseForm, actor: Membership, *, query: Mapping[str, Any] | None = None
) -> None:
    """Give the form's pickers the acting member: they read and check rows through the door.

    ``query`` is the page's query string for an unbound form that a row action's no-JavaScript
    "Find" came back to (``search_url``): its pickers draw the matches."""
    for f in form.fields.values():
        if isinstance(f, PickerField):
            f.actor = actor
            if isinstance(f.widget, PickerWidget):
                f.widget.actor = actor
                if query is not None and not form.is_bound:
                    f.widget.data = query


def picking(request: HttpRequest) -> bool:
    """Whether the request is a no-JavaScript "Find" of a picker (search, do not save)."""
    return bool((request.POST if request.method == "POST" else request.GET).get(PICK))


def search_url(request: HttpRequest, to: str) -> str:
    """Where a row action's "Find" goes without JavaScript: back to the page ``to`` (its own query
    kept), with the search added (``?pick=<id>&team_q=…``), so that the page draws the matches."""
    path, _, query = to.split("#")[0].partition("?")
    params = QueryDict(query, mutable=True)
    params[PICK] = str(request.POST.get(PICK, ""))
    for key in request.POST:
        if key.endswith("_q"):
            params[key] = str(request.POST.get(key, ""))[:SEARCH_LENGTH]
    return f"{path}?{params.urlencode()}#{params[PICK]}-picker"


def draw(
    actor: Membership,
    kind: str,
    *,
    name: str,
    html_id: str,
    value: Any,
    data: Mapping[str, Any],
    multiple: bool = False,
    scope: Scope | None = None,
    follow: Mapping[str, str] | None = None,
    empty_label: str | None = None,
    placeholder: str = "",
    label: str = "",
    hide_label: bool = False,
    describedby: str = "",
    invalid: bool = False,
) -> SafeString:
    """The picker partial: the chosen rows, the search box, and (after a no-JS "Find") matches."""
    src = source(kind)
    fixed = dict(scope or {})
    followed = read_scope(src, data, follow) if follow else {}
    given = value if isinstance(value, list | tuple) else [value]
    if given and all(isinstance(v, Model) for v in given):
        rows = list(given)  # already read for this page (a row's own team): no query per row
        choices = [{"pk": r.pk, "label": src.label(r), "detail": ""} for r in rows]
    else:
        rows = chosen(src, actor, _safe_ids(value), fixed)
        choices = [option(src, r) for r in rows]
    q_name = f"{name}_q"
    text = str(data.get(q_name) or "")[:SEARCH_LENGTH] if data else ""
    results = more = None
    if data and data.get(PICK) == html_id:
        results, more = find(src, actor, text, scope=fixed | followed, exclude=[r.pk for r in rows])
    params = "&".join(f"{k}={v}" for k, v in fixed.items())
    context = {
        "src": src,
        "name": name,
        "id": html_id,
        "label": label,
        "hide_label": hide_label,
        "multiple": multiple,
        "chosen": choices,
        "empty_label": empty_label,
        "none_checked": not rows,
        "q_name": q_name,
        "q": text,
        "placeholder": placeholder or f"Type to find a {src.noun}",
        "url": reverse("core:pick", args=[kind]) + (f"?{params}" if params else ""),
        "follow": " ".join(f"{k}={v}" for k, v in (follow or {}).items()),
        "results": None if results is None else [option(src, r) for r in results],
        "more": more,
        "limit": LIMIT,
        "pick": PICK,
        "describedby": describedby,
        "invalid": invalid,
    }
    return mark_safe(render_to_string("core/partials/_picker.html", context))  # noqa: S308
