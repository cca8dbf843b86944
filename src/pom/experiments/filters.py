"""The list filters of the experiments pages (``?team=``, ``?risk=`` …), declared once."""

from __future__ import annotations

from pom.core.filters import ChoiceFilter, IdFilter, ListFilter
from pom.experiments.models import RiskType


class BoardFilter(ListFilter):
    """The tests board: one team's tests."""

    team = IdFilter(field_name="team_id")


class AssumptionMapFilter(ListFilter):
    """The assumption map: one solution's, one outcome tree's or one team's assumptions, by risk."""

    solution = IdFilter(field_name="solution_id")
    outcome = IdFilter(field_name="solution__opportunity__outcome_id")
    team = IdFilter(field_name="solution__team_id")
    risk = ChoiceFilter(field_name="risk_type", choices=RiskType.choices)
