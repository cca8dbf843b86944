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


def is_leader_or_on_team(membership: Membership, team: Any = None) -> bool:
    """Leaders and owners edit any team; members edit the teams they are on (as a person)."""
    if is_leader(membership):
        return True
    if membership.role != Role.MEMBER or team is None:
        return False
    from pom.teams.queries import is_on_team

    return is_on_team(membership, team)


def is_team_worker(membership: Membership, obj: Any = None) -> bool:
    """Members, leaders and owners: the people who do and shape team work."""
    return membership.role in (Role.OWNER, Role.LEADER, Role.MEMBER)


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
    from pom.teams.queries import is_on_team

    return is_on_team(membership, team)


def edits_team_outcome(membership: Membership, obj: Any = None) -> bool:
    """Leaders and owners edit any outcome; members edit the outcomes their own team owns.

    ``obj`` is an outcome or a team. Without one the question is only whether the role may
    edit outcomes at all; services ask again with the outcome's team.
    """
    if is_leader(membership):
        return True
    if membership.role != Role.MEMBER:
        return False
    if obj is None:
        return True
    from pom.strategy.queries import member_owns

    return member_owns(membership, obj)


def checks_in_on_outcome(membership: Membership, obj: Any = None) -> bool:
    """Leaders and owners, and members of the team that owns or committed to the outcome."""
    if is_leader(membership):
        return True
    if membership.role != Role.MEMBER:
        return False
    if obj is None:
        return True
    from pom.strategy.queries import member_works_on

    return member_works_on(membership, obj)


def speaks_for_team(membership: Membership, team: Any = None) -> bool:
    """The team's own people answer for it ("we…"): members, leaders and owners who are on it.

    Without a team the question is only whether the role may answer for a team at all.
    """
    if membership.role not in (Role.OWNER, Role.LEADER, Role.MEMBER):
        return False
    if team is None:
        return True
    from pom.teams.queries import is_on_team

    return is_on_team(membership, team)


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
    # Experiments: everyone reads assumptions and tests; a team's members (and leaders) run them.
    "experiments.view": is_any_member,
    "experiments.edit": runs_discovery,
    # Delivery: everyone reads; a team's members (and leaders) log its releases.
    "delivery.view": is_any_member,
    "delivery.edit": runs_discovery,
    "delivery.ingest": is_leader,  # pipeline sources and their secrets, repository → team maps
    # Culture: everyone reads the rituals; a team's members (and leaders) prepare and hold its own.
    "culture.view": is_any_member,
    "culture.run": runs_discovery,
    "culture.review": is_leader,
    "culture.notifications": is_leader,  # the chat webhook and everyone's deliveries
    # Teams: everyone reads; leaders shape the organization; members edit their own teams.
    "teams.view": is_any_member,
    "teams.create": is_leader,
    "teams.edit": is_leader_or_on_team,
    "teams.archive": is_leader,
    "teams.areas": is_leader,
    "teams.people": is_team_worker,
    "teams.people_delete": is_leader,
    # Linking a person to an account says who edits that person's teams: an identity decision.
    "teams.link_account": is_leader,
    "teams.import": is_leader,
    "teams.settings": is_leader,
    # Metrics: everyone reads; leaders connect data sources; members define and refresh metrics.
    "metrics.view": is_any_member,
    "metrics.sources": is_leader,
    "metrics.edit": is_team_worker,
    # Strategy: leaders set vision, bets, cycles and funding; teams own their outcomes and
    # check-ins; stakeholders comment; everyone reads.
    "strategy.view": is_any_member,
    "strategy.manage": is_leader,
    "strategy.outcome": edits_team_outcome,
    "strategy.check_in": checks_in_on_outcome,
    "strategy.comment": is_contributor,
    # Transformation: everyone reads how the journey goes; leaders run it.
    "transformation.view": is_any_member,
    "transformation.manage": is_leader,
    "transformation.hunger": speaks_for_team,
}


# A refusal says in words what was refused and who may do it, never a rule's code name.
WHO: dict[Rule, str] = {
    is_owner: "owners of the organization",
    is_leader: "leaders and owners",
    is_any_member: "members of the organization",
    is_contributor: "everyone in the organization except viewers",
    is_leader_or_on_team: "the team's own members, and leaders and owners",
    is_team_worker: "members, leaders and owners",
    runs_discovery: "the team's own members, and leaders and owners",
    edits_team_outcome: "members of the team that owns the outcome, and leaders and owners",
    checks_in_on_outcome: "members of the teams working on the outcome, and leaders and owners",
    speaks_for_team: "the team's own people",
}

WHAT: dict[str, str] = {
    "org.view": "see this organization",
    "org.manage": "change the organization's settings",
    "members.view": "see the organization's members",
    "members.manage": "change members' roles or remove members",
    "members.invite": "invite people",
    "audit.view": "read the audit log",
    "tokens.manage_own": "manage API tokens",
    "discovery.view": "see discovery",
    "discovery.edit": "change a team's discovery work (touchpoints, insights, the tree)",
    "discovery.triage": "triage stakeholder input",
    "discovery.decide": "record a team's decisions",
    "discovery.decide_for_leadership": "record leadership decisions",
    "discovery.input": "give input",
    "discovery.comment": "comment",
    "experiments.view": "see assumptions and tests",
    "experiments.edit": "change a team's assumptions and tests",
    "delivery.view": "see delivery",
    "delivery.edit": "log a team's releases",
    "delivery.ingest": "set up delivery pipelines and their secrets",
    "culture.view": "see the rituals",
    "culture.run": "prepare and hold a team's rituals",
    "culture.review": "run portfolio reviews",
    "culture.notifications": "set up the chat webhook and deliveries",
    "teams.view": "see teams",
    "teams.create": "create teams",
    "teams.edit": "change this team",
    "teams.archive": "archive or restore teams",
    "teams.areas": "change product areas",
    "teams.people": "add and change people",
    "teams.people_delete": "delete people",
    "teams.link_account": "link a person to an account",
    "teams.import": "import teams",
    "teams.settings": "change the teams settings",
    "metrics.view": "see metrics",
    "metrics.sources": "connect and change data sources",
    "metrics.edit": "define and refresh metrics",
    "strategy.view": "see the strategy",
    "strategy.manage": "change the vision, bets, cycles and funding",
    "strategy.outcome": "change this outcome",
    "strategy.check_in": "check in on this outcome",
    "strategy.comment": "comment",
    "transformation.view": "see the transformation",
    "transformation.manage": "run the transformation",
    "transformation.hunger": "answer for a team",
}


def refusal(membership: Membership | None, action: str, obj: Any = None) -> str:
    """The sentence a refused member reads: what they tried, who may do it, and their role."""
    who = WHO[RULES[action]]
    from pom.teams.models import Team

    if isinstance(obj, Team):
        who = who.replace("the team's own", f"{obj.name}'s own")
    what = WHAT[action]
    if membership is None:
        return f"Only {who} can {what}."
    role = Role(membership.role).label.lower()
    return f"Only {who} can {what}. You are {_article(role)} {role} here."


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


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
        raise PermissionDenied(refusal(membership, action, obj))


def assignable_roles(membership: Membership) -> list[Role]:
    """Roles this member may hand out: nobody grants more than they hold; only owners make owners."""
    return [role for role in Role if RANK[role] <= RANK[Role(membership.role)]]
