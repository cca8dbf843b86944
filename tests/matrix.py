"""The permission matrix: every page and endpoint, run as every persona, with the status each must get.

A pillar declares its cases once::

    CASES = [
        api("GET", "/api/v1/memberships", read_all()),
        page("POST", "accounts:member_role", owner_only(), args=lambda w: [w.membership("member").pk],
             data={"role": "viewer"}),
    ]
    test_matrix = matrix_test(CASES)

``matrix_test`` turns them into one parametrized test (case × persona) and registers them, so that
``test_every_route_is_in_the_matrix`` can fail when a new URL or API operation has no case.

Personas: anonymous, outsider (member of another organization), viewer, stakeholder, member,
leader, owner. Objects named by a case belong to org A, so the outsider must get 404 for them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import reverse

PERSONAS = ("anonymous", "outsider", "viewer", "stakeholder", "member", "leader", "owner")
ROLE_ORDER = ("viewer", "stakeholder", "member", "leader", "owner")

Codes = dict[str, int]


def codes(
    ok: int = 200,
    denied: int = 403,
    allowed: tuple[str, ...] = ROLE_ORDER,
    *,
    anonymous: int,
    outsider: int,
) -> Codes:
    result = {"anonymous": anonymous, "outsider": outsider}
    for persona in ROLE_ORDER:
        result[persona] = ok if persona in allowed else denied
    return result


# Pages: anonymous visitors are sent to sign in (302).
def page_read(ok: int = 200, outsider: int = 200) -> Codes:
    return codes(ok, anonymous=302, outsider=outsider)


def page_for(*allowed: str, ok: int = 200, outsider: int = 403) -> Codes:
    return codes(ok, allowed=allowed, anonymous=302, outsider=outsider)


# API: anonymous callers get 401.
def api_read(ok: int = 200, outsider: int = 200) -> Codes:
    return codes(ok, anonymous=401, outsider=outsider)


def api_for(*allowed: str, ok: int = 200, outsider: int = 403) -> Codes:
    return codes(ok, allowed=allowed, anonymous=401, outsider=outsider)


LEADERS = ("leader", "owner")
OWNERS = ("owner",)
CONTRIBUTORS = ("stakeholder", "member", "leader", "owner")
TEAM = ("member", "leader", "owner")  # who works on a team's own things
PUBLIC: Codes = dict.fromkeys(PERSONAS, 200)  # pages anyone may open, signed in or not


@dataclass
class Case:
    kind: str  # "page" or "api"
    method: str
    route: str  # URL name for pages, the OpenAPI path for the API
    expected: Codes
    args: Callable[[Any], list[Any]] = field(default=lambda world: [])
    data: Callable[[Any], dict[str, Any]] | dict[str, Any] | None = None
    setup: Callable[[Any], None] | None = None
    name: str = ""

    @property
    def id(self) -> str:
        return self.name or f"{self.method} {self.route}"

    def url(self, world: Any) -> str:
        values = self.args(world)
        if self.kind == "page":
            return reverse(self.route, args=values)
        path = self.route
        for value in values:
            start = path.index("{")
            path = path[:start] + str(value) + path[path.index("}", start) + 1 :]
        return path

    def body(self, world: Any) -> dict[str, Any] | None:
        return self.data(world) if callable(self.data) else self.data

    def run(self, world: Any, persona: str) -> Any:
        if self.setup:
            self.setup(world)
        url = self.url(world)
        body = self.body(world)
        if self.kind == "page":
            client = world.client(persona)
            if self.method == "GET":
                return client.get(url, body or {})
            return client.post(url, body or {})
        client = world.api(persona)
        method = getattr(client, self.method.lower())
        if self.method in ("GET", "DELETE"):
            return method(url, body or {}) if self.method == "GET" else method(url)
        return method(url, data=json.dumps(body or {}), content_type="application/json")


def page(method: str, route: str, expected: Codes, **kwargs: Any) -> Case:
    return Case("page", method, route, expected, **kwargs)


def api(method: str, route: str, expected: Codes, **kwargs: Any) -> Case:
    return Case("api", method, route, expected, **kwargs)


REGISTRY: list[Case] = []


def matrix_test(cases: list[Case]) -> Callable[..., None]:
    """One parametrized test for ``cases`` × every persona."""
    REGISTRY.extend(cases)
    params = [
        pytest.param(case, persona, id=f"{case.id}-{persona}")
        for case in cases
        for persona in PERSONAS
    ]

    @pytest.mark.parametrize(("case", "persona"), params)
    def test_matrix(case: Case, persona: str, world: Any) -> None:
        response = case.run(world, persona)
        expected = case.expected[persona]
        assert response.status_code == expected, (
            f"{case.id} as {persona}: expected {expected}, got {response.status_code}: "
            f"{response.content[:300]!r}"
        )

    return test_matrix
