"""Strategy pages read their filters through pom.core.filters: a value that does not parse leaves
the list unfiltered, and the page still answers."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from pom.strategy.tests.helpers import plan


def test_outcome_filters_that_do_not_parse_leave_the_list_unfiltered(world: Any) -> None:
    p = plan(world)
    client = world.client("viewer")
    garbage = {"status": "zzz", "level": "zzz", "bet": "abc", "stale": "maybe", "attention": "x"}
    response = client.get(reverse("strategy:outcomes"), garbage)
    assert response.status_code == 200
    html = response.content.decode()
    assert p.outcome.title in html and p.other.title in html and p.business.title in html
    by_bet = client.get(reverse("strategy:outcomes"), {"bet": p.bet.pk}).content.decode()
    assert f'<option value="{p.bet.pk}" selected' in by_bet
    by_team = client.get(reverse("strategy:outcomes"), {"team": p.search.slug}).content.decode()
    assert p.other.title in by_team and p.outcome.title not in by_team


def test_the_map_and_the_cycle_page_answer_for_parameters_that_do_not_parse(world: Any) -> None:
    p = plan(world)
    client = world.client("viewer")
    assert client.get(reverse("strategy:map"), {"bet": "abc", "focus": "x"}).status_code == 200
    cycle = reverse("strategy:cycle", args=[p.cycle.pk])
    response = client.get(cycle, {"team": "abc", "fpage": "zzz", "page": "x"})
    assert response.status_code == 200
    assert p.search.name in response.content.decode()
    planning = client.get(cycle, {"team": p.search.pk}).content.decode()
    assert f"Plan {p.search.name} for {p.cycle.name}" in planning
