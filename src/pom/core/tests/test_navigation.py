"""Every pillar's section row comes from core.navigation and offers only what the role may open."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from tests.fixtures import World

from pom.core.navigation import SECTIONS


def _sections(html: str, label: str) -> list[str]:
    nav = re.search(rf'<nav class="subnav" aria-label="{label}">(.*?)</nav>', html, re.S)
    assert nav, f"no {label!r} section navigation"
    return [re.sub(r"\s+", " ", t).strip() for t in re.findall(r"<a [^>]*>(.*?)</a>", nav[1])]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("leader", ["Overview", "Releases", "Import", "Setup"]),
        ("member", ["Overview", "Releases", "Import"]),
        ("viewer", ["Overview", "Releases"]),
    ],
)
def test_the_delivery_row_offers_import_and_setup_only_to_who_may_open_them(
    world: World, persona: str, expected: list[str]
) -> None:
    page = world.client(persona).get("/delivery/")
    assert page.status_code == 200
    assert _sections(page.content.decode(), "Delivery") == expected
    for section in SECTIONS["delivery"].sections:
        if section.label in expected:
            continue
        assert world.client(persona).get(reverse(section.url_name)).status_code == 403


def test_the_current_section_is_marked_and_the_pillar_rows_share_one_template(
    world: World,
) -> None:
    html = world.client("viewer").get("/culture/learnings/").content.decode()
    assert _sections(html, "Culture") == [
        "Demos",
        "Learning log",
        "Portfolio reviews",
        "Ritual calendar",
        "Notifications",
    ]
    assert re.search(r'<a href="/culture/learnings/"\s+aria-current="page">Learning log</a>', html)
    assert "Import" not in _sections(
        world.client("viewer").get("/teams/").content.decode(), "Teams"
    )
    assert "Import" in _sections(world.client("leader").get("/teams/").content.decode(), "Teams")
