"""The teams pillar's line of the home to-do list: active teams without a full product trio
(product manager, product designer, tech lead), in one aggregate query."""

from __future__ import annotations

from django.db.models import Count, Min
from django.urls import reverse

from pom.core.attention import Item, Scope
from pom.teams.queries import teams


def trio_gaps(scope: Scope) -> list[Item]:
    row = (
        teams(scope.org_id, {"gap": "trio"})
        .filter(scope.teams("id"))
        .order_by()
        .aggregate(n=Count("id"), slug=Min("slug"))
    )
    # With one team, the smallest slug is that team's: its page is where the seat is filled.
    url = (
        reverse("teams:team", args=[row["slug"]])
        if row["n"] == 1
        else f"{reverse('teams:index')}?gap=trio"
    )
    return [
        Item(
            "trio_gaps",
            row["n"],
            "team without a full product trio",
            "teams without a full product trio",
            url,
            "Fill the seat",
            "teams",
        )
    ]
