"""The list filters of the transformation pages (``?kind=``, ``?status=``)."""

from __future__ import annotations

from pom.core.filters import ChoiceFilter, ListFilter
from pom.transformation.models import ObjectionKind, ObjectionStatus


class ObjectionFilter(ListFilter):
    """The resistance log: objections of one kind, in one status."""

    kind = ChoiceFilter(choices=ObjectionKind.choices)
    status = ChoiceFilter(choices=ObjectionStatus.choices)
