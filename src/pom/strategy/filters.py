"""The list filters of the strategy pages (``?q=``, ``?status=``, ``?bet=`` …), declared once."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.db.models import QuerySet

from pom.core.filters import (
    BooleanFilter,
    CharFilter,
    ChoiceFilter,
    FlagField,
    ListFilter,
    PageParams,
    SearchFilter,
)
from pom.strategy import queries
from pom.strategy.models import Level, OutcomeStatus
from pom.teams.models import Team

# The bet stays the text it came as: the page's bet picker compares it with each bet's id as text.
DIGITS = RegexValidator(r"^[0-9]+$")


class OutcomeFilter(ListFilter):
    """The outcomes list: text, status, level, owning team (id or slug), bet, stale, attention.

    The same filters as ``queries.filter_outcomes`` (the API's), each value checked first.
    """

    q = SearchFilter("title", "metric_name", "segment")
    status = ChoiceFilter(choices=OutcomeStatus.choices)
    level = ChoiceFilter(choices=Level.choices)
    team = CharFilter(method="filter_team")
    bet = CharFilter(field_name="bet_id", validators=[DIGITS])
    stale = BooleanFilter(method="filter_stale")
    attention = ChoiceFilter(choices=queries.ATTENTION, method="filter_attention")

    def __init__(self, *args: Any, org_id: int, stale_days: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.org_id = org_id
        self.stale_days = stale_days

    def filter_team(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value.isdigit():
            return qs.filter(owner_team_id=int(value))
        return qs.filter(owner_team__slug=value)

    def filter_stale(self, qs: QuerySet[Any], name: str, value: bool) -> QuerySet[Any]:
        return queries.stale_filter(qs, self.stale_days) if value else qs

    def filter_attention(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        condition = queries.off_track_q if value == "off_track" else queries.breached_q
        return qs.filter(condition(self.org_id))


class OutcomeStart(PageParams):
    """Where a new outcome starts from: under a parent (``?parent=``), owned by a team (``?team=``)."""

    parent = forms.IntegerField(required=False, min_value=1)
    team = forms.IntegerField(required=False, min_value=1)


class MapParams(PageParams):
    """The strategy map: one bet's outcomes (``?bet=``), one branch in full, or everything."""

    bet = forms.IntegerField(required=False, min_value=0)
    focus = forms.IntegerField(required=False, min_value=0)
    full = FlagField(required=False)


class CycleTeamFilter(ListFilter):
    """The teams of a cycle's planning page whose name contains ``q``."""

    q = SearchFilter("name")


class PlanningParams(PageParams):
    """The team being planned on a cycle's page (``?team=``), one of the organization's."""

    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False)

    def __init__(self, *args: Any, org_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["team"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Team.objects.for_org(org_id)
