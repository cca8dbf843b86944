"""Experiments pages read their filters through pom.core.filters: a value that does not parse
leaves the list unfiltered, and the page still answers."""

import pytest

from pom.experiments.tests import helpers as h

pytestmark = pytest.mark.django_db


def test_board_and_map_filters_that_do_not_parse_leave_the_lists_unfiltered(world):
    h.ab_test(world, title="Reorder A/B")
    h.assumption(world)
    client = world.client("viewer")
    board = client.get("/experiments/?team=abc&overdue=maybe")
    assert board.status_code == 200 and b"Reorder A/B" in board.content
    garbage = "?solution=abc&outcome=-1&team=x&risk=zzz&risky=maybe"
    page = client.get("/experiments/map/" + garbage)
    assert page.status_code == 200 and "one click" in page.content.decode()


def test_new_forms_are_prefilled_from_ids_and_ignore_the_rest(world):
    a = h.assumption(world)
    client = world.client("member")
    form = client.get(f"/experiments/tests/new/?team={a.solution.team_id}&assumption={a.pk}")
    assert form.status_code == 200
    html = form.content.decode()
    assert f'type="checkbox" name="assumptions" value="{a.pk}" checked' in html
    assert f'type="radio" name="team" value="{a.solution.team_id}" checked' in html
    odd = client.get("/experiments/tests/new/?team=abc&assumption=x&assumption=-2")
    assert odd.status_code == 200
    assert client.get("/experiments/assumptions/new/?solution=abc").status_code == 200
