"""The list filters of the culture pages (``?team=``, ``?source=``, ``?quarter=`` …)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from pom.core.filters import (
    CharFilter,
    ChoiceFilter,
    FlagField,
    ListFilter,
    MemberChoiceFilter,
    PageParams,
    SearchFilter,
)
from pom.culture.learnings import quarter_bounds
from pom.culture.models import Channel, DeliveryKind, DeliveryStatus, LearningSource
from pom.teams.models import Team


def _quarter(value: str) -> None:
    if value and quarter_bounds(value) is None:
        raise ValidationError("Write the quarter as YEAR-Q1 to YEAR-Q4.")


class LearningFilter(ListFilter):
    """The learning log: one team's entries, from one source, with one tag, in one quarter."""

    q = SearchFilter("title", "lesson", "what_happened", "tags")
    team = MemberChoiceFilter(Team)
    source = ChoiceFilter(choices=LearningSource.choices)
    tag = CharFilter(method="filter_tag")
    quarter = CharFilter(method="filter_quarter", validators=[_quarter])

    def filter_tag(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(tags__contains=f",{value.lower()},")

    def filter_quarter(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        bounds = quarter_bounds(value)
        return qs.filter(learned_on__range=bounds) if bounds else qs


class DemoFilter(ListFilter):
    """The demos list: one team's demos."""

    team = MemberChoiceFilter(Team)


class LearningStart(PageParams):
    """Where a new learning entry starts from: a concluded test (``?test=``), a team (``?team=``)."""

    test = forms.IntegerField(required=False, min_value=1)
    team = forms.CharField(required=False)


class ReviewSection(PageParams):
    """The bet of a portfolio review whose outcomes are listed (``?bet=``)."""

    bet = forms.ChoiceField(required=False)

    def __init__(self, *args: Any, bets: Iterable[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["bet"]).choices = [(key, key) for key in bets]


class CalendarParams(PageParams):
    """The ritual calendar: one team (``?team=``), the member's own teams (``?mine=1``), only the
    teams with an overdue ritual (``?overdue=1``)."""

    team = forms.IntegerField(required=False, min_value=1)
    mine = FlagField(required=False)
    overdue = FlagField(required=False)


class DeliveryParams(PageParams):
    """The deliveries page: one status, kind or channel (``?status=failed``)."""

    status = forms.ChoiceField(required=False, choices=DeliveryStatus.choices)
    kind = forms.ChoiceField(required=False, choices=DeliveryKind.choices)
    channel = forms.ChoiceField(required=False, choices=Channel.choices)
