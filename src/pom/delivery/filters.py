"""The list filters of the delivery pages (``?team=``, ``?kind=``, ``?linked=``, ``?q=``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from pom.core.filters import CharFilter, ChoiceFilter, IdFilter, ListFilter, search
from pom.delivery import queries
from pom.delivery.models import ReleaseKind

LINKED = [("yes", "Serves an outcome"), ("no", "Unlinked work")]


class ReleaseFilter(ListFilter):
    """The releases list: one team's, one kind, linked or unlinked, matching a search."""

    team = IdFilter(field_name="team_id")
    kind = ChoiceFilter(choices=ReleaseKind.choices)
    linked = ChoiceFilter(choices=LINKED, method="filter_linked")
    q = CharFilter(method="filter_q")

    def filter_linked(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queries.serving(qs, value == "yes")

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return search(qs, value, "title", "flag_key", "notes")
