"""Every transformation page and endpoint, as every persona.

Everyone in the organization reads how the journey goes; leaders and owners run it. Mallory
(another organization) gets 404 for anything of org A and 403 when she tries to run it in hers.
"""

from __future__ import annotations

from typing import Any

from tests.matrix import LEADERS, api, api_for, api_read, matrix_test, page, page_for, page_read

from pom.transformation.tests import helpers as h


def assessment_id(w: Any) -> list[int]:
    return [h.assessment(w).pk]


FORM = {"assessed_on": "2026-01-10", "ceo_belief": 4, "coaching_capacity": 1}
BODY = {"assessed_on": "2026-01-10", "ceo_belief": 4, "coaching_capacity": 1}

CASES = [
    page("GET", "transformation:index", page_read()),
    page("GET", "transformation:readiness", page_read()),
    page("POST", "transformation:readiness", page_for(*LEADERS, ok=302), data=FORM),
    page("GET", "transformation:assessment", page_read(outsider=404), args=assessment_id),
    api("GET", "/api/v1/transformation/readiness", api_read()),
    api("POST", "/api/v1/transformation/readiness", api_for(*LEADERS, ok=201), data=BODY),
    api(
        "GET",
        "/api/v1/transformation/readiness/{assessment_id}",
        api_read(outsider=404),
        args=assessment_id,
    ),
]

test_matrix = matrix_test(CASES)
