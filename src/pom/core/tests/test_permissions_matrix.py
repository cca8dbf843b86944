"""Core pages (home, pillar placeholders, audit log, health, API docs), as every persona."""

from __future__ import annotations

from tests.matrix import OWNERS, PUBLIC, matrix_test, page, page_for, page_read

CASES = [
    page("GET", "core:home", page_read()),
    page("GET", "core:pillar", page_read(), args=lambda w: ["strategy"]),
    page("GET", "core:audit_log", page_for(*OWNERS)),
    page("GET", "core:healthz", PUBLIC),
    *[
        page(
            "GET",
            "core:pick",
            page_read(),
            args=lambda w, k=kind: [k],
            data={"q": "a"},
            name=f"GET core:pick {kind}",
        )
        for kind in (
            "teams",
            "people",
            "solutions",
            "opportunities",
            "decisions",
            "inputs",
            "outcomes",
            "metrics",
        )
    ],
    page("GET", "api-1.0.0:openapi-json", PUBLIC),
    page("GET", "api-1.0.0:openapi-view", PUBLIC),
]

test_matrix = matrix_test(CASES)
