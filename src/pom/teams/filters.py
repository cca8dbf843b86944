"""The list filter of the teams index and the teams API (``?q=``, ``?area=``, ``?gap=`` …)."""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from django.db.models import QuerySet

from pom.core.filters import BooleanFilter, CharFilter, ChoiceFilter, ListFilter, SearchFilter
from pom.teams import queries
from pom.teams.models import LifecycleStage, OperatingMode, PilotStatus, Topology

# An area id, or "none" for teams outside any area; kept as text for the page's area picker.
AREA = RegexValidator(r"^([0-9]+|none)$")


class ArchivedFilter(BooleanFilter):
    """``?archived=1`` lists the archived teams; without it (or with anything else) active ones."""

    def filter(self, qs: QuerySet[Any], value: bool | None) -> QuerySet[Any]:
        return qs.filter(archived_at__isnull=value is not True)


class TeamFilter(ListFilter):
    """The teams list: text, product area, operating mode, stage, pilot, topology, a gap."""

    q = SearchFilter("name", "mission", "slug")
    area = CharFilter(method="filter_area", validators=[AREA])
    mode = ChoiceFilter(field_name="operating_mode", choices=OperatingMode.choices)
    stage = ChoiceFilter(field_name="lifecycle_stage", choices=LifecycleStage.choices)
    pilot = ChoiceFilter(field_name="pilot_status", choices=PilotStatus.choices)
    topology = ChoiceFilter(choices=Topology.choices)
    gap = ChoiceFilter(choices=list(queries.GAPS.items()), method="filter_gap")
    archived = ArchivedFilter()

    def __init__(self, *args: Any, org_id: int, limit: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.org_id = org_id
        self.limit = limit

    def filter_area(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value == "none":
            return qs.filter(product_area__isnull=True)
        return qs.filter(product_area_id=int(value))

    def filter_gap(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queries.with_gap(qs, self.org_id, value, self.limit)

    @property
    def values(self) -> dict[str, Any]:
        values = super().values
        active = any(values[name] for name in self.filters if name != "archived")
        return {**values, "active": active}


class PersonFilter(ListFilter):
    """The people list: people whose name, email or title contains ``q``."""

    q = SearchFilter("name", "email", "title")
