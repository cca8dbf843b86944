"""Ranked bets are real: a bet that breaks an error rule cannot be made active, through the API
or the page, and the message names the bet by its title."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pom.strategy import services
from pom.strategy.models import BetStatus, StrategicBet


def send(client: Any, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def _active(world: Any) -> list[str]:
    return list(
        StrategicBet.objects.for_org(world.org_a)
        .filter(status=BetStatus.ACTIVE)
        .values_list("title", flat=True)
    )


def test_an_active_bet_without_trade_offs_is_refused_through_the_api(world: Any) -> None:
    response = send(world.api("leader"), "post", "/api/v1/strategy/bets", {"title": "Win clinics"})
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["field"] == "tradeoffs"
    assert error["message"].startswith("“Win clinics” cannot be active: no trade-offs")
    assert _active(world) == []
    paused = send(
        world.api("leader"),
        "post",
        "/api/v1/strategy/bets",
        {"title": "Win clinics", "status": "paused"},
    )
    assert paused.status_code == 201


def test_the_bet_form_refuses_an_active_bet_without_trade_offs(world: Any) -> None:
    client = world.client("leader")
    response = client.post(
        reverse("strategy:bet_create"), {"title": "Win clinics", "status": "active", "rank": ""}
    )
    assert response.status_code == 400
    assert "“Win clinics” cannot be active: no trade-offs" in response.content.decode()
    assert _active(world) == []


def test_more_active_bets_than_the_limit_is_refused_naming_the_bet(world: Any) -> None:
    leader = world.membership("leader")
    for title in ("A", "B", "C"):
        services.create_bet(leader, title=f"Win {title}", tradeoffs="Less elsewhere")
    fourth = services.create_bet(
        leader, title="Win dentists", tradeoffs="No retail", status="paused"
    )
    response = send(
        world.api("leader"),
        "patch",
        f"/api/v1/strategy/bets/{fourth.pk}",
        {"status": "active"},
    )
    assert response.status_code == 400
    message = response.json()["errors"][0]["message"]
    assert message.startswith("“Win dentists” cannot be made active: 3 bets are active already")
    assert str(fourth.pk) not in message
    page = world.client("leader").post(
        reverse("strategy:bet", args=[fourth.pk]),
        {"title": "Win dentists", "tradeoffs": "No retail", "status": "active"},
    )
    assert page.status_code == 400
    assert "“Win dentists” cannot be made active" in page.content.decode()
    fourth.refresh_from_db()
    assert fourth.status == BetStatus.PAUSED and fourth.rank is None


def test_two_active_bets_never_share_a_rank(world: Any) -> None:
    leader = world.membership("leader")
    services.create_bet(leader, title="Win SMBs", tradeoffs="No enterprise", rank=1)
    second = services.create_bet(leader, title="Win clinics", tradeoffs="No retail")
    response = send(world.api("leader"), "patch", f"/api/v1/strategy/bets/{second.pk}", {"rank": 1})
    assert response.status_code == 400
    assert "“Win SMBs”" in response.json()["errors"][0]["message"]
    second.refresh_from_db()
    assert second.rank == 2


def test_an_active_bet_cannot_lose_its_trade_offs(world: Any) -> None:
    leader = world.membership("leader")
    bet = services.create_bet(leader, title="Win SMBs", tradeoffs="No enterprise")
    with pytest.raises(ValidationError) as caught:
        services.update_bet(leader, bet, tradeoffs="  ")
    assert "tradeoffs" in caught.value.message_dict
    bet.refresh_from_db()
    assert bet.tradeoffs == "No enterprise"
