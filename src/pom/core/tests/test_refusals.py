"""A refused action says so in words: what was refused and who may do it, on pages, for htmx and
in the API — never a rule's code name."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from tests.fixtures import World

from pom.core.permissions import RULES, WHAT, WHO, refusal

pytestmark = pytest.mark.django_db

CODE = re.compile(r"\b[a-z]+\.[a-z_]+\b")  # "strategy.manage"


def test_every_rule_has_words_for_what_it_allows_and_who_may() -> None:
    assert set(WHAT) == set(RULES)
    assert set(RULES.values()) <= set(WHO)


def test_a_refusal_names_who_may_and_the_members_role(world: World) -> None:
    text = refusal(world.membership("stakeholder"), "strategy.manage")
    assert text == (
        "Only leaders and owners can change the vision, bets, cycles and funding. "
        "You are a stakeholder here."
    )
    assert not CODE.search(text)


def test_a_refused_page_explains_itself_in_words(world: World) -> None:
    response = world.client("member").get(reverse("core:audit_log"))
    assert response.status_code == 403
    text = " ".join(response.content.decode().split())
    assert "Only owners of the organization can read the audit log. You are a member here." in text
    assert "audit.view" not in text
    assert "<html" in text  # the whole page, with its navigation


def test_a_refused_htmx_request_gets_only_the_sentence(world: World) -> None:
    response = world.client("member").get(reverse("core:audit_log"), headers={"HX-Request": "true"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "<html" not in html
    assert 'role="alert"' in html
    assert "Only owners of the organization can read the audit log." in html


def test_a_refused_api_call_says_who_may(world: World) -> None:
    response = world.api("viewer").post(
        "/api/v1/strategy/bets", data={"title": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    detail = str(response.json())
    assert "Only leaders and owners can" in detail
    assert "strategy.manage" not in detail
