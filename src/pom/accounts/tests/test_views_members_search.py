"""The members page stays usable for an organization of thousands: search, role filter, pages."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse
from tests.fixtures import World, add_member, make_user


def test_members_page_finds_people_by_name_or_email(world: World) -> None:
    client = world.client("member")
    response = client.get(reverse("accounts:members"), {"q": "carol"})
    content = response.content.decode()
    assert "carol@acme.test" in content
    assert "victor@acme.test" not in content
    assert "1 member matches" in content


def test_members_page_filters_by_role(world: World) -> None:
    response = world.client("member").get(reverse("accounts:members"), {"role": "viewer"})
    content = response.content.decode()
    assert "victor@acme.test" in content
    assert "bob@acme.test" not in content


def test_htmx_search_returns_only_the_member_list(world: World) -> None:
    response = world.client("owner").get(
        reverse("accounts:members"), {"q": "leo"}, headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert "leo@acme.test" in content
    assert "<html" not in content


@override_settings(POM_UI_PAGE_SIZE=3)
def test_members_page_is_paginated(world: World) -> None:
    owner = world.membership("owner")
    for i in range(4):
        add_member(owner, make_user(f"extra{i}@acme.test"), "member")
    client = world.client("owner")
    first = client.get(reverse("accounts:members")).content.decode()
    assert "Page 1 of 3" in first
    third = client.get(reverse("accounts:members"), {"page": 3}).content.decode()
    assert "victor@acme.test" in third


def test_search_with_no_match_says_so(world: World) -> None:
    content = (
        world.client("owner")
        .get(reverse("accounts:members"), {"q": "nobody-like-this"})
        .content.decode()
    )
    assert "Nobody matches" in content


def test_members_page_ignores_a_role_it_does_not_know(world: World) -> None:
    response = world.client("member").get(reverse("accounts:members"), {"role": "zzz"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "victor@acme.test" in content
    assert "bob@acme.test" in content
