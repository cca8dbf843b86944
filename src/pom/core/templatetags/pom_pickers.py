"""``{% picker %}``: a picker (core/pickers.py) on a page form that is not a Django form — a list
filter, a row's action::

    {% load pom_pickers %}
    {% picker "teams" name="team" value=filters.team label="Team" empty_label="Any team" %}

``key`` tells apart the pickers of a list's rows (``key=row.pk``). It reads the no-JavaScript "Find" (``?pick=…&team_q=…``) from the request, like the form field.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from pom.core import pickers

register = template.Library()


@register.simple_tag(takes_context=True)
def picker(
    context: dict[str, Any],
    kind: str,
    *,
    name: str,
    value: Any = None,
    label: str = "",
    hide_label: bool = False,
    id: str = "",
    key: Any = "",
    multiple: bool = False,
    empty_label: str | None = None,
    placeholder: str = "",
    **scope: Any,
) -> SafeString:
    request = context["request"]
    data = request.POST if request.method == "POST" else request.GET
    return pickers.draw(
        request.membership,
        kind,
        name=name,
        html_id=(id or f"id_{name}") + (f"-{key}" if key else ""),
        value=value,
        data=data,
        multiple=multiple,
        scope={k: int(v) for k, v in scope.items() if str(v).isdigit() and int(v) > 0},
        empty_label=empty_label,
        placeholder=placeholder,
        label=label,
        hide_label=hide_label,
    )
