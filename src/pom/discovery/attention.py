"""The discovery pillar's lines of the home to-do list: teams whose weekly touchpoint habit has
lapsed, and stakeholder input nobody has triaged yet (for a stakeholder: their own input still
waiting). One aggregate query each, however many teams."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, Min, OuterRef
from django.urls import reverse

from pom.core.attention import Item, Scope
from pom.discovery import figures
from pom.discovery.models import Decision, StakeholderInput, Touchpoint, Triage
from pom.teams.queries import active_teams


def lapsed_since(scope: Scope) -> date:
    """The first day a touchpoint keeps the habit alive (the overview's "lapsed" filter too)."""
    return figures.habit_alive_since(scope.today)


def lapsed_teams(scope: Scope) -> list[Item]:
    recent = Touchpoint.objects.for_org(scope.org_id).filter(
        team_id=OuterRef("pk"), happened_on__gte=lapsed_since(scope), happened_on__lte=scope.today
    )
    row = (
        active_teams(scope.org_id)
        .filter(scope.teams("id"))
        .filter(~Exists(recent))
        .aggregate(n=Count("id"), first=Min("id"))
    )
    url = (
        reverse("discovery:team", args=[row["first"]])
        if row["n"] == 1
        else reverse("discovery:index") + "?lapsed=1"
    )
    return [
        Item(
            "lapsed_touchpoints",
            row["n"],
            "team with no customer touchpoint since last week",
            "teams with no customer touchpoint since last week",
            url,
            "Log a touchpoint",
            "discovery",
        )
    ]


def untriaged_input(scope: Scope) -> list[Item]:
    row = (
        StakeholderInput.objects.for_org(scope.org_id)
        .filter(scope.teams("team_id"), triage=Triage.NEW)
        .aggregate(n=Count("id"))
    )
    url = reverse("discovery:inbox")
    team = scope.one_team()
    if team is not None:
        url += f"?team={team}"
    return [
        Item(
            "untriaged_input",
            row["n"],
            "stakeholder input waiting for triage",
            "stakeholder inputs waiting for triage",
            url,
            "Triage",
            "discovery",
        )
    ]


def my_waiting_input(scope: Scope) -> list[Item]:
    """A stakeholder's own input the team has not looked at yet: theirs to follow up."""
    n = (
        StakeholderInput.objects.for_org(scope.org_id)
        .filter(submitted_by_id=scope.membership.user_id, triage=Triage.NEW)
        .count()
    )
    return [
        Item(
            "my_waiting_input",
            n,
            "of your inputs is waiting for the team's triage",
            "of your inputs are waiting for the team's triage",
            reverse("discovery:inbox"),
            "See the inbox",
            "discovery",
        )
    ]


def decisions_due(scope: Scope) -> list[Item]:
    """Decisions whose revisit date has come or whose metric crossed its line: one query."""
    from pom.discovery.queries import due_for_revisit

    row = (
        Decision.objects.for_org(scope.org_id)
        .filter(scope.teams("team_id"))
        .filter(due_for_revisit(scope.today))
        .aggregate(n=Count("id"), first=Min("id"))
    )
    if row["n"] == 1:
        url = reverse("discovery:decision", args=[row["first"]])
    else:
        url = reverse("discovery:decisions") + "?due=1"
        team = scope.one_team()
        if team is not None:
            url += f"&team={team}"
    return [
        Item(
            "decisions_due",
            row["n"],
            "decision due for revisit",
            "decisions due for revisit",
            url,
            "Revisit",
            "discovery",
        )
    ]
