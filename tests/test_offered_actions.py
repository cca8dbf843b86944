"""A member is not offered actions they cannot take: on the demo organization, every form a
member, a stakeholder or a viewer is shown on the pages they reach posts without a 403.

Each role walks the pages it can reach by following links (a few pages per URL pattern); every
form that posts (a plain form or an htmx one) is submitted once per URL pattern with the values
the page filled in, inside a transaction that is rolled back, so the walk sees the demo as it
was. A 403 means the page offered a button its own rules refuse.
"""

from __future__ import annotations

from collections import Counter, deque
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import transaction
from django.test import Client

from pom.accounts.models import User
from pom.core.management.commands.demo import DEMO_USERS, Command
from pom.metrics.tests.helpers import metrics_dir
from tests.test_demo_walk import _links, _pattern

SKIP_POSTS = ("/accounts/logout/", "/accounts/organizations/switch/")
PAGES = 60

# Each test loads the demo's metric files into its own folder (parallel workers share none).
__all__ = ["metrics_dir"]


class Forms(HTMLParser):
    """The posting forms of a page: where each posts, and the values the page filled in."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._current: tuple[str, dict[str, str]] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            target = a.get("hx-post") or (
                a.get("action") if a.get("method", "").lower() == "post" else None
            )
            if a.get("hx-post") or a.get("method", "").lower() == "post":
                self._current = (target or "", {})
                self.forms.append(self._current)
            return
        if self._current is None:
            return
        values = self._current[1]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            values.setdefault(name, a.get("value", ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and (self._select not in values or "selected" in a):
            values[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None
        elif tag == "select":
            self._select = None


def refused_forms(client: Client) -> tuple[int, list[str]]:
    seen: set[str] = set()
    per_pattern: Counter[str] = Counter()
    posted: set[str] = set()
    queue = deque(["/"])
    refused: list[str] = []
    tried = 0
    while queue and len(seen) < PAGES:
        path = queue.popleft()
        pattern = _pattern(path)
        if path in seen or per_pattern[pattern] >= 2:
            continue
        seen.add(path)
        per_pattern[pattern] += 1
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        queue.extend(_links(html, path))
        parser = Forms()
        parser.feed(html)
        for action, values in parser.forms:
            url = urljoin(path, action) if action else path
            target = urlsplit(url).path
            if target.startswith(SKIP_POSTS) or _pattern(target) in posted:
                continue
            posted.add(_pattern(target))
            tried += 1
            with transaction.atomic():
                answer = client.post(url, values)
                transaction.set_rollback(True)
            if answer.status_code == 403:
                refused.append(f"{path} offers a form posting to {target}, which answers 403")
    return tried, refused


@pytest.mark.parametrize("role", ["member", "stakeholder", "viewer"])
def test_no_page_offers_a_role_a_form_it_may_not_post(db: Any, metrics_dir: Any, role: str) -> None:
    assert Command().load_demo()
    email = next(e for e, _, r in DEMO_USERS if r == role)
    client = Client()
    client.force_login(User.objects.get(email=email))
    tried, refused = refused_forms(client)
    assert not refused, "\n".join(refused)
    if role != "viewer":
        assert tried > 5  # the walk really met forms
