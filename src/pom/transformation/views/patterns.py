"""The anti-patterns page: what the data shows going wrong in the transformation, with evidence."""

from __future__ import annotations

from django.http import HttpResponse

from pom.core.web import PomRequest, member_view
from pom.transformation import pattern_facts
from pom.transformation.views.common import kept_page


@member_view("transformation.view")
def index(request: PomRequest) -> HttpResponse:
    return kept_page(
        request,
        pattern_facts.cached,
        name="patterns",
        key="scan",
        fresh="The anti-patterns are scanned afresh.",
    )
