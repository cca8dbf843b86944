"""The list filters of the delivery pages (``?team=``, ``?kind=``, ``?linked=``, ``?q=``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from pom.core.filters import ChoiceFilter, IdFilter, ListFilter, PageParams, SearchFilter
from pom.delivery import queries
from pom.delivery.models import ReleaseKind

LINKED = [("yes", "Serves an outcome"), ("no", "Unlinked work")]


class ReleaseFilter(ListFilter):
    """The releases list: one team's, one kind, linked or unlinked, matching a search."""

    team = IdFilter(field_name="team_id")
    kind = ChoiceFilter(choices=ReleaseKind.choices)
    linked = ChoiceFilter(choices=LINKED, method="filter_linked")
    q = SearchFilter(method="filter_q")  # title, flag key, notes (through SQLite's trigram index)

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queries.search_releases(qs, value)

    def filter_linked(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queries.serving(qs, value == "yes")


class ReleaseStart(PageParams):
    """What a new release is pre-filled with: a team (``?team=``), a solution (``?solution=``)."""

    team = forms.IntegerField(required=False, min_value=0)
    solution = forms.IntegerField(required=False, min_value=0)
