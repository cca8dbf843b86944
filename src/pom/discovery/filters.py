"""The list filters of the discovery pages (``?team=``, ``?triage=``, ``?kind=``, ``?q=`` …)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Exists, OuterRef, QuerySet

from pom.core.filters import (
    BooleanFilter,
    ChoiceFilter,
    FlagField,
    IdFilter,
    ListFilter,
    PageParams,
    SearchFilter,
)
from pom.core.validation import today
from pom.discovery import figures
from pom.discovery.models import DecisionKind, DecisionStatus, Touchpoint, Triage


class OverviewTeamFilter(ListFilter):
    """The discovery overview's teams: matching a name, or only those whose habit has lapsed
    (no touchpoint this week or last week: the home's "lapsed touchpoints" line links here)."""

    q = SearchFilter("name")
    lapsed = BooleanFilter(method="filter_lapsed")

    def filter_lapsed(self, qs: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
        if value is None:
            return qs
        day = today()
        recent = Touchpoint.objects.for_member(self.request.membership).filter(
            team_id=OuterRef("pk"),
            happened_on__gte=figures.habit_alive_since(day),
            happened_on__lte=day,
        )
        kept = Exists(recent)
        return qs.filter(~kept if value else kept)


class TeamListFilter(ListFilter):
    """A discovery list of one team's rows (``?team=3``): the touchpoints."""

    team = IdFilter(field_name="team_id")


class InboxFilter(TeamListFilter):
    """The stakeholder inbox: one team's inputs, in one triage state (new ones by default)."""

    triage = ChoiceFilter(choices=Triage.choices)

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        # The inbox opens on what still needs triage; an explicit ``?triage=`` (All) shows all.
        if data is not None and "triage" not in data:
            data = data.copy()
            data["triage"] = Triage.NEW
        super().__init__(data, *args, **kwargs)


class DecisionFilter(TeamListFilter):
    """The decision log: one team's decisions, of one kind and status, citing one principle;
    ``?due=1`` keeps those due for revisit (the home's count links here)."""

    kind = ChoiceFilter(choices=DecisionKind.choices)
    status = ChoiceFilter(choices=DecisionStatus.choices)
    principle = IdFilter(field_name="principles__id")
    due = BooleanFilter(method="filter_due")

    def filter_due(self, queryset: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
        from pom.discovery.queries import due_for_revisit

        return queryset.filter(due_for_revisit(today())) if value else queryset


class InsightSearch(PageParams):
    """The insights list's search, tags, team and ``?unlinked=1``.

    A form rather than a ``ListFilter``: the full-text search reorders and caps the rows, which
    ``queries.insights_for`` does as one read.
    """

    q = forms.CharField(required=False)
    tag = forms.Field(required=False, widget=forms.MultipleHiddenInput)
    team = forms.IntegerField(required=False, min_value=1)
    unlinked = FlagField(required=False)

    def clean_tag(self) -> list[str]:
        return [tag for tag in self.cleaned_data["tag"] or [] if tag]
