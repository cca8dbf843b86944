"""What every strategy page shares: the permission flags in the context.

Lookups and one-button actions come from the core toolkit (``core.lookup.get_for_member``,
``core.web.act``), as on every other pillar's pages."""

from __future__ import annotations

from typing import Any

from pom.core.permissions import can
from pom.core.web import PomRequest


def _ctx(request: PomRequest, **extra: Any) -> dict[str, Any]:
    actor = request.membership
    return {
        "active": "strategy",
        "can_manage": can(actor, "strategy.manage"),
        "can_outcome": can(actor, "strategy.outcome"),
        "can_comment": can(actor, "strategy.comment"),
        **extra,
    }
