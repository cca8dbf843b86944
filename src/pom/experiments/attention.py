"""The experiments' lines of the home to-do list: tests still running past their planned end,
and risky assumptions nobody is testing. One aggregate query each, however many teams."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count, Min
from django.urls import reverse

from pom.core.attention import Item, Scope
from pom.experiments.models import Assumption, AssumptionTest
from pom.experiments.queries import overdue_q, risky_untested_q


def _list_url(name: str, scope: Scope, **params: str) -> str:
    team = scope.one_team()
    if team is not None:
        params["team"] = str(team)
    return f"{reverse(name)}?{urlencode(params)}"


def overdue_tests(scope: Scope) -> list[Item]:
    row = (
        AssumptionTest.objects.for_org(scope.org_id)
        .filter(scope.teams("team_id"), overdue_q(scope.today))
        .aggregate(n=Count("id"), first=Min("id"))
    )
    url = (
        reverse("experiments:test", args=[row["first"]])
        if row["n"] == 1
        else _list_url("experiments:index", scope, overdue="true")
    )
    return [
        Item(
            "overdue_tests",
            row["n"],
            "test still running past its planned end",
            "tests still running past their planned end",
            url,
            "Conclude",
            "discovery",
        )
    ]


def risky_assumptions(scope: Scope) -> list[Item]:
    row = (
        Assumption.objects.for_org(scope.org_id)
        .filter(scope.teams("solution__team_id"), risky_untested_q())
        .aggregate(n=Count("id"), first=Min("id"))
    )
    url = (
        reverse("experiments:assumption", args=[row["first"]])
        if row["n"] == 1
        else _list_url("experiments:map", scope, risky="true")
    )
    return [
        Item(
            "risky_assumptions",
            row["n"],
            "risky assumption not tested yet",
            "risky assumptions not tested yet",
            url,
            "Plan a test",
            "discovery",
        )
    ]
