from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from pom.core.navigation import PILLARS
from pom.core.permissions import can


def tenant(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    return {
        "membership": membership,
        "organization": getattr(request, "organization", None),
        "memberships": getattr(request, "memberships", []),
        "pillars": PILLARS,
        "can_view_audit": can(membership, "audit.view"),
        "can_manage_org": can(membership, "org.manage"),
    }
