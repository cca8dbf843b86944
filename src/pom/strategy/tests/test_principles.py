"""Product principles: leaders keep them in order, everyone reads them, decisions cite them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from tests.query_counts import count_queries

from pom.discovery import services as discovery
from pom.discovery.tests import helpers as h
from pom.strategy import queries, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def leo(world: Any) -> Any:
    return world.membership("leader")


def texts(actor: Any) -> list[str]:
    return [p.text for p in queries.principles_with_counts(actor)]


def text(response: Any) -> str:
    """The page as a reader sees it: tags dropped, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_leaders_add_insert_move_reorder_and_delete_keeping_positions_whole(leo: Any) -> None:
    a = services.create_principle(leo, text="Clarity over features", rationale="Less to learn")
    b = services.create_principle(leo, text="Customers own their data")
    c = services.create_principle(leo, text="Fast beats perfect", position=1)
    assert texts(leo) == ["Fast beats perfect", "Clarity over features", "Customers own their data"]
    services.move_principle(leo, b, -1)
    assert texts(leo) == ["Fast beats perfect", "Customers own their data", "Clarity over features"]
    services.reorder_principles(leo, [a.pk, b.pk, c.pk])
    assert texts(leo) == ["Clarity over features", "Customers own their data", "Fast beats perfect"]
    services.update_principle(leo, c, text="Fast beats perfect, usually", position=1)
    assert texts(leo)[0] == "Fast beats perfect, usually"
    services.delete_principle(leo, a)
    assert [p.position for p in queries.principles_with_counts(leo)] == [1, 2]


def test_bad_input_names_the_field(leo: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        services.create_principle(leo, text="   ")
    assert "text" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.create_principle(leo, text="Ok", position=5000)
    assert "position" in refused.value.message_dict
    a = services.create_principle(leo, text="One")
    with pytest.raises(ValidationError) as refused:
        services.reorder_principles(leo, [a.pk, a.pk])
    assert "order" in refused.value.message_dict
    assert texts(leo) == ["One"]


def test_members_read_but_do_not_manage(world: Any, leo: Any) -> None:
    bob = world.membership("member")
    with pytest.raises(PermissionDenied):
        services.create_principle(bob, text="Mine")
    services.create_principle(leo, text="Clarity over features")
    page = text(world.client("viewer").get(reverse("strategy:principles")))
    assert "Clarity over features" in page and "Add a principle" not in page


def test_the_page_counts_how_often_decisions_cite_each(world: Any, leo: Any) -> None:
    clarity = services.create_principle(leo, text="Clarity over features")
    services.create_principle(leo, text="Customers own their data")
    for title in ("One plan, not three", "No settings page"):
        discovery.record_decision(leo, title=title, principles=[clarity.pk])
    page = text(world.client("leader").get(reverse("strategy:principles")))
    assert "Clarity over features cited by 2 decisions" in page
    assert "Customers own their data cited by 0 decisions" in page
    log = text(
        world.client("leader").get(reverse("discovery:decisions") + f"?principle={clarity.pk}")
    )
    assert "One plan, not three" in log and "No settings page" in log


def test_a_decision_cites_only_its_own_organizations_principles(world: Any, leo: Any) -> None:
    theirs = services.create_principle(world.membership("outsider_owner"), text="Theirs")
    with pytest.raises(ValidationError) as refused:
        discovery.record_decision(leo, title="Borrowed", principles=[theirs.pk])
    assert "principles" in refused.value.message_dict


def test_the_page_form_refuses_with_the_field_named(world: Any) -> None:
    response = world.client("leader").post(reverse("strategy:principles"), {"text": ""})
    assert response.status_code == 400 and "This field is required." in text(response)


def test_the_list_runs_a_fixed_number_of_queries(world: Any, leo: Any) -> None:
    principles = [services.create_principle(leo, text=f"Principle {i}") for i in range(25)]
    team = h.team(world)
    for i in range(20):
        discovery.record_decision(
            leo, title=f"Decision {i}", team=team, principles=[p.pk for p in principles[:3]]
        )
    # Session, user, memberships (the page), the principles with their counts in one query.
    assert count_queries(world.client("leader"), reverse("strategy:principles")) == 4
    assert count_queries(world.api("leader"), "/api/v1/strategy/principles") == 3
