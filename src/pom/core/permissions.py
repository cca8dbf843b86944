"""Who may do what: the one place role checks live, used by pages, the API and the CLI alike.

Every rule is a function of the acting membership (and, where it matters, the object). Pillars
add their rules to ``RULES`` here so that the whole policy can be read in one file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied

from pom.accounts.models import Membership, Role

RANK = {Role.VIEWER: 10, Role.STAKEHOLDER: 20, Role.MEMBER: 30, Role.LEADER: 40, Role.OWNER: 50}

Rule = Callable[[Membership, Any], bool]


def is_owner(membership: Membership, obj: Any = None) -> bool:
    return membership.role == Role.OWNER


def is_leader(membership: Membership, obj: Any = None) -> bool:
    """Leaders and owners: the people who set strategy and manage the organization's shape."""
    return membership.role in (Role.OWNER, Role.LEADER)


def is_any_member(membership: Membership, obj: Any = None) -> bool:
    return True


def is_contributor(membership: Membership, obj: Any = None) -> bool:
    """Anyone who may add input: everyone except read-only viewers."""
    return membership.role != Role.VIEWER


def runs_discovery(membership: Membership, team: Any = None) -> bool:
    """Discovery is the team's own work: its members run it; leaders and owners may step in.

    Without a team (a list page, a new-item form) the question is only whether the role may
    run discovery at all; services ask again with the team the item belongs to.
    """
    if membership.role in (Role.OWNER, Role.LEADER):
        return True
    if membership.role != Role.MEMBER:
        return False
    if team is None:
        return True
    from pom.teams.models import TeamMember

    return (
        TeamMember.objects.for_org(membership.organization_id)
        .filter(team_id=team.pk, person__user_id=membership.user_id)
        .exists()
    )


RULES: dict[str, Rule] = {
    # Organization and people
    "org.view": is_any_member,
    "org.manage": is_owner,
    "members.view": is_any_member,
    "members.manage": is_owner,
    "members.invite": is_leader,
    "audit.view": is_owner,
    "tokens.manage_own": is_any_member,
    # Discovery: everyone reads; the team runs its discovery; stakeholders give input and comment.
    "discovery.view": is_any_member,
    "discovery.edit": runs_discovery,
    "discovery.triage": runs_discovery,
    "discovery.decide": runs_discovery,
    "discovery.decide_for_leadership": is_leader,
    "discovery.input": is_contributor,
    "discovery.comment": is_contributor,
}


def can(membership: Membership | None, action: str, obj: Any = None) -> bool:
    if membership is None:
        return False
    try:
        rule = RULES[action]
    except KeyError:
        raise KeyError(f"No permission rule named {action!r}") from None
    return rule(membership, obj)


def require(membership: Membership | None, action: str, obj: Any = None) -> None:
    if not can(membership, action, obj):
        raise PermissionDenied(f"Your role does not allow this ({action}).")


def assignable_roles(membership: Membership) -> list[Role]:
    """Roles this member may hand out: nobody grants more than they hold; only owners make owners."""
    return [role for role in Role if RANK[role] <= RANK[Role(membership.role)]]
