"""The request's organization: which membership a user is acting through."""

from __future__ import annotations

from typing import Any

from pom.accounts.models import Membership


def memberships_of(user: Any) -> list[Membership]:
    """Every organization the user belongs to, by name (one query; also feeds the switcher)."""
    return list(
        Membership.objects.filter(user=user)
        .unscoped()
        .select_related("organization")
        .order_by("organization__name")
    )


def pick_membership(
    user: Any, memberships: list[Membership], org_id: Any = None
) -> Membership | None:
    """The membership for ``org_id`` if the user has one, else their last organization, else the first."""
    by_org = {m.organization_id: m for m in memberships}
    for candidate in (org_id, user.last_organization_id):
        try:
            chosen = by_org.get(int(candidate)) if candidate is not None else None
        except (TypeError, ValueError):
            chosen = None
        if chosen:
            return chosen
    return memberships[0] if memberships else None
