"""Editing a touchpoint and its insights from their pages; linking insights from the touchpoint."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.urls import reverse
from tests.fixtures import World

from pom.discovery import services
from pom.discovery.models import Insight, Touchpoint
from pom.discovery.tests import helpers as h

pytestmark = pytest.mark.django_db


def logged(world: World) -> Touchpoint:
    team = h.team(world)
    return services.record_touchpoint(
        world.membership("member"),
        team=team,
        happened_on=h.days_ago(4),
        customer_name="Ann Lee",
        insights=[
            {"text": "Exports take forever"},
            {"text": "Keeps a spreadsheet", "kind": "observation"},
        ],
    )


def text(response: Any) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def test_the_edit_form_starts_from_the_touchpoint(world: World) -> None:
    tp = logged(world)
    response = world.client("member").get(reverse("discovery:touchpoint_edit", args=[tp.pk]))
    assert response.status_code == 200
    assert 'value="Ann Lee"' in response.content.decode()
    assert "Save touchpoint" in text(response)


def test_a_date_in_the_future_is_refused_on_its_field_and_changes_nothing(world: World) -> None:
    tp = logged(world)
    response = world.client("member").post(
        reverse("discovery:touchpoint_edit", args=[tp.pk]),
        {"happened_on": str(h.days_ago(-30)), "kind": "interview", "company": "Globex"},
    )
    assert response.status_code == 400
    assert "future" in text(response).lower()
    tp.refresh_from_db()
    assert tp.company == "" and tp.happened_on == h.days_ago(4)


def test_saving_keeps_the_insights_and_changes_the_fields(world: World) -> None:
    tp = logged(world)
    response = world.client("member").post(
        reverse("discovery:touchpoint_edit", args=[tp.pk]),
        {"happened_on": str(h.days_ago(2)), "kind": "usability_test", "company": "Globex"},
    )
    assert response.status_code == 302
    tp.refresh_from_db()
    assert (tp.kind, tp.company, tp.happened_on) == ("usability_test", "Globex", h.days_ago(2))
    assert tp.insights.count() == 2


def test_a_stakeholder_is_told_who_may_edit_a_touchpoint(world: World) -> None:
    tp = logged(world)
    response = world.client("stakeholder").get(reverse("discovery:touchpoint_edit", args=[tp.pk]))
    assert response.status_code == 403
    assert "Only Checkout's own members, and leaders and owners can" in text(response)
    page = world.client("stakeholder").get(reverse("discovery:touchpoint", args=[tp.pk]))
    assert "Edit touchpoint" not in text(page)
    assert "Link to opportunity" not in text(page)


def test_an_insight_is_edited_and_the_member_returns_to_its_touchpoint(world: World) -> None:
    tp = logged(world)
    quote = tp.insights.get(kind="quote")
    url = reverse("discovery:insight_edit", args=[quote.pk])
    response = world.client("member").post(
        url,
        {
            "text": "Exports take an hour",
            "kind": "observation",
            "tags": "export, speed",
            "observed_on": str(h.days_ago(4)),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("discovery:touchpoint", args=[tp.pk])
    quote.refresh_from_db()
    assert (quote.text, quote.kind, quote.tag_list) == (
        "Exports take an hour",
        "observation",
        ["export", "speed"],
    )


def test_an_empty_insight_is_refused_on_its_field(world: World) -> None:
    tp = logged(world)
    quote = tp.insights.get(kind="quote")
    response = world.client("member").post(
        reverse("discovery:insight_edit", args=[quote.pk]),
        {"text": "  ", "kind": "quote", "observed_on": str(h.days_ago(4))},
    )
    assert response.status_code == 400
    quote.refresh_from_db()
    assert quote.text == "Exports take forever"


def test_a_foreign_next_address_is_not_followed(world: World) -> None:
    tp = logged(world)
    quote = tp.insights.get(kind="quote")
    response = world.client("member").post(
        reverse("discovery:insight_edit", args=[quote.pk]),
        {"text": "x", "kind": "quote", "observed_on": str(h.days_ago(4)), "next": "//evil.test/"},
    )
    assert response["Location"] == reverse("discovery:touchpoint", args=[tp.pk])


def test_the_touchpoint_page_links_its_insights_to_the_teams_opportunities(world: World) -> None:
    tp = logged(world)
    outcome = h.outcome(world, tp.team)
    services.create_opportunity(
        world.membership("member"), outcome=outcome, title="Exports are slow"
    )
    page = world.client("member").get(reverse("discovery:touchpoint", args=[tp.pk]))
    body = text(page)
    assert body.count("Link to opportunity") == 2
    assert "Exports are slow" in body
    assert "Quote" in body and "Observation" in body


def test_deleting_an_insight_keeps_its_touchpoint(world: World) -> None:
    tp = logged(world)
    quote = tp.insights.get(kind="quote")
    response = world.client("member").post(reverse("discovery:insight_delete", args=[quote.pk]))
    assert response.status_code == 302
    assert not Insight.objects.for_org(world.org_a).filter(pk=quote.pk).exists()
    assert Touchpoint.objects.for_org(world.org_a).filter(pk=tp.pk).exists()
