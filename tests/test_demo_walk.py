"""A new user trying the demo: every page reachable by following links answers, for every role.

The demo organization is loaded the way ``pom demo`` loads it; each demo person signs in and
follows every link on every page they can reach (up to a few pages per URL pattern, so that a
thousand outcomes do not make a thousand visits). No page may answer a server error, and every
page is a whole document with a heading.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

from pom.accounts.models import User
from pom.core.management.commands.demo import DEMO_USERS, Command

HREF = re.compile(r"""href="([^"#]*)(?:#[^"]*)?\"""")
# Links that end the session or leave the app; downloads are followed (a GET must never fail).
SKIP = ("/accounts/logout", "/static/", "/admin/", "/api/v1/docs", "/media/")
PER_PATTERN = 2
# The owner sees (nearly) everything; the other roles walk fewer pages of the same patterns.
MAX_PAGES = {"owner": 250}
OTHERS = 100


def _links(html: str, base: str) -> list[str]:
    found = []
    for href in HREF.findall(html):
        url = urljoin(base, href.replace("&amp;", "&"))
        parts = urlsplit(url)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith("/") and not path.startswith(SKIP):
            found.append(path)
    return found


def _pattern(path: str) -> str:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return path
    query = urlsplit(path).query
    keys = ",".join(sorted(p.split("=")[0] for p in query.split("&") if p))
    return f"{match.route}?{keys}"


def walk(client: Client, max_pages: int) -> tuple[int, list[str]]:
    seen: set[str] = set()
    per_pattern: Counter[str] = Counter()
    queue = deque(["/"])
    problems: list[str] = []
    visited = 0
    while queue and visited < max_pages:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        pattern = _pattern(path)
        if per_pattern[pattern] >= PER_PATTERN:
            continue
        per_pattern[pattern] += 1
        response = client.get(path)
        visited += 1
        if response.status_code >= 500:
            problems.append(f"{response.status_code} {path}")
            continue
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            continue
        content_type = response.get("Content-Type", "")
        if response.status_code != 200 or not content_type.startswith("text/html"):
            continue
        html = response.content.decode()
        if not response.headers.get("HX-Request") and "<h1" not in html and "<html" in html:
            problems.append(f"no heading on {path}")
        queue.extend(_links(html, path))
    return visited, problems


def test_every_demo_page_answers_for_every_role(db: Any) -> None:
    assert Command().load_demo()  # once for all roles: loading the demo is the slow part
    for email, _, role in DEMO_USERS:
        client = Client()
        client.force_login(User.objects.get(email=email))
        visited, problems = walk(client, MAX_PAGES.get(role, OTHERS))
        assert problems == [], email
        assert visited > 30, email  # the walk really went through the product, not one page
