"""What every transformation page shares."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from pom.core.web import PomRequest, render_page


def render(
    request: PomRequest, template: str, context: dict[str, Any], **kwargs: Any
) -> HttpResponse:
    return render_page(request, template, {"active": "transformation", **context}, **kwargs)
