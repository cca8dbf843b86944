"""Headers and small gaps (issue 15, item 8): a Content-Security-Policy with no inline script, a
Permissions-Policy, control characters refused in API text, JSON only as JSON, a JSON 404 for
any /api/v1/ path no operation answers. (The password-reset rate limit is tested in
accounts/tests/test_token_revocation.py.)"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

import pom
from pom.teams.models import Person

TEMPLATES = sorted(Path(pom.__file__).parent.glob("**/templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I | re.S)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.I | re.S)


def test_every_template_was_found() -> None:
    assert len(TEMPLATES) > 100
    assert any(t.name == "base.html" for t in TEMPLATES)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.name)
def test_no_template_has_inline_script_handlers_or_styles(template: Path) -> None:
    html = template.read_text()
    assert not INLINE_SCRIPT.search(html), "inline <script>: move it into a static file"
    assert not HANDLER.search(html), "on*= handler: use a data- attribute handled in pom.js"
    assert not STYLE_ATTRIBUTE.search(html), "style= attribute: use a class in the app's CSS"


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/", "/api/v1/me", "/api/v1/docs", "/nowhere/"]
)
def test_every_response_carries_the_policies(world: Any, url: str) -> None:
    response = world.client("member").get(url)
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in csp
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_signed_in_page_works_under_the_policy_with_scripts_from_static_only(world: Any) -> None:
    html = world.client("owner").get("/").content.decode()
    assert "data-autosubmit" in html  # the organization switcher, without onchange=
    assert not INLINE_SCRIPT.search(html)
    assert not HANDLER.search(html)


def post(client: Client, url: str, body: Any, content_type: str = "application/json") -> Any:
    return client.post(url, data=json.dumps(body), content_type=content_type)


@pytest.mark.parametrize("bad", ["Dana\x00", "Da\x07na", "Dana\x1b[31m", "Dana\x7f"])
def test_api_text_with_control_characters_is_refused_naming_the_field(world: Any, bad: str) -> None:
    answer = post(
        world.api("leader"), "/api/v1/teams/people", {"name": bad, "email": "d@acme.test"}
    )
    assert answer.status_code == 422
    errors = answer.json()["errors"]
    assert [e["field"] for e in errors] == ["name"]
    assert "control characters" in errors[0]["message"]
    assert not Person.objects.for_org(world.org_a).filter(email="d@acme.test").exists()


def test_tabs_and_line_breaks_are_ordinary_text(world: Any) -> None:
    answer = post(
        world.api("leader"),
        "/api/v1/teams/people",
        {"name": "Dana", "email": "d@acme.test", "title": "Head\tof\r\nProduct"},
    )
    assert answer.status_code == 201


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/octet-stream"]
)
def test_a_json_body_without_a_json_content_type_is_a_415(world: Any, content_type: str) -> None:
    body = {"name": "Dana", "email": "d@acme.test"}
    answer = post(world.api("leader"), "/api/v1/teams/people", body, content_type)
    assert answer.status_code == 415
    assert "application/json" in answer.json()["message"]
    assert answer.json()["errors"][0]["field"] == "body"
    assert not Person.objects.for_org(world.org_a).filter(email="d@acme.test").exists()


@pytest.mark.parametrize(
    "content_type", ["application/json; charset=utf-8", "application/merge-patch+json"]
)
def test_json_content_types_are_accepted(world: Any, content_type: str) -> None:
    body = {"name": "Dana", "email": "d@acme.test"}
    answer = post(world.api("leader"), "/api/v1/teams/people", body, content_type)
    assert answer.status_code == 201


@pytest.mark.parametrize(
    "path", ["/api/v1/nothing", "/api/v1/nothing/", "/api/v1/teams/x/y/z", "/api/v1/"]
)
def test_an_unknown_api_route_answers_json_404(world: Any, path: str) -> None:
    for client in (Client(), world.api("member")):
        answer = client.get(path)
        assert answer.status_code == 404
        assert answer["Content-Type"].startswith("application/json")
        assert path in answer.json()["message"]
