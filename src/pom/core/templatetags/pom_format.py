"""Formatting every page shares, loaded as a template builtin (no ``{% load %}`` needed).

``{{ value|share }}`` writes a share (0–1) as "62 %". ``{{ value|day }}`` shows a date the one way pom writes dates (2026-01-05) inside a ``<time>``
that never wraps at its hyphens, so a narrow table column does not break it over two lines.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def day(value: Any) -> SafeString | str:
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if not isinstance(value, date):
        return ""
    text = value.isoformat()
    return format_html('<time class="date" datetime="{}">{}</time>', text, text)


@register.filter
def share(value: float | None) -> str:
    """A share from 0 to 1 written as a whole percentage ("62 %"); "—" when there is none."""
    if value is None or value == "":
        return "—"
    return f"{round(float(value) * 100)} %"
