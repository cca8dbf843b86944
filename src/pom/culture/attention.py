"""The culture pillar's lines of the home to-do list: teams with an overdue ritual (by their own
cadence), and for leaders an overdue portfolio review. A fixed number of aggregate queries each
(the cadences, then one per kind of ritual on the calendar), however many teams."""

from __future__ import annotations

from django.urls import reverse

from pom.core.attention import Item, Scope
from pom.culture import calendar


def overdue_teams(scope: Scope) -> list[Item]:
    late = calendar.overdue_team_ids(scope.org_id, scope.team_ids, scope.today)
    url = reverse("culture:calendar")
    if len(late) == 1:
        url += f"?team={late[0]}&overdue=1"
    else:
        url += "?overdue=1" + ("" if scope.whole_org else "&mine=1")
    return [
        Item(
            "overdue_rituals",
            len(late),
            "team with an overdue ritual",
            "teams with an overdue ritual",
            url,
            "See the calendar",
            "culture",
        )
    ]


def overdue_review(scope: Scope) -> list[Item]:
    return [
        Item(
            "overdue_review",
            1 if calendar.review_overdue(scope.org_id, scope.today) else 0,
            "portfolio review overdue by its cadence",
            "portfolio reviews overdue by their cadence",
            reverse("culture:reviews"),
            "Run the review",
            "culture",
        )
    ]
