"""The clarity pulse's pages and endpoints read in a fixed number of queries, however many
people were asked and answered."""

from __future__ import annotations

from typing import Any

import pytest
from tests.query_counts import count_queries

from pom.teams.models import Person
from pom.transformation.models import PulseAnswer, PulseInvite
from pom.transformation.tests import helpers as h

pytestmark = pytest.mark.django_db

WORDINGS = (
    ["Faster payouts", "The mobile app", "Hire more engineers"],
    ["get paid faster", "Team morale"],
    ["self-serve for small businesses in Europe"],
    ["Launch in Lyon", "Pass the SOC 2 audit", "mobile first"],
)


def grow(world: Any, pulse: Any, teams: list[Any], n: int) -> None:
    """``n`` more people asked and answered, spread over the teams and roles."""
    roles = ("engineer", "product_manager", "product_designer", "")
    start = Person.objects.for_org(world.org_a).count()
    people = Person.objects.bulk_create(
        Person(organization=world.org_a, name=f"Grown {start + i}", email=f"g{start + i}@acme.test")
        for i in range(n)
    )
    invites, answers = [], []
    for i, person in enumerate(people):
        team = teams[i % len(teams)]
        role = roles[i % len(roles)]
        invites.append(
            PulseInvite(
                organization=world.org_a,
                pulse=pulse,
                person=person,
                email=person.email,
                team=team if role else None,
                role=role,
                answered=True,
            )
        )
        answers.append(
            PulseAnswer(
                organization=world.org_a,
                pulse=pulse,
                team=team if role else None,
                role=role,
                priorities=WORDINGS[i % len(WORDINGS)] + [f"Idea {i}"][: i % 2],
            )
        )
    PulseInvite.objects.bulk_create(invites)
    PulseAnswer.objects.bulk_create(answers)


@pytest.mark.parametrize(
    "url",
    [
        "/transformation/clarity/{pk}/",
        "/api/v1/transformation/clarity/pulses/{pk}",
        "/transformation/clarity/",
        "/api/v1/transformation/clarity/pulses",
        "/transformation/",
    ],
)
def test_the_report_and_lists_do_not_grow_with_answers(world, url):
    h.strategy(world)
    teams = [h.crew(world, f"Team {n}", 1) for n in range(8)]
    pulse = h.pulse(world)
    grow(world, pulse, teams, 10)
    client = world.client("leader")
    few = count_queries(client, url.format(pk=pulse.pk))
    grow(world, pulse, teams, 300)
    h.pulse(world, title="Second")
    assert count_queries(client, url.format(pk=pulse.pk)) == few
