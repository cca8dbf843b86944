"""The "is it working" page: the five signs computed from the other pillars' records."""

from __future__ import annotations

from django.http import HttpResponse

from pom.core.web import PomRequest, member_view
from pom.transformation import signs
from pom.transformation.views.common import kept_page


@member_view("transformation.view")
def index(request: PomRequest) -> HttpResponse:
    return kept_page(
        request, signs.cached, name="signs", key="s", fresh="The signs are computed afresh."
    )
