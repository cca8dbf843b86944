"""The list filters of the experiments pages (``?team=``, ``?risk=`` …), declared once."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from pom.core.filters import BooleanFilter, ChoiceFilter, IdFilter, IdsField, ListFilter, PageParams
from pom.core.validation import today
from pom.experiments.models import RiskType
from pom.experiments.queries import overdue_q, risky_untested_q


class BoardFilter(ListFilter):
    """The tests board: one team's tests; ``?overdue=1`` those running past their planned end."""

    team = IdFilter(field_name="team_id")
    overdue = BooleanFilter(method="filter_overdue")

    def filter_overdue(self, qs: QuerySet[Any], name: str, value: bool) -> QuerySet[Any]:
        return qs.filter(overdue_q(today())) if value else qs


class AssumptionMapFilter(ListFilter):
    """The assumption map: one solution's, one outcome tree's or one team's assumptions, by risk."""

    solution = IdFilter(field_name="solution_id")
    outcome = IdFilter(field_name="solution__opportunity__outcome_id")
    team = IdFilter(field_name="solution__team_id")
    risk = ChoiceFilter(field_name="risk_type", choices=RiskType.choices)
    risky = BooleanFilter(method="filter_risky")

    def filter_risky(self, qs: QuerySet[Any], name: str, value: bool) -> QuerySet[Any]:
        """``?risky=1``: the risky quadrant, untested — what the home counts."""
        return qs.filter(risky_untested_q()) if value else qs


class FormStart(PageParams):
    """What a new assumption or test form is pre-filled with: ``?solution=``, ``?team=``, and the
    assumptions to test (``?assumption=3&assumption=5``)."""

    solution = forms.IntegerField(required=False, min_value=1)
    team = forms.IntegerField(required=False, min_value=1)
    assumption = IdsField()
