"""List filters of pages, declared once as django-filter FilterSets.

A list page reads its filters from ``request.GET`` through a ``ListFilter`` subclass in the app's
``filters.py``, instead of parsing ``request.GET`` by hand::

    class TestFilter(ListFilter):
        team = NumberFilter(field_name="team_id")
        status = ChoiceFilter(choices=TestStatus.choices)

    filters = TestFilter.from_request(request, queries.tests_for(actor))
    page = paginate(request, filters.qs)
    context = {"filters": filters.values, ...}

API endpoints take the same filters as a Ninja ``FilterSchema`` (typed, documented in OpenAPI),
whose ``filter(queryset)`` applies them.
"""

from __future__ import annotations

from typing import Any, Self

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from pom.core.models import AuditEvent

# Re-exported so an app's filters.py imports everything from one place.
BooleanFilter = django_filters.BooleanFilter
CharFilter = django_filters.CharFilter
ChoiceFilter = django_filters.ChoiceFilter
DateFilter = django_filters.DateFilter
MultipleChoiceFilter = django_filters.MultipleChoiceFilter
NumberFilter = django_filters.NumberFilter


class IdFilter(django_filters.NumberFilter):
    """An id (``?team=3``): a whole number from 1; anything else leaves the list unfiltered."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        super().__init__(*args, **kwargs)


class ListFilter(django_filters.FilterSet):
    """The base of every page's list filter.

    A value that does not parse (``?team=abc``, an unknown status) is left out rather than
    refused, so a stale filter link still shows the list; ``values`` is what the page's filter
    form shows back, ``""`` for a filter not in use.
    """

    @classmethod
    def from_request(cls, request: HttpRequest, queryset: QuerySet[Any]) -> Self:
        return cls(request.GET, queryset=queryset, request=request)

    @property
    def values(self) -> dict[str, Any]:
        self.is_valid()
        data = getattr(self.form, "cleaned_data", {})
        return {
            name: "" if data.get(name) in (None, "", [], ()) else data[name]
            for name in self.filters
        }


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
