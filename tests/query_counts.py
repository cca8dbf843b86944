"""The one way tests pin the number of queries a page or endpoint runs.

::

    assert count_queries(client, "/teams/") == 8          # one GET, after a warm-up GET
    assert queries_of(lambda: client.post(url, data)) == 5

Pin the exact count on an organization with enough rows (hundreds, so an N+1 would show), and
let the count not depend on the number of rows. Every count includes the tenant middleware's
reads (session, user, memberships).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_of(fetch: Callable[[], Any], *, status: int = 200) -> int:
    """The queries ``fetch()`` runs; its response must have ``status``."""
    with CaptureQueriesContext(connection) as captured:
        response = fetch()
    assert response.status_code == status, response.content[:300]
    return len(captured)


def count_queries(client: Any, url: str, *, warm: bool = True) -> int:
    """The queries one GET of ``url`` runs, after a warm-up GET (the session, a token's last use)."""
    if warm:
        client.get(url)
    return queries_of(lambda: client.get(url))
