"""The touchpoint heatmap row of the discovery overview, built in one call per team.

Fifty teams of twelve weeks are six hundred cells; each as template tags and a localised date
filter cost more than all the page's queries together (about 40 ms at a page of teams).
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from pom.discovery.figures import Cadence

register = template.Library()


@register.simple_tag
def heat_row(cadence: Cadence) -> SafeString:
    """``<span class="heat-row">`` with a cell a week (shade 0–3), each titled with its week."""
    cells = format_html_join(
        "",
        '<span class="heat heat-{}" title="Week of {} {}: {}"></span>',
        (
            (min(cell.count, 3), cell.start.strftime("%b"), cell.start.day, cell.count)
            for cell in cadence.heatmap
        ),
    )
    return format_html(
        '<span class="heat-row" aria-label="{} of {} weeks with a touchpoint">{}</span>',
        cadence.covered,
        cadence.weeks,
        cells,
    )
