"""Transformation lists read their filters through pom.core.filters: a value that does not parse
leaves the list unfiltered, and the page still answers."""

import pytest

from pom.transformation.services import rollout
from pom.transformation.tests import helpers as h

pytestmark = pytest.mark.django_db


def test_the_resistance_log_ignores_a_kind_or_status_it_does_not_know(world):
    rollout.log_objection(
        h.leader(world), kind="no_time", raised_by="tech lead", statement="We ship weekly."
    )
    response = world.client("viewer").get("/transformation/resistance/?kind=zzz&status=abc")
    assert response.status_code == 200 and "We ship weekly." in response.content.decode()


def test_the_pilot_board_search_is_cut_to_a_hundred_characters(world):
    h.pilot_team(world, "Checkout")
    response = world.client("viewer").get("/transformation/pilots/?q=" + "checkout" + " " * 200)
    assert response.status_code == 200 and "Checkout" in response.content.decode()
