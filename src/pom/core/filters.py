"""List filters of pages, declared once as django-filter FilterSets.

A list page reads its filters from ``request.GET`` through a ``ListFilter`` subclass in the app's
``filters.py``, instead of parsing ``request.GET`` by hand::

    class TestFilter(ListFilter):
        team = NumberFilter(field_name="team_id")
        status = ChoiceFilter(choices=TestStatus.choices)

    filters = TestFilter.from_request(request, queries.tests_for(actor))
    page = paginate(request, filters.qs)
    context = {"filters": filters.values, ...}

A page parameter that does not filter a queryset (it picks a section, or feeds a pure function)
is read by a ``PageParams`` form the same way: ``PageParams.from_request(request).values``.

API endpoints take the same filters as a Ninja ``FilterSchema`` (typed, documented in OpenAPI),
whose ``filter(queryset)`` applies them.
"""

from __future__ import annotations

from typing import Any, Self

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django_filters.widgets import BooleanWidget

from pom.core.models import AuditEvent

# Re-exported so an app's filters.py imports everything from one place.
CharFilter = django_filters.CharFilter
ChoiceFilter = django_filters.ChoiceFilter
DateFilter = django_filters.DateFilter
MultipleChoiceFilter = django_filters.MultipleChoiceFilter
NumberFilter = django_filters.NumberFilter


class FlagField(forms.NullBooleanField):
    """A flag (``?full=1``): ``1``/``true`` on, ``0``/``false`` off, anything else not given."""

    widget = BooleanWidget


class BooleanFilter(django_filters.BooleanFilter):
    """A flag filter (``?overdue=1``), read as ``FlagField`` reads it."""

    field_class = FlagField


class IdFilter(django_filters.NumberFilter):
    """An id (``?team=3``): a whole number from 1; anything else leaves the list unfiltered."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        super().__init__(*args, **kwargs)


SEARCH_LENGTH = 100


class SearchField(forms.CharField):
    """Free text from a search box, stripped and cut to ``SEARCH_LENGTH`` characters."""

    def to_python(self, value: Any) -> str:
        return (super().to_python(value) or "")[:SEARCH_LENGTH]


class SearchFilter(django_filters.CharFilter):
    """A search box (``?q=``): rows where any of ``fields`` contains the text."""

    field_class = SearchField

    def __init__(self, *fields: str, **kwargs: Any) -> None:
        self.search_fields = fields
        super().__init__(**kwargs)

    def filter(self, qs: QuerySet[Any], value: str) -> QuerySet[Any]:
        return search(qs, value, *self.search_fields)


class IdsField(forms.Field):
    """Ids given as a repeated parameter (``?solutions=3&solutions=5``); others are dropped."""

    widget = forms.MultipleHiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[int]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        return [int(v) for v in values if str(v).isdigit() and int(v) > 0]


class MemberChoiceFilter(django_filters.ModelChoiceFilter):
    """One of the member's organization's rows by id (``?team=3``); ``values`` holds the row.

    An id that is not a number, or is another organization's, leaves the list unfiltered.
    """

    def __init__(self, model: type[Any], *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", lambda request: model.objects.for_member(request.membership))
        super().__init__(*args, **kwargs)


def _shown(data: dict[str, Any], names: Any) -> dict[str, Any]:
    return {name: "" if data.get(name) in (None, "", [], ()) else data[name] for name in names}


class PageParams(forms.Form):
    """The query parameters of a page that are not a queryset filter, read like a ``ListFilter``.

    A value that does not parse is left out (``""`` in ``values``), never refused.
    """

    @classmethod
    def from_request(cls, request: HttpRequest, **kwargs: Any) -> Self:
        return cls(request.GET, **kwargs)

    @property
    def values(self) -> dict[str, Any]:
        self.is_valid()
        return _shown(getattr(self, "cleaned_data", {}), self.fields)


class SearchParams(PageParams):
    """A search box (``?q=``) whose rows come from a function rather than a queryset filter."""

    q = SearchField(required=False)


class ListFilter(django_filters.FilterSet):
    """The base of every page's list filter.

    A value that does not parse (``?team=abc``, an unknown status) is left out rather than
    refused, so a stale filter link still shows the list; ``values`` is what the page's filter
    form shows back, ``""`` for a filter not in use.
    """

    @classmethod
    def from_request(cls, request: HttpRequest, queryset: QuerySet[Any], **kwargs: Any) -> Self:
        return cls(request.GET, queryset=queryset, request=request, **kwargs)

    @property
    def values(self) -> dict[str, Any]:
        self.is_valid()
        return _shown(getattr(self.form, "cleaned_data", {}), self.filters)


def search(queryset: QuerySet[Any], text: str, *fields: str) -> QuerySet[Any]:
    """Rows where any of ``fields`` contains ``text`` (case-insensitive); all rows for no text."""
    text = (text or "").strip()
    if not text:
        return queryset
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": text})
    return queryset.filter(condition)


class AuditFilter(ListFilter):
    """The audit log page: what was done (``?action=update``), to what, and by whom."""

    action = ChoiceFilter(choices=AuditEvent.Action.choices)
    object_type = CharFilter()
    actor = CharFilter(field_name="actor_label", lookup_expr="icontains")
