"""``{% subnav "teams" "people" %}``: a pillar's section navigation, from ``core.navigation.SECTIONS``."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from pom.core.navigation import SECTIONS
from pom.core.permissions import can

register = template.Library()


@register.inclusion_tag("includes/subnav.html", takes_context=True)
def subnav(context: dict[str, Any], pillar: str, section: str | None = None) -> dict[str, Any]:
    """The row of ``pillar``'s sections, ``section`` (or the page's ``section``) marked current.

    A section with a permission shows only to the members it allows (``membership`` of the page).
    """
    nav = SECTIONS[pillar]
    current = section if section is not None else context.get("section", "")
    membership = context.get("membership")
    return {
        "label": nav.label,
        "links": [
            (reverse(s.url_name), s.label, bool(s.key) and s.key == current)
            for s in nav.sections
            if s.permission is None or can(membership, s.permission)
        ],
    }
